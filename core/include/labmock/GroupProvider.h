//
// GroupProvider.h
//
// The interface a plugin implements.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_GROUPPROVIDER_INCLUDED
#define LABMOCK_GROUPPROVIDER_INCLUDED

#include "labmock/Export.h"
#include "labmock/Group.h"

#include <string>
#include <vector>

namespace Poco::Util
{
class AbstractConfiguration;
}

namespace labmock
{

/// Declares groups of variables. A provider never reads values: the server resolves
/// them, so sources, masking and readiness behave the same for every plugin.
///
/// The server creates a provider once, calls configure() and then groups(), all from
/// one thread; groups() is called again when the server reloads (SIGHUP). Anything a
/// provider throws is caught, shown as a plugin error and the provider is skipped.
class LABMOCK_SDK_API GroupProvider
{
public:
    GroupProvider() = default;
    GroupProvider(const GroupProvider&) = delete;
    GroupProvider& operator=(const GroupProvider&) = delete;
    virtual ~GroupProvider();

    /// Receives the plugin's own configuration subtree (keys plugins.<plugin>.*,
    /// without the prefix). The reference is valid only during the call: copy what you
    /// need. The default implementation ignores it.
    virtual void configure(const Poco::Util::AbstractConfiguration& config);

    /// Returns the groups this provider declares, in display order.
    virtual std::vector<Group> groups() = 0;

    /// Returns problems met by the last groups() call that did not stop it,
    /// such as one malformed file among many. Each is shown as a plugin error.
    /// The default implementation returns none.
    virtual std::vector<std::string> problems() const;
};

} // namespace labmock

#endif // LABMOCK_GROUPPROVIDER_INCLUDED
