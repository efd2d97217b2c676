//
// Catalog.h
//
// The merged, ordered list of groups the server shows.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_CATALOG_INCLUDED
#define LABMOCK_CATALOG_INCLUDED

#include "PluginError.h"
#include "PluginScan.h"

#include <labmock/Group.h>
#include <labmock/GroupProber.h>

#include <memory>

#include <string>
#include <vector>

namespace labmock
{

/// Groups from every plugin, merged in a documented order: first the groups named in
/// groups.order (the original page's PostgreSQL, Redis, App), in that order; then the
/// rest in load order (plugin directory, file name, the plugin's own order). A group
/// name declared twice is an error naming both plugins; the first in load order is kept.
/// A group whose name or any variable name breaks NameRules is rejected with an error
/// naming the plugin, the group and the bad name.
/// Immutable once built; shared between threads.
class Catalog
{
public:
    struct Entry
    {
        Group group;
        std::string plugin;
        /// Its provider, when that can probe; null otherwise.
        std::shared_ptr<GroupProber> prober = nullptr;
    };

    Catalog() = default;

    /// Merges a scan's declarations and carries its plugins and errors.
    static Catalog merge(const PluginScan& scan, const std::vector<std::string>& order);

    const std::vector<Entry>& groups() const;
    /// Plugin errors of the scan, then rejected and duplicate groups, in declaration order.
    const std::vector<PluginError>& errors() const;
    /// The scan's plugins; their group lists leave out the rejected groups.
    const std::vector<PluginScan::Plugin>& plugins() const;

private:
    std::vector<Entry> _groups;
    std::vector<PluginError> _errors;
    std::vector<PluginScan::Plugin> _plugins;
};

} // namespace labmock

#endif // LABMOCK_CATALOG_INCLUDED
