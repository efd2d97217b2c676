//
// NameRules.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "NameRules.h"

#include "Disclosure.h"

#include <algorithm>

namespace labmock
{

std::string NameRules::groupNameProblem(const std::string& name)
{
    if (name.empty())
        return "the name is empty";
    bool escaped = false;
    Disclosure::printable(name, &escaped);
    if (escaped)
        return "the name has control characters or is not valid UTF-8";
    // Valid UTF-8 here: every byte that does not continue a sequence starts a character.
    const auto characters =
        std::count_if(name.begin(), name.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    if (static_cast<std::size_t>(characters) > MAX_GROUP_NAME_CHARACTERS)
        return "the name is longer than " + std::to_string(MAX_GROUP_NAME_CHARACTERS) + " characters";
    return {};
}

std::string NameRules::variableNameProblem(const std::string& name)
{
    const auto isNameChar = [](char c)
    { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; };
    const bool valid =
        !name.empty() && !(name[0] >= '0' && name[0] <= '9') && std::all_of(name.begin(), name.end(), isNameChar);
    return valid ? std::string() : "variable " + quoted(name) + " is not a valid environment variable name";
}

std::string NameRules::quoted(const std::string& name)
{
    const bool cut = name.size() > MAX_GROUP_NAME_CHARACTERS;
    // Cutting may split a UTF-8 sequence; printable() then shows its bytes as escapes.
    return "\"" + Disclosure::printable(cut ? name.substr(0, MAX_GROUP_NAME_CHARACTERS) : name) + "\""
           + (cut ? "..." : "");
}

} // namespace labmock
