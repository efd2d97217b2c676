//
// ExitingGroupsProvider.cpp
//
// Test plugin whose groups() calls exit(3).
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

#include <cstdlib>

namespace
{

class ExitingGroupsProvider : public labmock::GroupProvider
{
public:
    std::vector<labmock::Group> groups() override
    {
        std::exit(3);
    }
};

} // namespace

LABMOCK_PLUGIN(ExitingGroupsProvider)
