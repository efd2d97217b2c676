//
// ThrowingGroupsProvider.cpp
//
// Test plugin whose groups() throws a std::runtime_error.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

#include <stdexcept>

namespace
{

class ThrowingGroupsProvider : public labmock::GroupProvider
{
public:
    std::vector<labmock::Group> groups() override
    {
        throw std::runtime_error("test plugin cannot list its groups");
    }
};

} // namespace

LABMOCK_PLUGIN(ThrowingGroupsProvider)
