//
// TestCatalog.h
//
// Builds catalogs and snapshots from plain groups, without plugins.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_TEST_TESTCATALOG_INCLUDED
#define LABMOCK_TEST_TESTCATALOG_INCLUDED

#include "Catalog.h"
#include "PluginScan.h"

#include <memory>
#include <string>
#include <vector>

namespace labmock::test
{

/// A variable as plugins declare them: {name, secret, required}.
inline Variable variable(std::string name, bool secret = false, bool required = true)
{
    return {std::move(name), secret, required};
}

/// A scan as if one plugin named plugin (file /plugins/lib<plugin>-group.so) declared groups.
inline PluginScan scanOf(std::vector<Group> groups, const std::string& plugin = "test")
{
    PluginScan scan;
    PluginScan::Plugin info{plugin, "/plugins/lib" + plugin + "-group.so", 1, {}};
    for (auto& group : groups)
    {
        info.groups.push_back(group.name);
        scan.declarations.push_back({plugin, std::move(group)});
    }
    scan.plugins.push_back(std::move(info));
    return scan;
}

/// The catalog of scanOf(groups) plus errors, in declaration order.
inline std::shared_ptr<const Catalog> catalogOf(std::vector<Group> groups, std::vector<PluginError> errors = {})
{
    PluginScan scan = scanOf(std::move(groups));
    scan.errors = std::move(errors);
    return std::make_shared<const Catalog>(Catalog::merge(scan, {}));
}

} // namespace labmock::test

#endif // LABMOCK_TEST_TESTCATALOG_INCLUDED
