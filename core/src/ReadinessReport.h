//
// ReadinessReport.h
//
// Whether the server is ready, and why not, in the style of Kubernetes' /readyz.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_READINESSREPORT_INCLUDED
#define LABMOCK_READINESSREPORT_INCLUDED

#include "Snapshot.h"
#include "probes/ProbeResults.h"

#include <string>

namespace labmock
{

/// Ready when no plugin failed and (unless readiness.requireAll=false) every required
/// variable is set. The verbose text has one line per check — `[+]Group/VAR ok`,
/// `[-]Group/VAR missing`, `[-]plugin libfoo.so: reason` — and never a value.
/// A plain value; thread-safe once built.
class ReadinessReport
{
public:
    /// With requireProbes (readiness.requireProbes) and probes, a probed group whose probe
    /// failed or has not answered yet is a failed check too: `[-]probe Group failed`.
    /// Without the reason: /readyz is not behind auth.token, and a server's message may
    /// name a user or a host.
    static ReadinessReport evaluate(const Snapshot& snapshot, bool requireAll, const ProbeResults* probes = nullptr,
                                    bool requireProbes = false);

    bool ready() const;
    const std::string& verbose() const;

private:
    bool _ready = true;
    std::string _verbose;
};

} // namespace labmock

#endif // LABMOCK_READINESSREPORT_INCLUDED
