//
// Catalog.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Catalog.h"

#include <algorithm>
#include <map>

namespace labmock
{

Catalog Catalog::merge(const PluginScan& scan, const std::vector<std::string>& order)
{
    Catalog catalog;
    catalog._errors = scan.errors;
    catalog._plugins = scan.plugins;

    std::map<std::string, std::string> ownerOf; // group name → plugin
    std::vector<Entry> unique;
    for (const auto& declaration : scan.declarations)
    {
        const auto [owner, inserted] = ownerOf.emplace(declaration.group.name, declaration.plugin);
        if (!inserted)
        {
            std::string path;
            for (const auto& plugin : scan.plugins)
                path = plugin.name == declaration.plugin ? plugin.path : path;
            catalog._errors.push_back({declaration.plugin, path,
                                       "group \"" + declaration.group.name + "\" is declared by both plugin \""
                                           + owner->second + "\" and plugin \"" + declaration.plugin
                                           + "\"; kept the one from \"" + owner->second + "\""});
            continue;
        }
        unique.push_back({declaration.group, declaration.plugin});
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
