//
// ConnectionMetricsTest.cpp
//
// ConnectionMetrics: connection gauges and counters per listener, clean for promtool.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "http/ConnectionMetrics.h"

#include "Promtool.h"

#include <gtest/gtest.h>

using labmock::ConnectionMetrics;

TEST(ConnectionMetrics, RendersEachListenerAndDeadline)
{
    ConnectionMetrics metrics;
    ConnectionMetrics::Listener& main = metrics.add("main");
    ConnectionMetrics::Listener& probe = metrics.add("probe");
    main.open = 3;
    main.rejected = 2;
    main.countClosed(ConnectionMetrics::Deadline::Header);
    main.countClosed(ConnectionMetrics::Deadline::Header);
    probe.countClosed(ConnectionMetrics::Deadline::Send);
    std::string text;
    metrics.render(text);
    for (const char* line : {
             "labmock_connections_open{listener=\"main\"} 3\n",
             "labmock_connections_open{listener=\"probe\"} 0\n",
             "labmock_connections_closed_total{listener=\"main\",reason=\"header_timeout\"} 2\n",
             "labmock_connections_closed_total{listener=\"main\",reason=\"idle_timeout\"} 0\n",
             "labmock_connections_closed_total{listener=\"probe\",reason=\"send_timeout\"} 1\n",
             "labmock_connections_rejected_total{listener=\"main\"} 2\n",
             "labmock_connections_rejected_total{listener=\"probe\"} 0\n",
         })
        EXPECT_NE(text.find(line), std::string::npos) << line << "in:\n" << text;

    if (labmock::test::promtool().empty())
        GTEST_SKIP() << labmock::test::PROMTOOL_MISSING;
    std::string output;
    EXPECT_EQ(labmock::test::checkMetrics(text, output), 0) << output;
}
