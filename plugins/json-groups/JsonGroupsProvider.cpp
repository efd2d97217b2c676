//
// JsonGroupsProvider.cpp
//
// Groups declared in JSON drop-in files: new groups without a compiler.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "DropInFile.h"
#include "JsonGroupsParser.h"
#include "NetworkProbe.h"
#include "ProbeLibrary.h"

#include <labmock/Plugin.h>

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <map>
#include <mutex>

namespace
{

using jsongroups::DropInFile;
using jsongroups::JsonGroupsParser;

/// Reads every *.json file in the directories of `path` (plugins.json-groups.path,
/// which defaults to groups.path); JsonGroupsParser says what a file may hold. A file
/// that is malformed, or is not a regular file (a FIFO, a device, a directory, a dangling
/// or looping link), is reported as a problem, with its path, and skipped alone.
/// A group's "probe" declaration is run by NetworkProbe, in libjson-groups-probe.so.
class JsonGroupsProvider : public labmock::GroupProvider, public labmock::GroupProber
{
public:
    void configure(const Poco::Util::AbstractConfiguration& config) override
    {
        _directories.clear();
        const Poco::StringTokenizer dirs(config.getString("path", ""), ",:",
                                         Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
        _directories.assign(dirs.begin(), dirs.end());
    }

    std::vector<labmock::Group> groups() override
    {
        _problems.clear();
        std::vector<labmock::Group> result;
        std::map<std::string, jsongroups::ProbeSpec> probes;
        for (const auto& file : jsonFiles())
        {
            try
            {
                for (auto& declared : JsonGroupsParser::parseDeclared(DropInFile::read(file)))
                {
                    probes.emplace(declared.group.name, declared.probe); // the first of a name is the one served
                    result.push_back(std::move(declared.group));
                }
            }
            catch (const Poco::Exception& e)
            {
                _problems.push_back(file + ": " + e.displayText());
            }
            catch (const std::exception& e)
            {
                _problems.push_back(file + ": " + e.what());
            }
        }
        const std::lock_guard<std::mutex> lock(_probesMutex);
        _probes = std::move(probes);
        return result;
    }

    bool canProbe(const std::string& group) const override
    {
        return spec(group).kind != jsongroups::ProbeSpec::Kind::None;
    }

    labmock::ProbeResult probe(const std::string& group, const std::map<std::string, std::string>& values,
                               std::chrono::steady_clock::time_point deadline) override
    {
        const auto run = _probeLibrary.function<jsongroups::NetworkProbe::Function>();
        return run(spec(group), values, deadline);
    }

    std::vector<std::string> problems() const override
    {
        return _problems;
    }

private:
    /// The *.json files of all directories, each directory's files sorted by name.
    std::vector<std::string> jsonFiles()
    {
        std::vector<std::string> files;
        for (const auto& dir : _directories)
        {
            const Poco::File directory(dir);
            if (!directory.exists())
            {
                // A wrong groups.path would otherwise look like a directory with no groups.
                _problems.push_back(dir + ": no such directory (groups.path)");
                continue;
            }
            if (!directory.isDirectory())
            {
                _problems.push_back(dir + ": not a directory");
                continue;
            }
            std::vector<std::string> names;
            try
            {
                for (Poco::DirectoryIterator it(dir), end; it != end; ++it)
                {
                    if (Poco::Path(it.name()).getExtension() == "json")
                        names.push_back(it.path().toString());
                }
            }
            catch (const Poco::Exception& e)
            {
                _problems.push_back(dir + ": " + e.message()); // the other directories still count
                continue;
            }
            std::sort(names.begin(), names.end());
            files.insert(files.end(), names.begin(), names.end());
        }
        return files;
    }

    /// The probe declared for group; probes run while a reload replaces the declarations.
    jsongroups::ProbeSpec spec(const std::string& group) const
    {
        const std::lock_guard<std::mutex> lock(_probesMutex);
        const auto found = _probes.find(group);
        return found == _probes.end() ? jsongroups::ProbeSpec() : found->second;
    }

    std::vector<std::string> _directories;
    std::vector<std::string> _problems;
    mutable std::mutex _probesMutex;
    std::map<std::string, jsongroups::ProbeSpec> _probes; // by group name
    labmock_plugins::ProbeLibrary _probeLibrary{"json-groups"};
};

} // namespace

LABMOCK_PLUGIN(JsonGroupsProvider)
