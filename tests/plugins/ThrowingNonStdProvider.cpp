//
// ThrowingNonStdProvider.cpp
//
// Test plugin whose groups() throws something that is not an exception class.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

namespace
{

class ThrowingNonStdProvider : public labmock::GroupProvider
{
public:
    std::vector<labmock::Group> groups() override
    {
        throw 42; // plugin code may throw anything; the host must still survive it
    }
};

} // namespace

LABMOCK_PLUGIN(ThrowingNonStdProvider)
