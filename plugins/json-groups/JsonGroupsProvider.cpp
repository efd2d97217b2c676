//
// JsonGroupsProvider.cpp
//
// Groups declared in JSON drop-in files: new groups without a compiler.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "DropInFile.h"
#include "JsonGroupsParser.h"

#include <labmock/Plugin.h>

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>

namespace
{

using jsongroups::DropInFile;
using jsongroups::JsonGroupsParser;

/// Reads every *.json file in the directories of `path` (plugins.json-groups.path,
/// which defaults to groups.path); JsonGroupsParser says what a file may hold. A file
/// that is malformed, or is not a regular file (a FIFO, a device, a directory, a dangling
/// or looping link), is reported as a problem, with its path, and skipped alone.
class JsonGroupsProvider : public labmock::GroupProvider
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
        for (const auto& file : jsonFiles())
        {
            try
            {
                auto groups = JsonGroupsParser::parse(DropInFile::read(file));
                result.insert(result.end(), groups.begin(), groups.end());
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
        return result;
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

    std::vector<std::string> _directories;
    std::vector<std::string> _problems;
};

} // namespace

LABMOCK_PLUGIN(JsonGroupsProvider)
