//
// NoAbiProvider.cpp
//
// Test plugin with a valid Poco manifest but no ABI version function.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

namespace
{

class NoAbiProvider : public labmock::GroupProvider
{
public:
    std::vector<labmock::Group> groups() override
    {
        return {{"No ABI Group", "Must never be shown", {{"TEST_NO_ABI", false, true}}}};
    }
};

} // namespace

// The manifest written by hand, as a plain Poco plugin would: no labmock_plugin_abi_version().
POCO_BEGIN_MANIFEST(labmock::GroupProvider)
POCO_EXPORT_CLASS(NoAbiProvider)
POCO_END_MANIFEST
