//
// AppProvider.cpp
//
// The App group of the original page.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

namespace
{

/// Declares the App group exactly as the original page did: name, description, order.
class AppProvider : public labmock::GroupProvider
{
public:
    std::vector<labmock::Group> groups() override
    {
        return {{"App",
                 "Application credentials",
                 {
                     {"CSRF_SECRET", true, true},
                 }}};
    }
};

} // namespace

LABMOCK_PLUGIN(AppProvider)
