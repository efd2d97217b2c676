//
// ConnectionMetrics.h
//
// Gauges and counters of the connection layer, per listener, in Prometheus text.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_CONNECTIONMETRICS_INCLUDED
#define LABMOCK_CONNECTIONMETRICS_INCLUDED

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <string>

namespace labmock
{

/// Open connections, connections closed by each deadline, connections refused over
/// http.maxConnections, and requests answered by the connection layer itself, for each listener (the main port, the
/// probe port). Listeners are added before serving starts; the counters are atomics any loop thread updates, and
/// render() may run on any thread.
class ConnectionMetrics
{
public:
    /// The deadlines the event loops enforce, as counted in labmock_connections_closed_total.
    enum class Deadline
    {
        Header, ///< the request head did not arrive within http.headerTimeout
        Idle,   ///< a keep-alive connection idled beyond http.keepAliveTimeout
        Send,   ///< the client did not read the response within http.sendTimeout
        COUNT
    };

    /// One listener's series.
    struct Listener
    {
        std::string name;
        std::atomic<std::int64_t> open{0};
        std::atomic<std::uint64_t> rejected{0};
        std::atomic<std::uint64_t> refused{0}; ///< requests answered before any handler
        std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(Deadline::COUNT)> closed{};

        void countClosed(Deadline deadline)
        {
            closed[static_cast<std::size_t>(deadline)].fetch_add(1, std::memory_order_relaxed);
        }
    };

    /// Adds a listener's series, labelled listener="name"; the reference stays valid.
    Listener& add(const std::string& name);

    /// Appends labmock_connections_open, labmock_connections_closed_total,
    /// labmock_connections_rejected_total and labmock_requests_refused_total in Prometheus
    /// text format 0.0.4.
    void render(std::string& out) const;

private:
    std::deque<Listener> _listeners; // deque: atomics cannot move
};

} // namespace labmock

#endif // LABMOCK_CONNECTIONMETRICS_INCLUDED
