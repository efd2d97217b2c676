//
// InstallLayout.h
//
// Where a server finds its plugins, JSON groups and properties file when not told.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_INSTALLLAYOUT_INCLUDED
#define LABMOCK_INSTALLLAYOUT_INCLUDED

#include <string>

namespace labmock
{

/// The default paths of a server, decided by where its executable lies: in the build tree,
/// the build's plugins and the source tree's etc/; installed as <prefix>/<bindir>/, the
/// plugins and configuration of that same prefix (so a copy installed with
/// `cmake --install --prefix DIR` is complete wherever DIR is), with the configuration in
/// /etc/lab-mock-server for the prefix /usr; anywhere else, those of the configured prefix.
/// A plain value type.
struct InstallLayout
{
    std::string pluginDir;  ///< default of plugins.path
    std::string groupsDir;  ///< default of groups.path
    std::string configFile; ///< the properties file read when --config is not given; empty: none
    bool buildTree = false; ///< the executable runs from its build tree

    /// The layout of the executable in directory exeDir (symbolic links are resolved).
    static InstallLayout forExecutableIn(const std::string& exeDir);

    /// The layout of a server installed under prefix (an absolute path, no trailing '/').
    static InstallLayout forPrefix(const std::string& prefix);
};

} // namespace labmock

#endif // LABMOCK_INSTALLLAYOUT_INCLUDED
