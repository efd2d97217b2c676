//
// JsonGroupsParser.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "JsonGroupsParser.h"

#include "JsonPositions.h"

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

/// A problem with the member or element at a JSON pointer ("/0/vars/2"), so that parse()
/// can say where it is.
struct Where
{
    std::string pointer; ///< of the thing the message is about
    std::string text;    ///< how a message names it: group 1 "Name" var 2
};

class Located : public std::runtime_error
{
public:
    Located(const std::string& pointer, const std::string& message) : std::runtime_error(message), pointer(pointer)
    {
    }
    std::string pointer;
};

[[noreturn]] void reject(const Where& where, const std::string& message, const std::string& member = "")
{
    throw Located(member.empty() ? where.pointer : where.pointer + "/" + member, where.text + ": " + message);
}

void rejectUnknownKeys(const Object& object, const std::set<std::string>& known, const Where& where)
{
    for (const auto& member : object)
    {
        if (!known.count(member.first))
            reject(where, "unknown key \"" + member.first + "\"", member.first);
    }
}

std::string requireString(const Object& object, const std::string& key, const Where& where)
{
    const Poco::Dynamic::Var value = object.get(key);
    if (!value.isString() || value.extract<std::string>().empty())
        reject(where, "\"" + key + "\" must be a non-empty string", object.has(key) ? key : "");
    return value.extract<std::string>();
}

bool optionalBool(const Object& object, const std::string& key, bool fallback, const Where& where)
{
    if (!object.has(key))
        return fallback;
    const Poco::Dynamic::Var value = object.get(key);
    if (!value.isBoolean())
        reject(where, "\"" + key + "\" must be true or false", key);
    return value.extract<bool>();
}

/// Printable UTF-8 of at most 200 characters, the core's rule for group names too
/// (NameRules), checked here so that the problem names the file.
void requireGroupName(const std::string& name, const Where& where)
{
    Poco::UTF8Encoding utf8;
    std::size_t characters = 0;
    for (Poco::TextIterator it(name, utf8), end(name); it != end; ++it, ++characters)
    {
        const int c = *it; // -1 for invalid UTF-8
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
            reject(where, "\"name\" must be printable text (no control characters, valid UTF-8)", "name");
    }
    if (characters > 200)
        reject(where, "\"name\" is longer than 200 characters", "name");
}

/// POSIX portable environment variable names, so a typo is caught here, with the file
/// and position, rather than by the core's check of the same rule (NameRules).
void requireVariableName(const std::string& name, const Where& where, const std::string& member)
{
    const auto isNameChar = [](char c)
    { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; };
    const bool valid =
        !name.empty() && !(name[0] >= '0' && name[0] <= '9') && std::all_of(name.begin(), name.end(), isNameChar);
    if (!valid)
        reject(where, "\"" + name + "\" is not a valid environment variable name", member);
}

/// The variable a probe names: a string that is one of group's variables.
std::string probeVariable(const Object& object, const std::string& key, const labmock::Group& group, const Where& where)
{
    const std::string name = requireString(object, key, where);
    const bool declared = std::any_of(group.variables.begin(), group.variables.end(),
                                      [&name](const labmock::Variable& variable) { return variable.name == name; });
    if (!declared)
        reject(where, "\"" + key + "\" names \"" + name + "\", which is not one of the group's vars", key);
    return name;
}

ProbeSpec readProbe(const Object::Ptr& object, const labmock::Group& group, const Where& where)
{
    if (!object || object->size() != 1)
        reject(where, "expected {\"tcp\": {\"host\": VAR, \"port\": VAR}} or {\"http\": {\"url\": VAR}}");
    ProbeSpec probe;
    const std::string kind = object->begin()->first;
    const Where inner{where.pointer + "/" + kind, where.text + "." + kind};
    if (kind == "tcp")
    {
        const auto tcp = object->getObject("tcp");
        if (!tcp)
            reject(inner, "expected {\"host\": VAR, \"port\": VAR}");
        rejectUnknownKeys(*tcp, {"host", "port"}, inner);
        probe.kind = ProbeSpec::Kind::Tcp;
        probe.hostVariable = probeVariable(*tcp, "host", group, inner);
        probe.portVariable = probeVariable(*tcp, "port", group, inner);
    }
    else if (kind == "http")
    {
        const auto http = object->getObject("http");
        if (!http)
            reject(inner, "expected {\"url\": VAR}");
        rejectUnknownKeys(*http, {"url"}, inner);
        probe.kind = ProbeSpec::Kind::Http;
        probe.urlVariable = probeVariable(*http, "url", group, inner);
    }
    else
    {
        reject(where, "unknown probe kind \"" + kind + "\" (expected tcp or http)", kind);
    }
    return probe;
}

JsonGroupsParser::Declared readGroup(const Object::Ptr& object, Where where)
{
    if (!object)
        reject(where, "expected an object");
    labmock::Group group;
    group.name = requireString(*object, "name", where);
    requireGroupName(group.name, where);
    where.text += " \"" + group.name + "\""; // printable: checked just above
    rejectUnknownKeys(*object, {"name", "description", "vars", "probe"}, where);
    if (object->has("description"))
        group.description = requireString(*object, "description", where);
    const auto vars = object->getArray("vars");
    if (!vars)
        reject(where, "\"vars\" must be an array", object->has("vars") ? "vars" : "");
    for (std::size_t i = 0; i < vars->size(); ++i)
    {
        // Counted from 1, as a person counts them; the position says exactly where.
        const Where varWhere{where.pointer + "/vars/" + std::to_string(i),
                             where.text + " var " + std::to_string(i + 1)};
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
            reject(varWhere, "expected a name or an object");
        }
        requireVariableName(variable.name, varWhere, item.isString() ? "" : "name");
        const bool listedBefore =
            std::any_of(group.variables.begin(), group.variables.end(),
                        [&variable](const labmock::Variable& other) { return other.name == variable.name; });
        if (listedBefore)
            reject(varWhere, "\"" + variable.name + "\" is listed twice", item.isString() ? "" : "name");
        group.variables.push_back(variable);
    }
    JsonGroupsParser::Declared declared{group, {}};
    if (object->has("probe"))
        declared.probe =
            readProbe(object->getObject("probe"), group, {where.pointer + "/probe", where.text + " probe"});
    return declared;
}

} // namespace

std::vector<labmock::Group> JsonGroupsParser::parse(const std::string& text)
{
    std::vector<labmock::Group> groups;
    for (auto& declared : parseDeclared(text))
        groups.push_back(std::move(declared.group));
    return groups;
}

std::vector<JsonGroupsParser::Declared> JsonGroupsParser::parseDeclared(const std::string& text)
{
    Poco::Dynamic::Var root;
    try
    {
        Poco::JSON::Parser parser;
        root = parser.parse(text);
    }
    catch (const Poco::Exception& e)
    {
        // POCO's parser says neither line nor column: a scan of our own finds them.
        const JsonPositions positions = JsonPositions::scan(text);
        throw std::runtime_error(positions.valid() ? e.displayText() : positions.error());
    }
    std::vector<Declared> groups;
    try
    {
        if (root.type() == typeid(Array::Ptr))
        {
            const auto array = root.extract<Array::Ptr>();
            for (std::size_t i = 0; i < array->size(); ++i)
                groups.push_back(
                    readGroup(array->getObject(i), {"/" + std::to_string(i), "group " + std::to_string(i + 1)}));
        }
        else if (root.type() == typeid(Object::Ptr))
        {
            groups.push_back(readGroup(root.extract<Object::Ptr>(), {"", "group"}));
        }
        else
        {
            throw Located("", "expected a group object or an array of groups");
        }
    }
    catch (const Located& e)
    {
        const std::string at = JsonPositions::scan(text).at(e.pointer);
        throw std::runtime_error(at.empty() ? e.what() : at + ": " + e.what());
    }
    return groups;
}

} // namespace jsongroups
