//
// JsonGroupsProvider.cpp
//
// Groups declared in JSON drop-in files: new groups without a compiler.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace
{

using Poco::JSON::Array;
using Poco::JSON::Object;

/// Reads every *.json file in the directories of `path` (plugins.json-groups.path,
/// which defaults to groups.path). A file holds one group object or an array of them:
///   {"name": "…", "description": "…", "vars": ["NAME", {"name": "…", "secret": true, "required": false}]}
/// A malformed file is reported as a problem, with its path, and skipped.
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
                auto groups = readFile(file);
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
                continue; // an absent drop-in directory simply declares nothing
            if (!directory.isDirectory())
            {
                _problems.push_back(dir + ": not a directory");
                continue;
            }
            std::vector<std::string> names;
            for (Poco::DirectoryIterator it(dir), end; it != end; ++it)
            {
                if (Poco::Path(it.name()).getExtension() == "json")
                    names.push_back(it.path().toString());
            }
            std::sort(names.begin(), names.end());
            files.insert(files.end(), names.begin(), names.end());
        }
        return files;
    }

    static std::vector<labmock::Group> readFile(const std::string& path)
    {
        Poco::FileInputStream stream(path);
        Poco::JSON::Parser parser;
        const Poco::Dynamic::Var root = parser.parse(stream);
        std::vector<labmock::Group> groups;
        if (root.type() == typeid(Array::Ptr))
        {
            const auto array = root.extract<Array::Ptr>();
            for (std::size_t i = 0; i < array->size(); ++i)
                groups.push_back(readGroup(array->getObject(i), "group " + std::to_string(i)));
        }
        else if (root.type() == typeid(Object::Ptr))
        {
            groups.push_back(readGroup(root.extract<Object::Ptr>(), "group"));
        }
        else
        {
            throw std::runtime_error("expected a group object or an array of groups");
        }
        return groups;
    }

    static labmock::Group readGroup(const Object::Ptr& object, const std::string& where)
    {
        if (!object)
            throw std::runtime_error(where + ": expected an object");
        rejectUnknownKeys(*object, {"name", "description", "vars"}, where);
        labmock::Group group;
        group.name = requireString(*object, "name", where);
        if (object->has("description"))
            group.description = requireString(*object, "description", where);
        const auto vars = object->getArray("vars");
        if (!vars)
            throw std::runtime_error(where + " \"" + group.name + "\": \"vars\" must be an array");
        for (std::size_t i = 0; i < vars->size(); ++i)
        {
            const std::string varWhere = where + " \"" + group.name + "\" var " + std::to_string(i);
            const Poco::Dynamic::Var item = vars->get(i);
            labmock::Variable variable;
            if (item.isString())
            {
                variable.name = item.extract<std::string>();
            }
            else if (item.type() == typeid(Object::Ptr))
            {
                const auto var = item.extract<Object::Ptr>();
                rejectUnknownKeys(*var, {"name", "secret", "required"}, varWhere);
                variable.name = requireString(*var, "name", varWhere);
                variable.secret = optionalBool(*var, "secret", false, varWhere);
                variable.required = optionalBool(*var, "required", true, varWhere);
            }
            else
            {
                throw std::runtime_error(varWhere + ": expected a name or an object");
            }
            requireVariableName(variable.name, varWhere);
            const bool listedBefore =
                std::any_of(group.variables.begin(), group.variables.end(),
                            [&variable](const labmock::Variable& other) { return other.name == variable.name; });
            if (listedBefore)
                throw std::runtime_error(varWhere + ": \"" + variable.name + "\" is listed twice");
            group.variables.push_back(variable);
        }
        return group;
    }

    static void rejectUnknownKeys(const Object& object, const std::set<std::string>& known, const std::string& where)
    {
        for (const auto& member : object)
        {
            if (!known.count(member.first))
                throw std::runtime_error(where + ": unknown key \"" + member.first + "\"");
        }
    }

    static std::string requireString(const Object& object, const std::string& key, const std::string& where)
    {
        const Poco::Dynamic::Var value = object.get(key);
        if (!value.isString() || value.extract<std::string>().empty())
            throw std::runtime_error(where + ": \"" + key + "\" must be a non-empty string");
        return value.extract<std::string>();
    }

    static bool optionalBool(const Object& object, const std::string& key, bool fallback, const std::string& where)
    {
        if (!object.has(key))
            return fallback;
        const Poco::Dynamic::Var value = object.get(key);
        if (!value.isBoolean())
            throw std::runtime_error(where + ": \"" + key + "\" must be true or false");
        return value.extract<bool>();
    }

    /// POSIX portable environment variable names, so a typo is caught here, not on the page.
    static void requireVariableName(const std::string& name, const std::string& where)
    {
        const bool valid =
            !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]))
            && std::all_of(name.begin(), name.end(),
                           [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
        if (!valid)
            throw std::runtime_error(where + ": \"" + name + "\" is not a valid environment variable name");
    }

    std::vector<std::string> _directories;
    std::vector<std::string> _problems;
};

} // namespace

LABMOCK_PLUGIN(JsonGroupsProvider)
