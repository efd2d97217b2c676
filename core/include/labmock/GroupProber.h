//
// GroupProber.h
//
// The optional interface of a provider that can prove its groups' values work.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_GROUPPROBER_INCLUDED
#define LABMOCK_GROUPPROBER_INCLUDED

#include "labmock/Export.h"
#include "labmock/ProbeResult.h"

#include <chrono>
#include <map>
#include <string>

namespace labmock
{

/// A GroupProvider may also derive from GroupProber; the server finds out with
/// dynamic_cast, so providers that do not are unaffected (plugin ABI 1 either way).
/// When probes are enabled (probes.enabled=true, plugins.<plugin>.probe not false), the
/// server calls probe() for each of the provider's groups at most once per
/// probes.interval, and on demand.
///
/// probe() runs on a probe thread of the server, never on a request thread. It is never
/// called twice at once for the same group, but may be for two groups of one provider, and
/// while the server calls groups() again (reload): guard shared state. Anything it throws
/// becomes a failed result. This is the only place plugin code sees secret values: never
/// log them, never return them in reason or details.
class LABMOCK_SDK_API GroupProber
{
public:
    GroupProber() = default;
    GroupProber(const GroupProber&) = delete;
    GroupProber& operator=(const GroupProber&) = delete;
    virtual ~GroupProber();

    /// Whether probe() has anything to try for group (one the provider declared). Groups
    /// for which it answers false are shown as "not probed". The default says true.
    virtual bool canProbe(const std::string& group) const;

    /// Tries the values of group against the service they are for and says whether they
    /// work. values holds the group's variables that are set (name → resolved value, from
    /// the environment, an _FILE file or a secrets directory); a variable that is not set
    /// is absent. Must return by deadline: use it for every connect and read; the server
    /// reports a probe still running at the deadline as failed and waits for it before it
    /// starts that group's next probe.
    virtual ProbeResult probe(const std::string& group, const std::map<std::string, std::string>& values,
                              std::chrono::steady_clock::time_point deadline) = 0;
};

} // namespace labmock

#endif // LABMOCK_GROUPPROBER_INCLUDED
