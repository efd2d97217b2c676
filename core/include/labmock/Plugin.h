//
// Plugin.h
//
// The plugin ABI version and the macro that exports a provider from a plugin.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_PLUGIN_INCLUDED
#define LABMOCK_PLUGIN_INCLUDED

#include "labmock/GroupProvider.h"

#include <Poco/ClassLibrary.h>

namespace labmock
{

/// The plugin ABI this SDK speaks. The server refuses a plugin built for another one
/// before reading its manifest. Increase it whenever a change to any header in
/// labmock/ alters layout, a virtual function or its signature; also update
/// PROJECT_VERSION's major number in the top-level CMakeLists.txt.
constexpr int PLUGIN_ABI_VERSION = 1;

} // namespace labmock

/// The name of the C function that reports a plugin's ABI version.
#define LABMOCK_PLUGIN_ABI_SYMBOL "labmock_plugin_abi_version"

/// Exports ProviderClass (a labmock::GroupProvider with a default constructor) from
/// a plugin, with the ABI version it was built against. Write it once, at namespace
/// scope, in one source file of the plugin.
#define LABMOCK_PLUGIN(ProviderClass)                                                                                  \
    extern "C" __attribute__((visibility("default"))) int labmock_plugin_abi_version()                                 \
    {                                                                                                                  \
        return labmock::PLUGIN_ABI_VERSION;                                                                            \
    }                                                                                                                  \
    POCO_BEGIN_MANIFEST(labmock::GroupProvider)                                                                        \
    POCO_EXPORT_CLASS(ProviderClass)                                                                                   \
    POCO_END_MANIFEST

#endif // LABMOCK_PLUGIN_INCLUDED
