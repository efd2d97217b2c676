//
// RequestMetrics.h
//
// HTTP request counters and latency histograms, per route.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_REQUESTMETRICS_INCLUDED
#define LABMOCK_REQUESTMETRICS_INCLUDED

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace labmock
{

/// Counts requests by route and status code, and their durations in a histogram.
/// The set of routes is fixed at construction; record() is lock-free and may be called
/// from any thread; render() reads a consistent-enough view for Prometheus.
class RequestMetrics
{
public:
    /// routes are the label values, indexed by route id.
    explicit RequestMetrics(const std::vector<std::string>& routes);

    void record(std::size_t route, int status, double seconds);

    /// Appends labmock_http_requests_total (a series per route and status code seen) and
    /// labmock_http_request_duration_seconds in Prometheus text format 0.0.4.
    void render(std::string& out) const;

private:
    static constexpr std::array<double, 12> BUCKETS{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                    0.05,   0.1,   0.25,   0.5,   1,    2.5};

    struct Series
    {
        std::string route;
        std::array<std::atomic<std::uint64_t>, 500> byStatus{}; ///< status 100 … 599
        std::array<std::atomic<std::uint64_t>, BUCKETS.size()> buckets{};
        std::atomic<std::uint64_t> count{0};
        std::atomic<std::uint64_t> sumNanoseconds{0};
    };

    std::deque<Series> _series; // deque: atomics cannot move
};

} // namespace labmock

#endif // LABMOCK_REQUESTMETRICS_INCLUDED
