//
// ThrowingConstructorProvider.cpp
//
// Test plugin whose provider throws while it is being created.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

#include <stdexcept>

namespace
{

class ThrowingConstructorProvider : public labmock::GroupProvider
{
public:
    ThrowingConstructorProvider()
    {
        throw std::runtime_error("test plugin refuses to be constructed");
    }

    std::vector<labmock::Group> groups() override
    {
        return {{"Throwing Constructor Group", "Must never be shown", {{"TEST_THROWING_CONSTRUCTOR", false, true}}}};
    }
};

} // namespace

LABMOCK_PLUGIN(ThrowingConstructorProvider)
