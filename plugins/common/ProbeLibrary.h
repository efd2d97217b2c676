//
// ProbeLibrary.h
//
// A plugin's probe code, loaded from a library of its own the first time a probe runs.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_PROBELIBRARY_INCLUDED
#define LABMOCK_PROBELIBRARY_INCLUDED

#include <Poco/SharedLibrary.h>

#include <mutex>
#include <string>

namespace labmock_plugins
{

/// The probe of a shipped plugin lives in <plugin's folder>/<name>/lib<name>-probe.so, beside
/// the plugin, with the client library it needs (libpq, OpenSSL). Probes are off by default,
/// and every library a plugin links is mapped twice at each start (in the pre-flight child
/// and in the server): kept apart, they cost nothing until the first probe. That library
/// exports `labmock_probe_<name>` ('-' as '_'), a pointer to its probe function. It is not
/// tried in a pre-flight child as plugins are; a FIFO or a truncated file in its place is
/// refused before dlopen(). Thread-safe.
class ProbeLibrary
{
public:
    /// name: the plugin's name ("postgresql"); the file is found from the plugin's own path.
    explicit ProbeLibrary(const std::string& name);

    /// The exported probe function, as Function (the type of the probe's run()). Loads the
    /// library on first use; a library that cannot be loaded is tried again next time.
    /// Throws Poco::LibraryLoadException or Poco::NotFoundException naming the file.
    template <typename Function> Function function()
    {
        return *static_cast<const Function*>(symbol());
    }

private:
    const void* symbol();

    std::string _name;
    std::string _symbol;
    std::mutex _mutex;
    Poco::SharedLibrary _library;
};

} // namespace labmock_plugins

#endif // LABMOCK_PROBELIBRARY_INCLUDED
