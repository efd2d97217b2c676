//
// PluginScan.h
//
// What one scan of the plugin directories found.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_PLUGINSCAN_INCLUDED
#define LABMOCK_PLUGINSCAN_INCLUDED

#include "PluginError.h"

#include <labmock/Group.h>
#include <labmock/GroupProber.h>

#include <memory>

#include <string>
#include <vector>

namespace labmock
{

/// The result of PluginHost::scan(): loaded plugins, their groups in load order, and
/// every plugin that was skipped or complained. A plain value type.
struct PluginScan
{
    struct Plugin
    {
        std::string name;
        std::string path;
        int abiVersion = 0;
        std::vector<std::string> groups;
        bool failed = false; ///< its groups() failed this time (groups: what it served before, if any)
    };

    struct Declaration
    {
        std::string plugin;
        Group group;
        /// The provider that declared it, when it can probe (keeps the provider alive).
        std::shared_ptr<GroupProber> prober = nullptr;
    };

    std::vector<Plugin> plugins;
    std::vector<Declaration> declarations;
    std::vector<PluginError> errors;
};

} // namespace labmock

#endif // LABMOCK_PLUGINSCAN_INCLUDED
