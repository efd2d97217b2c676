//
// RequestMetricsTest.cpp
//
// RequestMetrics: request counters by route and status class, and a latency histogram.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "RequestMetrics.h"

#include "Promtool.h"

#include <gtest/gtest.h>

#include <thread>

using labmock::RequestMetrics;

namespace
{

bool hasLine(const std::string& text, const std::string& line)
{
    return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0;
}

std::string rendered(const RequestMetrics& metrics)
{
    std::string out;
    metrics.render(out);
    return out;
}

} // namespace

TEST(RequestMetrics, HasNoRequestSeriesBeforeTheFirstRequest)
{
    const std::string text = rendered(RequestMetrics({"/", "unmatched"}));
    EXPECT_EQ(text.find("labmock_http_requests_total{"), std::string::npos) << text;
    EXPECT_TRUE(hasLine(text, "labmock_http_request_duration_seconds_bucket{route=\"/\",le=\"+Inf\"} 0"));
    EXPECT_TRUE(hasLine(text, "labmock_http_request_duration_seconds_count{route=\"/\"} 0"));
    EXPECT_TRUE(hasLine(text, "# TYPE labmock_http_requests_total counter"));
    EXPECT_TRUE(hasLine(text, "# TYPE labmock_http_request_duration_seconds histogram"));
}

TEST(RequestMetrics, CountsByRouteAndExactStatusCode)
{
    RequestMetrics metrics({"/", "/healthz"});
    metrics.record(0, 200, 0.001);
    metrics.record(0, 204, 0.001);
    metrics.record(0, 503, 0.001);
    metrics.record(1, 404, 0.001);
    const std::string text = rendered(metrics);
    EXPECT_TRUE(hasLine(text, "labmock_http_requests_total{route=\"/\",code=\"200\"} 1")) << text;
    EXPECT_TRUE(hasLine(text, "labmock_http_requests_total{route=\"/\",code=\"204\"} 1"));
    EXPECT_TRUE(hasLine(text, "labmock_http_requests_total{route=\"/\",code=\"503\"} 1"));
    EXPECT_TRUE(hasLine(text, "labmock_http_requests_total{route=\"/healthz\",code=\"404\"} 1"));
    // Only codes that were answered have a series.
    EXPECT_EQ(text.find("code=\"404\"} 0"), std::string::npos) << text;
    EXPECT_EQ(text.find("route=\"/healthz\",code=\"200\""), std::string::npos) << text;
}

TEST(RequestMetrics, HistogramBucketsAreCumulative)
{
    RequestMetrics metrics({"/"});
    metrics.record(0, 200, 0.0004); // le 0.0005
    metrics.record(0, 200, 0.003);  // le 0.005
    metrics.record(0, 200, 0.005);  // le 0.005: a bucket includes its bound
    metrics.record(0, 200, 10.0);   // only +Inf
    const std::string text = rendered(metrics);
    const std::string bucket = "labmock_http_request_duration_seconds_bucket{route=\"/\",le=";
    EXPECT_TRUE(hasLine(text, bucket + "\"0.0005\"} 1")) << text;
    EXPECT_TRUE(hasLine(text, bucket + "\"0.001\"} 1"));
    EXPECT_TRUE(hasLine(text, bucket + "\"0.0025\"} 1"));
    EXPECT_TRUE(hasLine(text, bucket + "\"0.005\"} 3"));
    EXPECT_TRUE(hasLine(text, bucket + "\"2.5\"} 3"));
    EXPECT_TRUE(hasLine(text, bucket + "\"+Inf\"} 4"));
    EXPECT_TRUE(hasLine(text, "labmock_http_request_duration_seconds_count{route=\"/\"} 4"));
    EXPECT_TRUE(hasLine(text, "labmock_http_request_duration_seconds_sum{route=\"/\"} 10.008400")) << text;
}

TEST(RequestMetrics, IgnoresAnUnknownRouteAndCountsOddStatusesOnlyInTheHistogram)
{
    RequestMetrics metrics({"/"});
    metrics.record(7, 200, 0.001);
    metrics.record(0, 600, 0.001);
    const std::string text = rendered(metrics);
    EXPECT_EQ(text.find("route=\"7\""), std::string::npos);
    EXPECT_EQ(text.find("code=\"600\""), std::string::npos) << text;
    EXPECT_EQ(text.find("labmock_http_requests_total{"), std::string::npos) << text;
    EXPECT_TRUE(hasLine(text, "labmock_http_request_duration_seconds_count{route=\"/\"} 1"));
}

TEST(RequestMetrics, EscapesRouteLabels)
{
    RequestMetrics metrics({"/a\"b"});
    metrics.record(0, 200, 0.001);
    const std::string text = rendered(metrics);
    EXPECT_TRUE(hasLine(text, "labmock_http_requests_total{route=\"/a\\\"b\",code=\"200\"} 1")) << text;
}

TEST(RequestMetrics, LosesNoCountUnderConcurrentRecording)
{
    RequestMetrics metrics({"/"});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back(
            [&metrics]
            {
                for (int i = 0; i < 10000; ++i)
                    metrics.record(0, 200, 0.001);
            });
    for (auto& thread : threads)
        thread.join();
    const std::string text = rendered(metrics);
    EXPECT_TRUE(hasLine(text, "labmock_http_requests_total{route=\"/\",code=\"200\"} 40000")) << text;
    EXPECT_TRUE(hasLine(text, "labmock_http_request_duration_seconds_count{route=\"/\"} 40000"));
}

TEST(RequestMetrics, PassesPromtool)
{
    if (labmock::test::promtool().empty())
        GTEST_SKIP() << labmock::test::PROMTOOL_MISSING;
    RequestMetrics metrics({"/", "/api/groups", "unmatched"});
    metrics.record(0, 200, 0.01);
    metrics.record(1, 401, 0.2);
    metrics.record(2, 404, 0.0001);
    std::string output;
    const std::string text = rendered(metrics);
    EXPECT_EQ(labmock::test::checkMetrics(text, output), 0) << output << "\n--- checked:\n" << text;
}
