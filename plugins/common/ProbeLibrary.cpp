//
// ProbeLibrary.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ProbeLibrary.h"

#include <Poco/Exception.h>
#include <Poco/Path.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <dlfcn.h>
#include <elf.h>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <system_error>
#include <vector>

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

/// Refuses what dlopen() must not see: it blocks on a FIFO, and a library cut short (an
/// interrupted copy) is mapped past the end of its file, which is a SIGBUS in the loader.
void checkLoadable(const std::string& path)
{
    struct stat status;
    if (::stat(path.c_str(), &status) != 0)
        throw Poco::FileNotFoundException(path);
    if (!S_ISREG(status.st_mode))
        throw Poco::LibraryLoadException(path + " is not a regular file");
    const auto size = static_cast<std::uint64_t>(status.st_size);
    std::ifstream file(path, std::ios::binary);
    Elf64_Ehdr header{};
    if (!file.read(reinterpret_cast<char*>(&header), sizeof header) || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0
        || header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_phentsize != sizeof(Elf64_Phdr))
        throw Poco::LibraryLoadException(path + " is not a 64-bit ELF shared library");
    std::vector<Elf64_Phdr> segments(header.e_phnum);
    if (header.e_phoff + segments.size() * sizeof(Elf64_Phdr) > size
        || !file.seekg(static_cast<std::streamoff>(header.e_phoff))
        || !file.read(reinterpret_cast<char*>(segments.data()),
                      static_cast<std::streamsize>(segments.size() * sizeof(Elf64_Phdr))))
        throw Poco::LibraryLoadException(path + " is truncated (its program headers are missing)");
    const bool whole = std::all_of(segments.begin(), segments.end(),
                                   [size](const Elf64_Phdr& segment) {
                                       return segment.p_type != PT_LOAD || segment.p_offset + segment.p_filesz <= size;
                                   });
    if (!whole)
        throw Poco::LibraryLoadException(path + " is truncated (" + std::to_string(size)
                                         + " bytes, shorter than its segments)");
}

} // namespace

ProbeLibrary::ProbeLibrary(const std::string& name) : _name(name), _symbol("labmock_probe_" + name)
{
    std::replace(_symbol.begin(), _symbol.end(), '-', '_');
}

const void* ProbeLibrary::symbol()
{
    const std::lock_guard<std::mutex> lock(_mutex);
    if (!_library.isLoaded())
    {
        // Found when first needed: a server whose probes are off does no work for it.
        const std::string path =
            Poco::Path(ownFile()).parent().pushDirectory(_name).setFileName("lib" + _name + "-probe.so").toString();
        checkLoadable(path);
        _library.load(path); // never unloaded: a probe may still be running when the plugin goes
    }
    // Named after the plugin: another plugin's probe library is refused, not called.
    if (!_library.hasSymbol(_symbol))
        throw Poco::NotFoundException(_library.getPath() + " exports no " + _symbol);
    return _library.getSymbol(_symbol);
}

} // namespace labmock_plugins
