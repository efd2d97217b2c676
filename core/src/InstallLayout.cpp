//
// InstallLayout.cpp
//
// Where a server finds its plugins, JSON groups and properties file when not told.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "InstallLayout.h"

#include "BuildInfo.h"

#include <climits>
#include <cstdlib>

namespace labmock
{

namespace
{

/// path with symbolic links and dot segments resolved; path itself when it does not exist.
std::string resolved(const std::string& path)
{
    char buffer[PATH_MAX];
    return ::realpath(path.c_str(), buffer) ? std::string(buffer) : path;
}

bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() > suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

InstallLayout InstallLayout::forExecutableIn(const std::string& exeDir)
{
    const std::string dir = resolved(exeDir);
    if (dir == resolved(BuildInfo::BUILD_BINARY_DIR))
    {
        InstallLayout layout;
        layout.pluginDir = BuildInfo::BUILD_PLUGIN_DIR;
        layout.groupsDir = BuildInfo::SOURCE_GROUPS_DIR;
        layout.buildTree = true; // the source tree's properties file documents; it is not read
        return layout;
    }
    const std::string bindir = BuildInfo::INSTALL_BINDIR;
    if (!bindir.empty() && bindir.front() != '/' && endsWith(dir, "/" + bindir))
        return forPrefix(dir.substr(0, dir.size() - bindir.size() - 1));
    return forPrefix(BuildInfo::INSTALL_PREFIX);
}

InstallLayout InstallLayout::forPrefix(const std::string& prefix)
{
    // The FHS puts the configuration of /usr (and of the root) in /etc; any other prefix
    // keeps it inside, as packaging/CMakeLists.txt installs it.
    const bool system = prefix.empty() || prefix == "/" || prefix == "/usr";
    const std::string root = prefix == "/" ? std::string() : prefix;
    const std::string configDir = (system ? std::string() : root) + "/etc/lab-mock-server";
    InstallLayout layout;
    layout.pluginDir = root + "/" + BuildInfo::INSTALL_PLUGIN_DIR;
    layout.groupsDir = configDir + "/groups.d";
    layout.configFile = configDir + "/lab-mock-server.properties";
    return layout;
}

} // namespace labmock
