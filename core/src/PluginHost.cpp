//
// PluginHost.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "PluginHost.h"

#include "PluginCall.h"

#include "FileStamp.h"

#include <labmock/Plugin.h>

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/SharedLibrary.h>
#include <Poco/String.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <Poco/Logger.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <set>
#include <sys/stat.h>

namespace labmock
{

namespace
{

/// "POCO 1.11, std::string ABI 1" from a toolchainTag().
std::string describeToolchain(int tag)
{
    const int poco = tag / 10;
    return "POCO " + std::to_string(poco >> 8) + "." + std::to_string(poco & 0xFF) + ", std::string ABI "
           + std::to_string(tag % 10);
}

/// The plugin files of dir, in name order. unreadable is set when dir exists but could not
/// be listed (no permission, out of descriptors): its plugins are unknown, not gone.
std::vector<std::string> libraryFiles(const std::string& dir, std::vector<PluginError>& errors, bool& unreadable)
{
    std::vector<std::string> files;
    try
    {
        const Poco::File directory(dir);
        if (!directory.exists())
        {
            errors.push_back({"", dir, "plugins.path entry does not exist"});
            return files;
        }
        if (!directory.isDirectory())
        {
            errors.push_back({"", dir, "plugins.path entry is not a directory"});
            return files;
        }
        for (Poco::DirectoryIterator it(dir), end; it != end; ++it)
        {
            if (!Poco::endsWith(it.name(), Poco::SharedLibrary::suffix()))
                continue;
            // dlopen() of a FIFO blocks and of a device reads it: only regular files are tried.
            // A dangling or looping link skips that file, not the directory.
            const std::string path = it.path().toString();
            struct stat status;
            if (::stat(path.c_str(), &status) != 0)
                errors.push_back({PluginHost::pluginName(path), path, std::string("skipped: ") + std::strerror(errno)});
            else if (!S_ISREG(status.st_mode))
                errors.push_back({PluginHost::pluginName(path), path, "skipped: not a regular file"});
            else
                files.push_back(path);
        }
    }
    catch (const Poco::Exception& e)
    {
        errors.push_back({"", dir, "cannot read plugin directory: " + e.displayText()});
        unreadable = true;
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

PluginHost::PluginHost(const Poco::Util::AbstractConfiguration& config, Poco::Timespan loadTimeout)
    : _config(config), _loadTimeout(loadTimeout)
{
}

PluginHost::~PluginHost()
{
    // Providers are destroyed before _loader; the libraries themselves stay mapped.
    _loaded.clear();
}

std::string PluginHost::pluginName(const std::string& path)
{
    std::string name = Poco::Path(path).getFileName();
    const std::string suffix = Poco::SharedLibrary::suffix();
    if (Poco::endsWith(name, suffix))
        name.erase(name.size() - suffix.size());
    if (Poco::startsWith(name, std::string("lib")))
        name.erase(0, 3);
    if (Poco::endsWith(name, std::string("-group")))
        name.erase(name.size() - 6);
    return name;
}

PluginScan PluginHost::scan(const std::vector<std::string>& dirs)
{
    PluginScan result;
    std::vector<std::string> paths; // directory order, then file name
    std::map<std::string, std::string> pathOfName;
    for (const auto& dir : dirs)
    {
        bool unreadable = false;
        const auto files = libraryFiles(dir, result.errors, unreadable);
        // A rescan that cannot see a directory must not drop the plugins it holds.
        if (unreadable && _scanned)
            throw Poco::IOException("cannot read plugin directory " + dir + ": " + result.errors.back().message);
        for (const auto& path : files)
        {
            const std::string name = pluginName(path);
            const auto [first, inserted] = pathOfName.emplace(name, path);
            if (inserted)
                paths.push_back(path);
            else
                result.errors.push_back(
                    {name, path, "plugin \"" + name + "\" is already loaded from " + first->second + "; skipped"});
        }
    }

    // What was tried is what gets loaded: a file replaced during the pre-flight is not.
    std::map<std::string, FileStamp> tried;
    for (const auto& path : paths)
        tried.emplace(path, FileStamp::take(path));
    // A plugin that passed its trial is loaded here while the child tries the next one, so
    // that a start pays for the plugins' loading about once, not twice in a row.
    std::map<std::string, EarlyLoad> early;
    const auto verdicts = preflight(paths,
                                    [&](const std::string& path)
                                    {
                                        try
                                        {
                                            if (_loaded.count(path) || !(FileStamp::take(path) == tried.at(path)))
                                                return;
                                            EarlyLoad& loaded = early[path];
                                            loaded.plugin = load(path, loaded.errors);
                                        }
                                        catch (...)
                                        {
                                            early.erase(path); // loaded below, as without a pre-flight
                                        }
                                    });
    std::map<std::string, std::unique_ptr<Loaded>> current;
    std::vector<std::string> loadOrder;
    std::set<std::string> failedAgain; // loaded before, failed its pre-flight now
    for (const auto& path : paths)
    {
        auto found = _loaded.find(path);
        const bool loadedBefore = found != _loaded.end();
        const auto verdict = verdicts.find(path);
        if (verdict != verdicts.end() && !verdict->second.passed)
        {
            for (const auto& error : verdict->second.errors)
                result.errors.push_back({pluginName(path), path, error});
            if (!loadedBefore)
                continue;
            failedAgain.insert(path); // its code is not called again; what it served stays
        }
        if (!loadedBefore && !(FileStamp::take(path) == tried.at(path)))
        {
            result.errors.push_back(
                {pluginName(path), path, "skipped: the file changed while it was tried; reload to try it again"});
            continue;
        }
        std::unique_ptr<Loaded> plugin;
        if (loadedBefore)
            plugin = std::move(found->second);
        else if (const auto loaded = early.find(path); loaded != early.end())
        {
            result.errors.insert(result.errors.end(), loaded->second.errors.begin(), loaded->second.errors.end());
            plugin = std::move(loaded->second.plugin);
        }
        else
            plugin = load(path, result.errors);
        if (plugin)
        {
            loadOrder.push_back(path);
            current[path] = std::move(plugin);
        }
    }
    _loaded = std::move(current); // providers of removed files are destroyed here
    _scanned = true;

    for (const auto& path : loadOrder)
    {
        Loaded& plugin = *_loaded[path];
        std::vector<PluginScan::Declaration> declared;
        bool failed = failedAgain.count(path) > 0;
        for (std::size_t p = 0; !failed && p < plugin.providers.size(); ++p)
        {
            std::vector<Group> groups;
            std::vector<std::string> problems;
            std::string message;
            failed = !PluginCall::guarded(
                [&]
                {
                    groups = plugin.providers[p]->groups();
                    problems = plugin.providers[p]->problems();
                },
                message);
            if (failed)
            {
                result.errors.push_back({plugin.name, path, "groups() failed: " + message});
                break;
            }
            for (const auto& problem : problems)
                result.errors.push_back({plugin.name, path, problem});
            // A provider that also implements the optional probe interface (GroupProber).
            std::shared_ptr<GroupProber> prober(plugin.providers[p],
                                                dynamic_cast<GroupProber*>(plugin.providers[p].get()));
            if (!prober.get())
                prober.reset();
            for (auto& group : groups)
                declared.push_back({plugin.name, std::move(group), prober});
        }
        if (failed && !plugin.served.empty())
        {
            // Nothing is lost to a bad reload: what the plugin served before stays served.
            result.errors.back().message += "; still serving the groups it declared before";
            declared = plugin.served;
        }
        else if (!failed)
            plugin.served = declared;
        PluginScan::Plugin info{plugin.name, path, plugin.abiVersion, {}, failed};
        for (auto& declaration : declared)
        {
            info.groups.push_back(declaration.group.name);
            result.declarations.push_back(std::move(declaration));
        }
        result.plugins.push_back(std::move(info));
    }
    return result;
}

std::map<std::string, std::set<std::string>> PluginHost::keysRead() const
{
    std::map<std::string, std::set<std::string>> read;
    for (const auto& [path, plugin] : _loaded)
    {
        std::set<std::string>& keys = read[plugin->name];
        if (!plugin->config)
            continue;
        keys = plugin->config->keysRead();
        for (const auto& listed : plugin->config->keysListed())
            keys.insert(listed.empty() ? std::string("*") : listed + ".*");
    }
    return read;
}

std::map<std::string, PluginPreflight::Verdict> PluginHost::preflight(const std::vector<std::string>& paths,
                                                                      const PluginPreflight::Passed& passed)
{
    try
    {
        return PluginPreflight::run(
            paths, [this](const std::string& path, PluginPreflight::Report& report) { trial(path, report); },
            _loadTimeout, passed);
    }
    catch (const std::exception& e)
    {
        // A rescan keeps what it has rather than load code untried; a first scan without fork
        // (a sandbox, a process limit) still loads the plugins, unguarded.
        if (_scanned)
            throw Poco::RuntimeException(std::string("plugin pre-flight unavailable: ") + e.what());
        Poco::Logger::get("plugins").warning(std::string("plugin pre-flight unavailable, loading without it: ")
                                             + e.what());
        return {};
    }
}

void PluginHost::trial(const std::string& path, PluginPreflight::Report& report)
{
    // Runs in a forked child, which exits right after: nothing here is cleaned up.
    auto found = _loaded.find(path);
    Loaded* plugin = found != _loaded.end() ? found->second.get() : nullptr;
    if (!plugin)
    {
        std::vector<PluginError> errors;
        plugin = load(path, errors, &report).release();
        for (const auto& error : errors)
            report.error(error.message);
        if (!plugin)
            return;
    }
    for (const auto& provider : plugin->providers)
    {
        // What it throws is a clean answer, reported when the server makes the same call.
        std::string ignored;
        report.phase("groups()");
        PluginCall::guarded([&] { provider->groups(); }, ignored);
        report.phase("problems()");
        PluginCall::guarded([&] { provider->problems(); }, ignored);
    }
}

std::unique_ptr<PluginHost::Loaded> PluginHost::load(const std::string& path, std::vector<PluginError>& errors,
                                                     PluginPreflight::Report* report)
{
    const auto phase = [report](const std::string& name)
    {
        if (report)
            report->phase(name);
    };
    auto plugin = std::make_unique<Loaded>();
    plugin->name = pluginName(path);
    auto skip = [&](const std::string& message)
    {
        errors.push_back({plugin->name, path, message});
        return nullptr;
    };

    // The ABI handshake comes first: a manifest read from a stale plugin could crash us.
    // The library is never unloaded, so the handle is not kept.
    std::string message;
    Poco::SharedLibrary library;
    phase("dlopen()");
    if (!PluginCall::guarded([&] { library.load(path); }, message))
        return skip("not a loadable shared library: " + message);
    if (!library.hasSymbol(LABMOCK_PLUGIN_ABI_SYMBOL))
        return skip("not a lab-mock-server plugin: it exports no " LABMOCK_PLUGIN_ABI_SYMBOL
                    "() (declare the provider with LABMOCK_PLUGIN)");
    using AbiFunction = int (*)();
    const auto abiVersion = reinterpret_cast<AbiFunction>(library.getSymbol(LABMOCK_PLUGIN_ABI_SYMBOL));
    phase(LABMOCK_PLUGIN_ABI_SYMBOL "()");
    if (!PluginCall::guarded([&] { plugin->abiVersion = abiVersion(); }, message))
        return skip(LABMOCK_PLUGIN_ABI_SYMBOL "() failed: " + message);
    if (plugin->abiVersion != PLUGIN_ABI_VERSION)
        return skip("built for plugin ABI " + std::to_string(plugin->abiVersion) + ", this server speaks ABI "
                    + std::to_string(PLUGIN_ABI_VERSION) + "; rebuild it against this SDK");
    if (!library.hasSymbol(LABMOCK_PLUGIN_TOOLCHAIN_SYMBOL))
        return skip("exports no " LABMOCK_PLUGIN_TOOLCHAIN_SYMBOL "() (declare the provider with LABMOCK_PLUGIN)");
    const auto toolchain = reinterpret_cast<AbiFunction>(library.getSymbol(LABMOCK_PLUGIN_TOOLCHAIN_SYMBOL));
    int tag = 0;
    phase(LABMOCK_PLUGIN_TOOLCHAIN_SYMBOL "()");
    if (!PluginCall::guarded([&] { tag = toolchain(); }, message))
        return skip(LABMOCK_PLUGIN_TOOLCHAIN_SYMBOL "() failed: " + message);
    if (tag != toolchainTag())
        return skip("built with " + describeToolchain(tag) + ", this server with " + describeToolchain(toolchainTag())
                    + "; rebuild it with the server's POCO and compiler");

    phase("reading its manifest");
    if (!PluginCall::guarded([&] { _loader.loadLibrary(path); }, message))
        return skip("cannot read its manifest: " + message);
    const auto* manifest = _loader.findManifest(path);
    if (!manifest || manifest->begin() == manifest->end())
        return skip("its manifest exports no labmock::GroupProvider");

    plugin->config = new RecordingConfiguration(_config.createView("plugins." + plugin->name));
    const Poco::Util::AbstractConfiguration& view = *plugin->config;
    for (auto it = manifest->begin(); it != manifest->end(); ++it)
    {
        std::shared_ptr<GroupProvider> provider;
        phase("the constructor of " + std::string(it->name()));
        if (!PluginCall::guarded([&] { provider.reset(it->create()); }, message))
            return skip("provider " + std::string(it->name()) + " failed to start: " + message);
        phase("configure()");
        if (!PluginCall::guarded([&] { provider->configure(view); }, message))
            return skip("provider " + std::string(it->name()) + " rejected its configuration: " + message);
        plugin->providers.push_back(std::move(provider));
    }
    return plugin;
}

} // namespace labmock
