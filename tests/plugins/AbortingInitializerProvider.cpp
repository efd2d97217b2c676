//
// AbortingInitializerProvider.cpp
//
// Test plugin whose static initializer aborts while the library is loaded.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

#include <cstdlib>

namespace
{

struct AbortsWhenLoaded
{
    AbortsWhenLoaded()
    {
        std::abort();
    }
};

const AbortsWhenLoaded abortsWhenLoaded;

class AbortingInitializerProvider : public labmock::GroupProvider
{
public:
    std::vector<labmock::Group> groups() override
    {
        return {};
    }
};

} // namespace

LABMOCK_PLUGIN(AbortingInitializerProvider)
