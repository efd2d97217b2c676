//
// NameRules.h
//
// What a plugin may call a group or a variable.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_NAMERULES_INCLUDED
#define LABMOCK_NAMERULES_INCLUDED

#include <cstddef>
#include <string>

namespace labmock
{

/// The rules the core applies to every name a provider declares, whatever the plugin.
/// A variable name becomes an environment lookup and a file name in the secrets
/// directories, so it must not carry a path; a group name reaches headings, label values
/// and logs, so it must be printable. json-groups applies the same variable rule to its
/// files (plugins may include only the SDK, so it keeps its own copy). Stateless.
class NameRules
{
public:
    /// The longest group name, in characters (code points).
    static constexpr std::size_t MAX_GROUP_NAME_CHARACTERS = 200;

    /// Empty when name may name a group: not empty, valid UTF-8 without control
    /// characters, at most MAX_GROUP_NAME_CHARACTERS long. Otherwise why not, in a few words.
    static std::string groupNameProblem(const std::string& name);

    /// Empty when name may name a variable: a POSIX portable environment variable name
    /// (letters, digits and '_', not starting with a digit). Otherwise why not.
    static std::string variableNameProblem(const std::string& name);

    /// name in double quotes, fit for a one-line message: control bytes and invalid UTF-8
    /// escaped, cut after MAX_GROUP_NAME_CHARACTERS bytes.
    static std::string quoted(const std::string& name);
};

} // namespace labmock

#endif // LABMOCK_NAMERULES_INCLUDED
