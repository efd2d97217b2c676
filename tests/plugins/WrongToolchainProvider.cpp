//
// WrongToolchainProvider.cpp
//
// Test plugin that speaks the right ABI but was (it says) built with another POCO.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

namespace
{

class WrongToolchainProvider : public labmock::GroupProvider
{
public:
    std::vector<labmock::Group> groups() override
    {
        return {{"Wrong Toolchain Group", "must never be shown", {{"WRONG_TOOLCHAIN_VAR", false, true}}}};
    }
};

} // namespace

extern "C" __attribute__((visibility("default"))) int labmock_plugin_abi_version()
{
    return labmock::PLUGIN_ABI_VERSION;
}

// POCO 1.12 (0x010C) with the same std::string ABI: one minor version off.
extern "C" __attribute__((visibility("default"))) int labmock_plugin_toolchain()
{
    return 0x010C * 10 + LABMOCK_CXX_STRING_ABI;
}

POCO_BEGIN_MANIFEST(labmock::GroupProvider)
POCO_EXPORT_CLASS(WrongToolchainProvider)
POCO_END_MANIFEST
