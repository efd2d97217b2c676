//
// ProcessMetrics.h
//
// The standard process_* metrics of Prometheus clients, read from /proc/self.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_PROCESSMETRICS_INCLUDED
#define LABMOCK_PROCESSMETRICS_INCLUDED

#include <string>

namespace labmock
{

/// process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
/// process_open_fds, process_max_fds and process_start_time_seconds, named and typed as
/// the Go and Java clients export them, so existing dashboards and alerts work. A metric
/// whose source cannot be read is left out. Stateless; thread-safe.
class ProcessMetrics
{
public:
    /// Appends the metrics in Prometheus text format 0.0.4.
    static void render(std::string& out);
};

} // namespace labmock

#endif // LABMOCK_PROCESSMETRICS_INCLUDED
