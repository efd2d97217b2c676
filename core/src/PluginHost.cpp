//
// PluginHost.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "PluginHost.h"

#include <labmock/Plugin.h>

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/SharedLibrary.h>
#include <Poco/String.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <functional>

namespace labmock
{

namespace
{

/// Runs call; turns anything it throws into a message. Plugin code may throw anything.
bool guarded(const std::function<void()>& call, std::string& message)
{
    try
    {
        call();
        return true;
    }
    catch (const Poco::Exception& e)
    {
        message = e.displayText();
    }
    catch (const std::exception& e)
    {
        message = e.what();
    }
    catch (...)
    {
        message = "unknown exception";
    }
    return false;
}

/// "POCO 1.11, std::string ABI 1" from a toolchainTag().
std::string describeToolchain(int tag)
{
    const int poco = tag / 10;
    return "POCO " + std::to_string(poco >> 8) + "." + std::to_string(poco & 0xFF) + ", std::string ABI "
           + std::to_string(tag % 10);
}

std::vector<std::string> libraryFiles(const std::string& dir, std::vector<PluginError>& errors)
{
    std::vector<std::string> files;
    try
    {
        const Poco::File directory(dir);
        if (!directory.exists())
            return files; // a default directory that does not exist here is not an error
        if (!directory.isDirectory())
        {
            errors.push_back({"", dir, "plugins.path entry is not a directory"});
            return files;
        }
        for (Poco::DirectoryIterator it(dir), end; it != end; ++it)
        {
            if (Poco::endsWith(it.name(), Poco::SharedLibrary::suffix()) && !it->isDirectory())
                files.push_back(it.path().toString());
        }
    }
    catch (const Poco::Exception& e)
    {
        errors.push_back({"", dir, "cannot read plugin directory: " + e.displayText()});
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

PluginHost::PluginHost(const Poco::Util::AbstractConfiguration& config) : _config(config)
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
    std::map<std::string, std::unique_ptr<Loaded>> current;
    std::vector<std::string> loadOrder; // directory order, then file name
    std::map<std::string, std::string> pathOfName;
    for (const auto& dir : dirs)
    {
        for (const auto& path : libraryFiles(dir, result.errors))
        {
            const std::string name = pluginName(path);
            if (pathOfName.count(name))
            {
                result.errors.push_back(
                    {name, path, "plugin \"" + name + "\" is already loaded from " + pathOfName[name] + "; skipped"});
                continue;
            }
            auto found = _loaded.find(path);
            std::unique_ptr<Loaded> plugin =
                found != _loaded.end() ? std::move(found->second) : load(path, result.errors);
            if (plugin)
            {
                pathOfName[name] = path;
                loadOrder.push_back(path);
                current[path] = std::move(plugin);
            }
        }
    }
    _loaded = std::move(current); // providers of removed files are destroyed here

    for (const auto& path : loadOrder)
    {
        const Loaded& plugin = *_loaded[path];
        PluginScan::Plugin info{plugin.name, path, plugin.abiVersion, {}};
        for (const auto& provider : plugin.providers)
        {
            std::vector<Group> groups;
            std::vector<std::string> problems;
            std::string message;
            if (!guarded(
                    [&]
                    {
                        groups = provider->groups();
                        problems = provider->problems();
                    },
                    message))
            {
                result.errors.push_back({plugin.name, path, "groups() failed: " + message});
                continue;
            }
            for (const auto& problem : problems)
                result.errors.push_back({plugin.name, path, problem});
            for (auto& group : groups)
            {
                info.groups.push_back(group.name);
                result.declarations.push_back({plugin.name, std::move(group)});
            }
        }
        result.plugins.push_back(std::move(info));
    }
    return result;
}

std::unique_ptr<PluginHost::Loaded> PluginHost::load(const std::string& path, std::vector<PluginError>& errors)
{
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
    if (!guarded([&] { library.load(path); }, message))
        return skip("not a loadable shared library: " + message);
    if (!library.hasSymbol(LABMOCK_PLUGIN_ABI_SYMBOL))
        return skip("not a lab-mock-server plugin: it exports no " LABMOCK_PLUGIN_ABI_SYMBOL
                    "() (declare the provider with LABMOCK_PLUGIN)");
    using AbiFunction = int (*)();
    const auto abiVersion = reinterpret_cast<AbiFunction>(library.getSymbol(LABMOCK_PLUGIN_ABI_SYMBOL));
    if (!guarded([&] { plugin->abiVersion = abiVersion(); }, message))
        return skip(LABMOCK_PLUGIN_ABI_SYMBOL "() failed: " + message);
    if (plugin->abiVersion != PLUGIN_ABI_VERSION)
        return skip("built for plugin ABI " + std::to_string(plugin->abiVersion) + ", this server speaks ABI "
                    + std::to_string(PLUGIN_ABI_VERSION) + "; rebuild it against this SDK");
    if (!library.hasSymbol(LABMOCK_PLUGIN_TOOLCHAIN_SYMBOL))
        return skip("exports no " LABMOCK_PLUGIN_TOOLCHAIN_SYMBOL "() (declare the provider with LABMOCK_PLUGIN)");
    const auto toolchain = reinterpret_cast<AbiFunction>(library.getSymbol(LABMOCK_PLUGIN_TOOLCHAIN_SYMBOL));
    int tag = 0;
    if (!guarded([&] { tag = toolchain(); }, message))
        return skip(LABMOCK_PLUGIN_TOOLCHAIN_SYMBOL "() failed: " + message);
    if (tag != toolchainTag())
        return skip("built with " + describeToolchain(tag) + ", this server with " + describeToolchain(toolchainTag())
                    + "; rebuild it with the server's POCO and compiler");

    if (!guarded([&] { _loader.loadLibrary(path); }, message))
        return skip("cannot read its manifest: " + message);
    const auto* manifest = _loader.findManifest(path);
    if (!manifest || manifest->begin() == manifest->end())
        return skip("its manifest exports no labmock::GroupProvider");

    const auto view = _config.createView("plugins." + plugin->name);
    for (auto it = manifest->begin(); it != manifest->end(); ++it)
    {
        std::unique_ptr<GroupProvider> provider;
        if (!guarded([&] { provider.reset(it->create()); }, message))
            return skip("provider " + std::string(it->name()) + " failed to start: " + message);
        if (!guarded([&] { provider->configure(*view); }, message))
            return skip("provider " + std::string(it->name()) + " rejected its configuration: " + message);
        plugin->providers.push_back(std::move(provider));
    }
    return plugin;
}

} // namespace labmock
