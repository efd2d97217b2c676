//
// NoManifestProvider.cpp
//
// Test plugin that passes the ABI handshake but exports no Poco manifest.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

extern "C" __attribute__((visibility("default"))) int labmock_plugin_abi_version()
{
    return labmock::PLUGIN_ABI_VERSION;
}

extern "C" __attribute__((visibility("default"))) int labmock_plugin_toolchain()
{
    return labmock::toolchainTag();
}
