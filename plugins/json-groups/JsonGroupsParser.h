//
// JsonGroupsParser.h
//
// Turns the text of one JSON drop-in file into groups.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_JSONGROUPSPARSER_INCLUDED
#define LABMOCK_JSONGROUPSPARSER_INCLUDED

#include "ProbeSpec.h"

#include <labmock/Group.h>

#include <string>
#include <vector>

namespace jsongroups
{

/// The drop-in format: one group object or an array of them,
///   {"name": "…", "description": "…", "vars": ["NAME", {"name": "…", "secret": true, "required": false}],
///    "probe": {"tcp": {"host": "HOST_VAR", "port": "PORT_VAR"}} or {"http": {"url": "URL_VAR"}}}
/// ("probe" is optional; the variables it names must be the group's own).
/// Unknown keys, wrong types, a group name that is not printable or longer than 200
/// characters, variable names that are not POSIX portable environment variable names
/// (the core's rules too) and a variable listed twice are errors. Separate
/// from the provider so that a fuzz target can drive it. Stateless; thread-safe.
class JsonGroupsParser
{
public:
    /// A group and the probe it declares.
    struct Declared
    {
        labmock::Group group;
        ProbeSpec probe;
    };

    /// The groups declared by text, with their probes. Throws as parse() does.
    static std::vector<Declared> parseDeclared(const std::string& text);

    /// The groups declared by text. Throws std::runtime_error or Poco::Exception saying
    /// what is wrong and where (which group, which variable).
    static std::vector<labmock::Group> parse(const std::string& text);
};

} // namespace jsongroups

#endif // LABMOCK_JSONGROUPSPARSER_INCLUDED
