//
// ConfigurationAudit.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ConfigurationAudit.h"

#include "EnvironmentConfiguration.h"

#include <Poco/Ascii.h>
#include <Poco/String.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <unistd.h>

extern char** environ;

namespace labmock
{

namespace
{

const std::string ENVIRONMENT_PREFIX = "LABMOCK_";
const std::string PLUGINS_PREFIX = "plugins.";

std::string listed(const std::vector<std::string>& items)
{
    return items.empty() ? std::string("none") : Poco::cat(std::string(", "), items.begin(), items.end());
}

/// Whether relative (a key below plugins.<name>.) is one of read: a key read, "*" (the
/// plugin listed all its keys) or "prefix.*" (it listed the children of prefix).
bool readByPattern(const std::string& relative, const std::set<std::string>& read)
{
    for (const auto& pattern : read)
    {
        if (pattern == relative || pattern == "*")
            return true;
        if (Poco::endsWith(pattern, std::string(".*"))
            && Poco::startsWith(relative, pattern.substr(0, pattern.size() - 1)))
            return true;
    }
    return false;
}

} // namespace

ConfigurationAudit::ConfigurationAudit(std::vector<std::string> known) : _known(std::move(known))
{
}

void ConfigurationAudit::addKeys(const std::vector<std::string>& keys, const std::string& source)
{
    for (const auto& key : keys)
        _entries.push_back({key, key, "in " + source, false});
}

void ConfigurationAudit::addEnvironment(const std::vector<std::string>& names)
{
    for (const auto& name : names)
    {
        if (!Poco::startsWith(name, ENVIRONMENT_PREFIX) || name.size() == ENVIRONMENT_PREFIX.size())
            continue;
        // The mapping is one-way (dots and dashes both become _): this is a guess, for the message.
        std::string key = Poco::toLower(name.substr(ENVIRONMENT_PREFIX.size()));
        std::replace(key.begin(), key.end(), '_', '.');
        _entries.push_back({key, name, "in the environment", true});
    }
}

const std::vector<std::string>& ConfigurationAudit::reservedPluginKeys()
{
    // probe: the plugin's readiness probe, run by the core (see README, Plugins).
    static const std::vector<std::string> keys{"probe"};
    return keys;
}

bool ConfigurationAudit::isPocoKey(const std::string& key)
{
    // application.* and system.* are POCO's Application and SystemConfiguration; the
    // logging.* keys are those POCO's LoggingConfigurator reads at start.
    static const std::vector<std::string> prefixes{"application.", "system.", "logging.channels.",
                                                   "logging.formatters.", "logging.loggers."};
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&key](const std::string& prefix) { return Poco::startsWith(key, prefix); });
}

std::size_t ConfigurationAudit::distance(const std::string& a, const std::string& b)
{
    // Three rows of the dynamic programme are enough for the one transposition lookback.
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
    {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
        {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                current[j] = std::min(current[j], before[j - 2] + 1);
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::vector<std::string> ConfigurationAudit::leafKeys(const Poco::Util::AbstractConfiguration& config)
{
    std::vector<std::string> leaves;
    std::vector<std::string> pending{""};
    while (!pending.empty())
    {
        const std::string key = pending.back();
        pending.pop_back();
        Poco::Util::AbstractConfiguration::Keys children;
        config.keys(key, children);
        if (children.empty() && !key.empty())
            leaves.push_back(key);
        else if (!key.empty() && config.has(key))
            leaves.push_back(key); // both a value and children: logging.accessLog(.skipPaths)
        for (auto it = children.rbegin(); it != children.rend(); ++it)
            pending.push_back(key.empty() ? *it : key + "." + *it);
    }
    return leaves;
}

std::vector<std::string> ConfigurationAudit::environmentNames()
{
    std::vector<std::string> names;
    for (char** variable = environ; variable && *variable; ++variable)
    {
        const std::string entry(*variable);
        if (Poco::startsWith(entry, ENVIRONMENT_PREFIX))
            names.push_back(entry.substr(0, entry.find('=')));
    }
    std::sort(names.begin(), names.end());
    return names;
}

bool ConfigurationAudit::spells(const Entry& entry, const std::string& candidate)
{
    return entry.environment ? EnvironmentConfiguration::variableFor(candidate) == entry.spelled
                             : candidate == entry.key;
}

std::string ConfigurationAudit::nearest(const Entry& entry, const std::vector<std::string>& candidates)
{
    // Close enough to be a typo: one edit in a short key, up to three in a long one.
    const std::size_t limit = std::min<std::size_t>(3, std::max<std::size_t>(1, entry.spelled.size() / 4));
    std::string best;
    std::size_t bestDistance = limit + 1;
    for (const auto& candidate : candidates)
    {
        const std::string spelled = entry.environment ? EnvironmentConfiguration::variableFor(candidate) : candidate;
        // A variable in the wrong case (LABMOCK_http_port) is not read, and is one "edit" away.
        const std::size_t d = entry.environment ? distance(Poco::toUpper(entry.spelled), spelled)
                                                      + (Poco::toUpper(entry.spelled) == entry.spelled ? 0 : 1)
                                                : distance(entry.spelled, spelled);
        if (d < bestDistance)
        {
            best = spelled;
            bestDistance = d;
        }
    }
    return best;
}

std::string ConfigurationAudit::unknown(const Entry& entry)
{
    return "unknown key " + entry.spelled + (entry.environment ? " (" + entry.key + ")" : std::string()) + " "
           + entry.source;
}

bool ConfigurationAudit::belowPlugins(const Entry& entry) const
{
    if (!entry.environment)
        return Poco::startsWith(entry.key, PLUGINS_PREFIX) && std::count(entry.key.begin(), entry.key.end(), '.') >= 2;
    const bool known =
        std::any_of(_known.begin(), _known.end(), [&entry](const std::string& key) { return spells(entry, key); });
    return !known && Poco::startsWith(entry.spelled, EnvironmentConfiguration::variableFor("plugins") + "_");
}

std::vector<std::string> ConfigurationAudit::coreProblems() const
{
    std::vector<std::string> problems;
    for (const auto& entry : _entries)
    {
        if (isPocoKey(entry.key) || belowPlugins(entry))
            continue;
        if (std::any_of(_known.begin(), _known.end(), [&entry](const std::string& key) { return spells(entry, key); }))
            continue;
        std::string problem = unknown(entry);
        const std::string suggestion = nearest(entry, _known);
        if (!suggestion.empty())
            problem += " (did you mean " + suggestion + "?)";
        problems.push_back(problem);
    }
    return problems;
}

std::vector<std::string>
ConfigurationAudit::pluginProblems(const std::map<std::string, std::set<std::string>>& readByPlugin) const
{
    std::vector<std::string> loaded;
    std::vector<std::string> everyPluginKey; // full keys, for suggestions across plugins
    std::map<std::string, std::set<std::string>> keysOf;
    for (const auto& [name, read] : readByPlugin)
    {
        loaded.push_back(name);
        std::set<std::string> keys = read;
        keys.insert(reservedPluginKeys().begin(), reservedPluginKeys().end());
        for (const auto& key : keys)
        {
            if (key.find('*') == std::string::npos)
                everyPluginKey.push_back(PLUGINS_PREFIX + name + "." + key);
        }
        keysOf[name] = std::move(keys);
    }

    std::vector<std::string> problems;
    for (const auto& entry : _entries)
    {
        if (!belowPlugins(entry))
            continue;
        // The loaded plugin it lies below (the longest name, should one be a prefix of another).
        std::string owner;
        for (const auto& name : loaded)
        {
            const std::string prefix = entry.environment
                                           ? EnvironmentConfiguration::variableFor(PLUGINS_PREFIX + name) + "_"
                                           : PLUGINS_PREFIX + name + ".";
            if (Poco::startsWith(entry.spelled, prefix) && name.size() >= owner.size())
                owner = name;
        }
        std::string problem = unknown(entry);
        std::vector<std::string> candidates;
        if (!owner.empty())
        {
            const std::set<std::string>& keys = keysOf[owner];
            if (entry.environment)
            {
                const std::string prefix = EnvironmentConfiguration::variableFor(PLUGINS_PREFIX + owner) + "_";
                const std::string relative = entry.spelled.substr(prefix.size());
                const bool read =
                    std::any_of(keys.begin(), keys.end(),
                                [&](const std::string& key)
                                {
                                    if (key == "*")
                                        return true;
                                    const std::string variable =
                                        EnvironmentConfiguration::variableFor(key).substr(ENVIRONMENT_PREFIX.size());
                                    return Poco::endsWith(key, std::string(".*"))
                                               ? Poco::startsWith(relative, variable.substr(0, variable.size() - 1))
                                               : relative == variable;
                                });
                if (read)
                    continue;
            }
            else if (readByPattern(entry.key.substr(PLUGINS_PREFIX.size() + owner.size() + 1), keys))
                continue;
            std::vector<std::string> readable;
            for (const auto& key : keys)
            {
                readable.push_back(key);
                if (key.find('*') == std::string::npos)
                    candidates.push_back(PLUGINS_PREFIX + owner + "." + key);
            }
            problem += ": plugin " + owner + " does not read it (it reads: " + listed(readable) + ")";
        }
        else if (entry.environment)
        {
            problem += ": no loaded plugin reads it (loaded: " + listed(loaded) + ")";
            candidates = everyPluginKey;
            candidates.insert(candidates.end(), _known.begin(), _known.end());
        }
        else
        {
            const std::string name = entry.key.substr(PLUGINS_PREFIX.size(), entry.key.find('.', PLUGINS_PREFIX.size())
                                                                                 - PLUGINS_PREFIX.size());
            problem += ": no plugin " + name + " is loaded (loaded: " + listed(loaded) + ")";
            candidates = everyPluginKey;
        }
        const std::string suggestion = nearest(entry, candidates);
        if (!suggestion.empty())
            problem += " (did you mean " + suggestion + "?)";
        problems.push_back(problem);
    }
    return problems;
}

} // namespace labmock
