//
// MetricsText.h
//
// Renders the state of the catalog and build in Prometheus text format 0.0.4.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_METRICSTEXT_INCLUDED
#define LABMOCK_METRICSTEXT_INCLUDED

#include "Snapshot.h"
#include "probes/ProbeResults.h"

#include <string>

namespace labmock
{

/// The parts of /metrics that depend on a snapshot (one gauge per variable, counts,
/// plugin errors, readiness) or on nothing (build info). Request counters are
/// RequestMetrics'. Stateless; thread-safe.
class MetricsText
{
public:
    /// labmock_build_info, labmock_variable_present, labmock_variable_state, labmock_variables
    /// (set, missing, unreadable, too_large), labmock_plugins_loaded (not counting a plugin
    /// whose groups() failed),
    /// labmock_plugin_load_errors and labmock_ready.
    static std::string render(const Snapshot& snapshot, bool ready);

    /// Appends labmock_probe_success{group} (1 ok, 0 failed) and
    /// labmock_probe_duration_seconds{group} for each group with a probe result.
    static void renderProbes(const ProbeResults& probes, std::string& out);

    /// Escapes a label value: backslash, double quote and line feed as the text format
    /// says; other control bytes and invalid UTF-8 as \xNN (the backslash escaped).
    static std::string escapeLabel(const std::string& value);
};

} // namespace labmock

#endif // LABMOCK_METRICSTEXT_INCLUDED
