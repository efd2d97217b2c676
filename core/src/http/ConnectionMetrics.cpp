//
// ConnectionMetrics.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "http/ConnectionMetrics.h"

#include "MetricsText.h"

namespace labmock
{

namespace
{

constexpr std::array<const char*, static_cast<std::size_t>(ConnectionMetrics::Deadline::COUNT)> REASONS{
    "header_timeout", "idle_timeout", "send_timeout"};

} // namespace

ConnectionMetrics::Listener& ConnectionMetrics::add(const std::string& name)
{
    Listener& listener = _listeners.emplace_back();
    listener.name = name;
    return listener;
}

void ConnectionMetrics::render(std::string& out) const
{
    out += "# HELP labmock_connections_open Client connections open now.\n"
           "# TYPE labmock_connections_open gauge\n";
    for (const auto& listener : _listeners)
        out += "labmock_connections_open{listener=\"" + MetricsText::escapeLabel(listener.name) + "\"} "
               + std::to_string(listener.open.load(std::memory_order_relaxed)) + "\n";
    out += "# HELP labmock_connections_closed_total Connections closed by the server because a deadline passed.\n"
           "# TYPE labmock_connections_closed_total counter\n";
    for (const auto& listener : _listeners)
        for (std::size_t r = 0; r < REASONS.size(); ++r)
            out += "labmock_connections_closed_total{listener=\"" + MetricsText::escapeLabel(listener.name)
                   + "\",reason=\"" + REASONS[r] + "\"} "
                   + std::to_string(listener.closed[r].load(std::memory_order_relaxed)) + "\n";
    out += "# HELP labmock_connections_rejected_total Connections closed at once because http.maxConnections were "
           "open.\n"
           "# TYPE labmock_connections_rejected_total counter\n";
    for (const auto& listener : _listeners)
        out += "labmock_connections_rejected_total{listener=\"" + MetricsText::escapeLabel(listener.name) + "\"} "
               + std::to_string(listener.rejected.load(std::memory_order_relaxed)) + "\n";
    out += "# HELP labmock_requests_refused_total Requests answered before reaching a handler: malformed (400, "
           "413, 414, 431, 501, ...), not complete within http.headerTimeout (408), or with every worker thread "
           "busy (503).\n"
           "# TYPE labmock_requests_refused_total counter\n";
    for (const auto& listener : _listeners)
        out += "labmock_requests_refused_total{listener=\"" + MetricsText::escapeLabel(listener.name) + "\"} "
               + std::to_string(listener.refused.load(std::memory_order_relaxed)) + "\n";
}

} // namespace labmock
