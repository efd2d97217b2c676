//
// UndeclaredVariables.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "UndeclaredVariables.h"

#include "Disclosure.h"
#include "EnvironmentConfiguration.h"

#include <Poco/Ascii.h>
#include <Poco/String.h>

#include <algorithm>
#include <set>

extern char** environ;

namespace labmock
{

namespace
{

const std::string CONFIG_PREFIX = "LABMOCK_";
const std::string FILE_SUFFIX = "_FILE";

/// Names shorter than this are not taken for typos: at distance 2, "DB" is close to anything.
constexpr std::size_t MIN_TYPO_LENGTH = 5;

} // namespace

UndeclaredVariables::UndeclaredVariables(Settings::Undeclared mode, std::vector<std::string> configKeys)
    : _mode(mode), _configKeys(std::move(configKeys))
{
}

Settings::Undeclared UndeclaredVariables::mode() const
{
    return _mode;
}

std::size_t UndeclaredVariables::editDistance(const std::string& a, const std::string& b, std::size_t limit)
{
    const std::size_t longer = std::max(a.size(), b.size());
    if (longer - std::min(a.size(), b.size()) > limit)
        return limit + 1;
    std::vector<std::size_t> previous(b.size() + 1);
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
    {
        row[0] = i;
        std::size_t best = row[0];
        for (std::size_t j = 1; j <= b.size(); ++j)
        {
            const bool same = Poco::Ascii::toUpper(a[i - 1]) == Poco::Ascii::toUpper(b[j - 1]);
            row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (same ? 0 : 1)});
            best = std::min(best, row[j]);
        }
        if (best > limit)
            return limit + 1;
        std::swap(previous, row);
    }
    return std::min(previous[b.size()], limit + 1);
}

std::string UndeclaredVariables::configKeyOf(const std::string& name) const
{
    for (const auto& key : _configKeys)
        if (EnvironmentConfiguration::variableFor(key) == name)
            return key;
    return "";
}

std::vector<UndeclaredVariables::Entry> UndeclaredVariables::collect(const Catalog& catalog) const
{
    std::vector<Entry> entries;
    if (_mode == Settings::Undeclared::Off)
        return entries;
    std::set<std::string> declared;
    std::vector<std::string> candidates; // declared names and their _FILE twins, in catalog order
    for (const auto& entry : catalog.groups())
        for (const auto& variable : entry.group.variables)
        {
            if (declared.insert(variable.name).second)
            {
                candidates.push_back(variable.name);
                candidates.push_back(variable.name + FILE_SUFFIX);
            }
            declared.insert(variable.name + FILE_SUFFIX);
        }

    for (char** variable = environ; variable && *variable; ++variable)
    {
        const std::string pair(*variable);
        const std::size_t equals = pair.find('=');
        if (equals == std::string::npos || equals == 0)
            continue;
        const std::string name = pair.substr(0, equals);
        if (declared.count(name))
            continue;
        Entry entry;
        entry.name = Disclosure::printable(name);
        entry.resolution.state = Resolution::State::Set;
        entry.resolution.source = Resolution::Source::Environment;
        entry.resolution.value = pair.substr(equals + 1);
        if (Poco::startsWith(name, CONFIG_PREFIX))
            entry.configKey = configKeyOf(name);
        else if (name.size() >= MIN_TYPO_LENGTH)
        {
            std::size_t nearest = TYPO_DISTANCE + 1;
            for (const auto& candidate : candidates)
            {
                const std::size_t distance = editDistance(name, candidate, TYPO_DISTANCE);
                if (distance < nearest)
                {
                    nearest = distance;
                    entry.suggestion = candidate;
                }
            }
        }
        entries.push_back(std::move(entry));
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
    return entries;
}

} // namespace labmock
