//
// ProbeRunner.h
//
// Runs the groups' probes off the request path and keeps their latest results.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_PROBERUNNER_INCLUDED
#define LABMOCK_PROBERUNNER_INCLUDED

#include "Disclosure.h"
#include "Snapshot.h"
#include "probes/ProbeResults.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace labmock
{

/// Probes each group whose provider implements GroupProber (and whose plugin does not say
/// plugins.<name>.probe=false) with the values of the current snapshot: at most once per
/// interval, again at once when the group's values change, and on demand (runNow). Each
/// probe runs on a thread of its own with a deadline of `timeout`; one that has not
/// returned a second after it is recorded as failed, and its group is not probed again
/// until it returns. Never two probes of one group at once. Results are scrubbed of the
/// group's secret values (SecretScrubber) before they are stored; no value is logged.
///
/// Thread-safe: results() and generation() from any thread; runNow() from request threads.
class ProbeRunner
{
public:
    /// The snapshot whose catalog and values are probed (called from the runner's thread).
    using SnapshotSource = std::function<std::shared_ptr<const Snapshot>()>;
    /// Whether a plugin's groups are probed (plugins.<name>.probe); may throw a message.
    using PluginSwitch = std::function<bool(const std::string& plugin)>;

    ProbeRunner(SnapshotSource source, Disclosure disclosure, std::chrono::milliseconds interval,
                std::chrono::milliseconds timeout, PluginSwitch pluginSwitch);
    /// Stops as stop() does, waiting for nothing.
    ~ProbeRunner();

    ProbeRunner(const ProbeRunner&) = delete;
    ProbeRunner& operator=(const ProbeRunner&) = delete;

    /// Starts the scheduling thread: the first round of probes begins at once.
    void start();

    /// Stops scheduling and waits until deadline for running probes; false when one is still
    /// running then (its thread is left behind, detached, and must not outlive the process).
    bool stop(std::chrono::steady_clock::time_point deadline);

    /// Asks the scheduling thread to probe every probed group now (those with a probe
    /// running are left to it). Returns at once: never runs plugin code on the caller's thread.
    void runNow();

    /// runNow(), then waits until each probe returned or passed its deadline (--check --probe).
    /// False when one is still running at the end (see stop()).
    bool runAndWait();

    /// The latest statuses of the current catalog's groups.
    std::shared_ptr<const ProbeResults> results() const;

    /// Increases whenever results() changes: a cheap test for renderers' caches.
    std::uint64_t generation() const;

private:
    struct Shared;
    std::shared_ptr<Shared> _shared;
};

} // namespace labmock

#endif // LABMOCK_PROBERUNNER_INCLUDED
