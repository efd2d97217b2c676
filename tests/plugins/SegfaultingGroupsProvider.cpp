//
// SegfaultingGroupsProvider.cpp
//
// Test plugin whose groups() dies of SIGSEGV.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

#include <csignal>

namespace
{

class SegfaultingGroupsProvider : public labmock::GroupProvider
{
public:
    std::vector<labmock::Group> groups() override
    {
        std::raise(SIGSEGV); // what a stray pointer does, without undefined behaviour in the test itself
        return {};
    }
};

} // namespace

LABMOCK_PLUGIN(SegfaultingGroupsProvider)
