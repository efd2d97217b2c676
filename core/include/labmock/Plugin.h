//
// Plugin.h
//
// The plugin ABI version and the macro that exports a provider from a plugin.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_PLUGIN_INCLUDED
#define LABMOCK_PLUGIN_INCLUDED

#include "labmock/GroupProber.h"
#include "labmock/GroupProvider.h"

#include <Poco/ClassLibrary.h>
#include <Poco/Version.h>

#if defined(_GLIBCXX_USE_CXX11_ABI)
#define LABMOCK_CXX_STRING_ABI _GLIBCXX_USE_CXX11_ABI
#else
#define LABMOCK_CXX_STRING_ABI 9 // not libstdc++
#endif

namespace labmock
{

/// The plugin ABI this SDK speaks. The server refuses a plugin built for another one
/// before reading its manifest. Increase it whenever a change to any header in
/// labmock/ alters layout, a virtual function or its signature; also update
/// PROJECT_VERSION's major number in the top-level CMakeLists.txt.
constexpr int PLUGIN_ABI_VERSION = 1;

/// What else crosses the plugin boundary besides this SDK: POCO's classes (major and minor
/// version) and the standard library's std::string layout. The server refuses a plugin
/// whose tag differs from its own, before reading its manifest.
constexpr int toolchainTag()
{
    return (POCO_VERSION >> 16) * 10 + LABMOCK_CXX_STRING_ABI;
}

} // namespace labmock

/// The name of the C function that reports a plugin's ABI version.
#define LABMOCK_PLUGIN_ABI_SYMBOL "labmock_plugin_abi_version"
/// The name of the C function that reports a plugin's toolchainTag().
#define LABMOCK_PLUGIN_TOOLCHAIN_SYMBOL "labmock_plugin_toolchain"

/// Exports ProviderClass (a labmock::GroupProvider with a default constructor) from
/// a plugin, with the ABI version and toolchain tag it was built with. Write it once, at namespace
/// scope, in one source file of the plugin.
#define LABMOCK_PLUGIN(ProviderClass)                                                                                  \
    extern "C" __attribute__((visibility("default"))) int labmock_plugin_abi_version()                                 \
    {                                                                                                                  \
        return labmock::PLUGIN_ABI_VERSION;                                                                            \
    }                                                                                                                  \
    extern "C" __attribute__((visibility("default"))) int labmock_plugin_toolchain()                                   \
    {                                                                                                                  \
        return labmock::toolchainTag();                                                                                \
    }                                                                                                                  \
    POCO_BEGIN_MANIFEST(labmock::GroupProvider)                                                                        \
    POCO_EXPORT_CLASS(ProviderClass)                                                                                   \
    POCO_END_MANIFEST

#endif // LABMOCK_PLUGIN_INCLUDED
