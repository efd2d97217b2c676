//
// WrongAbiProvider.cpp
//
// Test plugin built for another plugin ABI: the host must refuse it before its manifest.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

namespace
{

class WrongAbiProvider : public labmock::GroupProvider
{
public:
    std::vector<labmock::Group> groups() override
    {
        return {{"Wrong ABI Group", "Must never be shown", {{"TEST_WRONG_ABI", false, true}}}};
    }
};

} // namespace

// What LABMOCK_PLUGIN expands to, but claiming an ABI this server does not speak.
extern "C" __attribute__((visibility("default"))) int labmock_plugin_abi_version()
{
    return labmock::PLUGIN_ABI_VERSION + 98;
}

POCO_BEGIN_MANIFEST(labmock::GroupProvider)
POCO_EXPORT_CLASS(WrongAbiProvider)
POCO_END_MANIFEST
