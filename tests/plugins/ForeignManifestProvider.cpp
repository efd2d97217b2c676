//
// ForeignManifestProvider.cpp
//
// Test plugin whose manifest exports classes of another base class.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

namespace
{

/// Not a labmock::GroupProvider: the manifest of some other Poco plugin host.
class Widget
{
public:
    virtual ~Widget() = default;
};

class FancyWidget : public Widget
{
};

} // namespace

extern "C" __attribute__((visibility("default"))) int labmock_plugin_abi_version()
{
    return labmock::PLUGIN_ABI_VERSION;
}

extern "C" __attribute__((visibility("default"))) int labmock_plugin_toolchain()
{
    return labmock::toolchainTag();
}

POCO_BEGIN_MANIFEST(Widget)
POCO_EXPORT_CLASS(FancyWidget)
POCO_END_MANIFEST
