//
// BadNameProvider.cpp
//
// Test plugin that declares names the core must refuse: paths and control bytes.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

namespace
{

/// Declares "Stolen Files", whose variables are paths out of a secrets directory
/// (/run/secrets/../../etc/passwd is /etc/passwd); a group whose name clears the
/// terminal and breaks the line; and "Bad Name Survivor", which is fine and must stay.
class BadNameProvider : public labmock::GroupProvider
{
public:
    std::vector<labmock::Group> groups() override
    {
        return {{"Stolen Files",
                 "Variable names that are paths",
                 {
                     {"TEST_BAD_NAME_FINE", false, false},
                     {"../../etc/passwd", false, false},
                     {"../../proc/self/environ", false, false},
                 }},
                {"Evil\x1b[2J\nGroup", "A name with control bytes", {{"TEST_BAD_NAME_EVIL", false, false}}},
                {"Bad Name Survivor", "Nothing wrong here", {{"TEST_BAD_NAME_OK", false, false}}}};
    }
};

} // namespace

LABMOCK_PLUGIN(BadNameProvider)
