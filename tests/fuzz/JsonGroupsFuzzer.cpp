//
// JsonGroupsFuzzer.cpp
//
// Fuzzes the json-groups plugin's parser of drop-in files, and checks it against the core's name rule.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "JsonGroupsParser.h"
#include "JsonPositions.h"
#include "NameRules.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <cstdint>
#include <cstdlib>
#include <set>
#include <stdexcept>
#include <string>

namespace
{

void require(bool condition)
{
    if (!condition)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    // Every text POCO's parser refuses, the position scan refuses too: each error gets a line.
    bool pocoRefuses = false;
    try
    {
        Poco::JSON::Parser parser;
        parser.parse(text);
    }
    catch (const Poco::Exception&)
    {
        pocoRefuses = true;
    }
    require(!pocoRefuses || !jsongroups::JsonPositions::scan(text).valid());
    std::vector<labmock::Group> groups;
    try
    {
        groups = jsongroups::JsonGroupsParser::parse(text);
    }
    catch (const Poco::Exception&)
    {
        return 0; // malformed JSON: reported by the plugin, with the file
    }
    catch (const std::runtime_error&)
    {
        return 0; // well-formed but not a group: reported likewise
    }
    for (const auto& group : groups)
    {
        // The plugin's copies of the rules never let through a name the core would refuse.
        require(labmock::NameRules::groupNameProblem(group.name).empty());
        std::set<std::string> names;
        for (const auto& variable : group.variables)
        {
            require(labmock::NameRules::variableNameProblem(variable.name).empty());
            require(names.insert(variable.name).second);
        }
    }
    return 0;
}
