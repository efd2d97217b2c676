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
    static ReadinessReport evaluate(const Snapshot& snapshot, bool requireAll);

    bool ready() const;
    const std::string& verbose() const;

private:
    bool _ready = true;
    std::string _verbose;
};

} // namespace labmock

#endif // LABMOCK_READINESSREPORT_INCLUDED
