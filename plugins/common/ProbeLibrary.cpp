//
// ProbeLibrary.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ProbeLibrary.h"

#include <Poco/Exception.h>
#include <Poco/Path.h>

#include <dlfcn.h>
#include <filesystem>
#include <system_error>

namespace labmock_plugins
{

namespace
{

/// The file this code was loaded from: the plugin it is linked into. A plugin reached through
/// a symbolic link finds its probe library beside the file the link points to.
std::string ownFile()
{
    Dl_info info{};
    if (::dladdr(reinterpret_cast<const void*>(&ownFile), &info) == 0 || !info.dli_fname)
        return "";
    std::error_code error;
    const auto real = std::filesystem::canonical(info.dli_fname, error);
    return error ? std::string(info.dli_fname) : real.string();
}

} // namespace

ProbeLibrary::ProbeLibrary(const std::string& name)
    : _path(Poco::Path(ownFile()).parent().pushDirectory(name).setFileName("lib" + name + "-probe.so").toString())
{
}

const void* ProbeLibrary::symbol()
{
    const std::lock_guard<std::mutex> lock(_mutex);
    if (!_library.isLoaded())
        _library.load(_path); // never unloaded: a probe may still be running when the plugin goes
    if (!_library.hasSymbol("labmock_probe"))
        throw Poco::NotFoundException(_path + " exports no labmock_probe");
    return _library.getSymbol("labmock_probe");
}

} // namespace labmock_plugins
