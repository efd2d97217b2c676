//
// RequestMetrics.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "RequestMetrics.h"

#include "MetricsText.h"

#include <Poco/NumberFormatter.h>

namespace labmock
{

RequestMetrics::RequestMetrics(const std::vector<std::string>& routes)
{
    for (const auto& route : routes)
        _series.emplace_back().route = route;
}

void RequestMetrics::record(std::size_t route, int status, double seconds)
{
    if (route >= _series.size())
        return;
    Series& series = _series[route];
    if (status >= 100 && status <= 599)
        series.byStatus[static_cast<std::size_t>(status - 100)].fetch_add(1, std::memory_order_relaxed);
    for (std::size_t b = 0; b < BUCKETS.size(); ++b)
    {
        if (seconds <= BUCKETS[b])
        {
            series.buckets[b].fetch_add(1, std::memory_order_relaxed);
            break;
        }
    }
    series.count.fetch_add(1, std::memory_order_relaxed);
    series.sumNanoseconds.fetch_add(static_cast<std::uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

void RequestMetrics::render(std::string& out) const
{
    out += "# HELP labmock_http_requests_total HTTP requests answered, by route and status code.\n"
           "# TYPE labmock_http_requests_total counter\n";
    for (const auto& series : _series)
    {
        // Only codes that were answered: a series appears with its first request.
        for (std::size_t c = 0; c < series.byStatus.size(); ++c)
        {
            const std::uint64_t count = series.byStatus[c].load(std::memory_order_relaxed);
            if (count == 0)
                continue;
            out += "labmock_http_requests_total{route=\"" + MetricsText::escapeLabel(series.route) + "\",code=\""
                   + std::to_string(c + 100) + "\"} " + std::to_string(count) + "\n";
        }
    }
    out += "# HELP labmock_http_request_duration_seconds Time from request parsed to response written.\n"
           "# TYPE labmock_http_request_duration_seconds histogram\n";
    for (const auto& series : _series)
    {
        const std::string route = MetricsText::escapeLabel(series.route);
        // Buckets are stored non-cumulative so record() touches one; Prometheus wants them cumulative.
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b < BUCKETS.size(); ++b)
        {
            cumulative += series.buckets[b].load(std::memory_order_relaxed);
            out += "labmock_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\""
                   + Poco::NumberFormatter::format(BUCKETS[b]) + "\"} " + std::to_string(cumulative) + "\n";
        }
        const std::uint64_t count = series.count.load(std::memory_order_relaxed);
        out += "labmock_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"+Inf\"} "
               + std::to_string(std::max(count, cumulative)) + "\n";
        out += "labmock_http_request_duration_seconds_sum{route=\"" + route + "\"} "
               + Poco::NumberFormatter::format(
                   static_cast<double>(series.sumNanoseconds.load(std::memory_order_relaxed)) / 1e9, 6)
               + "\n";
        out += "labmock_http_request_duration_seconds_count{route=\"" + route + "\"} "
               + std::to_string(std::max(count, cumulative)) + "\n";
    }
}

} // namespace labmock
