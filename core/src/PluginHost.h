//
// PluginHost.h
//
// Finds, checks and loads group-provider plugins; never unloads them.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_PLUGINHOST_INCLUDED
#define LABMOCK_PLUGINHOST_INCLUDED

#include "PluginPreflight.h"
#include "PluginScan.h"
#include "RecordingConfiguration.h"

#include <labmock/GroupProvider.h>

#include <Poco/ClassLoader.h>
#include <Poco/Timespan.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace Poco::Util
{
class AbstractConfiguration;
}

namespace labmock
{

/// Loads the lib*.so files of the plugin directories. Each file is first tried in a forked
/// child (PluginPreflight: load, ABI check, construct, configure, groups()) and mapped into
/// this process only when that child survived: a plugin that crashes, exits or hangs is
/// reported and skipped. On a rescan, a plugin that fails keeps the groups it served before.
/// Only regular files are opened. Before a library's manifest is read,
/// its labmock_plugin_abi_version() must exist and match PLUGIN_ABI_VERSION. Every failure
/// (not a shared library, no ABI symbol, another ABI, no or a foreign manifest, a provider
/// that throws) becomes a PluginError and the plugin is skipped. Libraries stay mapped
/// for the life of the process: code of an unloaded plugin could still be on a stack.
///
/// Not thread-safe: scan() is called at start-up and on reload, from the main thread.
class PluginHost
{
public:
    /// config is the whole configuration; each provider gets its view plugins.<name>.
    /// It must outlive the host. loadTimeout bounds each scan's pre-flight (plugins.loadTimeout).
    explicit PluginHost(const Poco::Util::AbstractConfiguration& config,
                        Poco::Timespan loadTimeout = Poco::Timespan(5, 0));
    ~PluginHost();

    /// Scans dirs (each sorted by file name), loads plugins not loaded yet, drops the
    /// providers of files that are gone, and asks every provider for its groups again.
    /// A rescan that cannot list a plugin directory or fork a pre-flight child throws
    /// Poco::Exception and changes nothing.
    PluginScan scan(const std::vector<std::string>& dirs);

    /// For each plugin loaded now, the keys below plugins.<name>. it has read so far; "*"
    /// or "prefix.*" where it listed keys instead (ConfigurationAudit reports the others).
    std::map<std::string, std::set<std::string>> keysRead() const;

    /// The plugin name of a library file: libfoo-group.so → foo.
    static std::string pluginName(const std::string& path);

private:
    struct Loaded
    {
        std::string name;
        int abiVersion = 0;
        /// Shared with the catalogs that list their groups: a probe may still run one
        /// after a reload dropped its plugin.
        std::vector<std::shared_ptr<GroupProvider>> providers;
        std::vector<PluginScan::Declaration> served; ///< what its providers declared in the last scan that worked
        RecordingConfiguration::Ptr config;          ///< its view plugins.<name>., as its providers read it
    };

    /// A plugin loaded during the pre-flight, as soon as its trial passed, and why it was not.
    struct EarlyLoad
    {
        std::unique_ptr<Loaded> plugin;
        std::vector<PluginError> errors;
    };

    /// Loads path; returns nullptr after recording why it was skipped. With a report (in a
    /// pre-flight child), announces each phase before entering it.
    std::unique_ptr<Loaded> load(const std::string& path, std::vector<PluginError>& errors,
                                 PluginPreflight::Report* report = nullptr);
    /// Verdicts of a pre-flight of paths; none when no child can be forked at the first scan.
    /// Throws when none can be forked on a rescan. passed: as PluginPreflight::run.
    std::map<std::string, PluginPreflight::Verdict> preflight(const std::vector<std::string>& paths,
                                                              const PluginPreflight::Passed& passed);
    /// What a pre-flight child does with path: load it (unless loaded already) and call every provider.
    void trial(const std::string& path, PluginPreflight::Report& report);

    const Poco::Util::AbstractConfiguration& _config;
    const Poco::Timespan _loadTimeout;
    Poco::ClassLoader<GroupProvider> _loader; // declared first: outlives the providers
    std::map<std::string, std::unique_ptr<Loaded>> _loaded;
    bool _scanned = false; ///< a scan completed: the next one is a rescan
};

} // namespace labmock

#endif // LABMOCK_PLUGINHOST_INCLUDED
