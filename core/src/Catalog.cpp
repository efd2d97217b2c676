//
// Catalog.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Catalog.h"

#include "NameRules.h"

#include <algorithm>
#include <map>

namespace labmock
{

namespace
{

/// Why group cannot be shown, in one line naming the group and the bad name; empty when
/// every name in it follows NameRules.
std::string rejection(const Group& group)
{
    std::string problem = NameRules::groupNameProblem(group.name);
    for (std::size_t i = 0; i < group.variables.size() && problem.empty(); ++i)
        problem = NameRules::variableNameProblem(group.variables[i].name);
    return problem.empty() ? problem : "group " + NameRules::quoted(group.name) + " rejected: " + problem;
}

} // namespace

Catalog Catalog::merge(const PluginScan& scan, const std::vector<std::string>& order)
{
    Catalog catalog;
    catalog._errors = scan.errors;
    catalog._plugins = scan.plugins;
    auto pathOf = [&scan](const std::string& plugin)
    {
        const auto found = std::find_if(scan.plugins.begin(), scan.plugins.end(),
                                        [&plugin](const PluginScan::Plugin& p) { return p.name == plugin; });
        return found == scan.plugins.end() ? std::string() : found->path;
    };

    std::map<std::string, std::string> ownerOf; // group name → plugin
    std::vector<Entry> unique;
    for (const auto& declaration : scan.declarations)
    {
        // Names come from plugin code the core does not trust: a variable name becomes a
        // file name in the secrets directories, a group name reaches pages and logs.
        const std::string rejected = rejection(declaration.group);
        if (!rejected.empty())
        {
            catalog._errors.push_back({declaration.plugin, pathOf(declaration.plugin), rejected});
            for (auto& plugin : catalog._plugins)
            {
                if (plugin.name == declaration.plugin)
                    plugin.groups.erase(std::remove(plugin.groups.begin(), plugin.groups.end(), declaration.group.name),
                                        plugin.groups.end());
            }
            continue;
        }
        const auto [owner, inserted] = ownerOf.emplace(declaration.group.name, declaration.plugin);
        if (!inserted)
        {
            catalog._errors.push_back({declaration.plugin, pathOf(declaration.plugin),
                                       "group \"" + declaration.group.name + "\" is declared by both plugin \""
                                           + owner->second + "\" and plugin \"" + declaration.plugin
                                           + "\"; kept the one from \"" + owner->second + "\""});
            continue;
        }
        unique.push_back({declaration.group, declaration.plugin, declaration.prober});
    }

    auto rank = [&order](const Entry& entry)
    { return static_cast<std::size_t>(std::find(order.begin(), order.end(), entry.group.name) - order.begin()); };
    std::stable_sort(unique.begin(), unique.end(),
                     [&rank](const Entry& a, const Entry& b) { return rank(a) < rank(b); });
    catalog._groups = std::move(unique);
    return catalog;
}

const std::vector<Catalog::Entry>& Catalog::groups() const
{
    return _groups;
}

const std::vector<PluginError>& Catalog::errors() const
{
    return _errors;
}

const std::vector<PluginScan::Plugin>& Catalog::plugins() const
{
    return _plugins;
}

} // namespace labmock
