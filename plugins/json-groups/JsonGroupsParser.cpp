//
// JsonGroupsParser.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "JsonGroupsParser.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/TextIterator.h>
#include <Poco/UTF8Encoding.h>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace jsongroups
{

namespace
{

using Poco::JSON::Array;
using Poco::JSON::Object;

void rejectUnknownKeys(const Object& object, const std::set<std::string>& known, const std::string& where)
{
    for (const auto& member : object)
    {
        if (!known.count(member.first))
            throw std::runtime_error(where + ": unknown key \"" + member.first + "\"");
    }
}

std::string requireString(const Object& object, const std::string& key, const std::string& where)
{
    const Poco::Dynamic::Var value = object.get(key);
    if (!value.isString() || value.extract<std::string>().empty())
        throw std::runtime_error(where + ": \"" + key + "\" must be a non-empty string");
    return value.extract<std::string>();
}

bool optionalBool(const Object& object, const std::string& key, bool fallback, const std::string& where)
{
    if (!object.has(key))
        return fallback;
    const Poco::Dynamic::Var value = object.get(key);
    if (!value.isBoolean())
        throw std::runtime_error(where + ": \"" + key + "\" must be true or false");
    return value.extract<bool>();
}

/// Printable UTF-8 of at most 200 characters, the core's rule for group names too
/// (NameRules), checked here so that the problem names the file.
void requireGroupName(const std::string& name, const std::string& where)
{
    Poco::UTF8Encoding utf8;
    std::size_t characters = 0;
    for (Poco::TextIterator it(name, utf8), end(name); it != end; ++it, ++characters)
    {
        const int c = *it; // -1 for invalid UTF-8
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
            throw std::runtime_error(where + ": \"name\" must be printable text (no control characters, valid UTF-8)");
    }
    if (characters > 200)
        throw std::runtime_error(where + ": \"name\" is longer than 200 characters");
}

/// POSIX portable environment variable names, so a typo is caught here, with the file
/// and position, rather than by the core's check of the same rule (NameRules).
void requireVariableName(const std::string& name, const std::string& where)
{
    const auto isNameChar = [](char c)
    { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; };
    const bool valid =
        !name.empty() && !(name[0] >= '0' && name[0] <= '9') && std::all_of(name.begin(), name.end(), isNameChar);
    if (!valid)
        throw std::runtime_error(where + ": \"" + name + "\" is not a valid environment variable name");
}

labmock::Group readGroup(const Object::Ptr& object, const std::string& where)
{
    if (!object)
        throw std::runtime_error(where + ": expected an object");
    rejectUnknownKeys(*object, {"name", "description", "vars"}, where);
    labmock::Group group;
    group.name = requireString(*object, "name", where);
    requireGroupName(group.name, where);
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

} // namespace

std::vector<labmock::Group> JsonGroupsParser::parse(const std::string& text)
{
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var root = parser.parse(text);
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

} // namespace jsongroups
