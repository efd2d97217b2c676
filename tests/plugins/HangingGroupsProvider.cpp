//
// HangingGroupsProvider.cpp
//
// Test plugin whose groups() never returns.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

#include <unistd.h>

namespace
{

class HangingGroupsProvider : public labmock::GroupProvider
{
public:
    std::vector<labmock::Group> groups() override
    {
        for (;;)
            ::pause();
    }
};

} // namespace

LABMOCK_PLUGIN(HangingGroupsProvider)
