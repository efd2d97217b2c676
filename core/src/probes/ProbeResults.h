//
// ProbeResults.h
//
// Every group's probe status at one moment, as the renderers read it.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_PROBERESULTS_INCLUDED
#define LABMOCK_PROBERESULTS_INCLUDED

#include "probes/ProbeStatus.h"

#include <map>
#include <string>

namespace labmock
{

/// The probe status of each group by name. Immutable once published by ProbeRunner;
/// shared between threads.
struct ProbeResults
{
    std::map<std::string, ProbeStatus> groups;

    /// The status of group; "not probed" when it has none.
    const ProbeStatus& of(const std::string& group) const;

    /// Whether any group has been probed and failed (or, with pendingFails, has not yet answered).
    bool anyFailed(bool pendingFails) const;
};

} // namespace labmock

#endif // LABMOCK_PROBERESULTS_INCLUDED
