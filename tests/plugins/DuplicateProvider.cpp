//
// DuplicateProvider.cpp
//
// Test plugin that declares the good test plugin's group name again.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

namespace
{

class DuplicateProvider : public labmock::GroupProvider
{
public:
    std::vector<labmock::Group> groups() override
    {
        return {{"Test Group", "Declared again by the duplicate test plugin", {{"TEST_DUPLICATE", false, true}}}};
    }
};

} // namespace

LABMOCK_PLUGIN(DuplicateProvider)
