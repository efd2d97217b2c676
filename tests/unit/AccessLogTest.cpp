//
// AccessLogTest.cpp
//
// AccessLog: one line per request, probes skipped, never a query string or user info,
// written in order off the request path, dropped and counted when the log falls behind.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "AccessLog.h"

#include "CapturingChannel.h"
#include "Promtool.h"

#include <Poco/AutoPtr.h>
#include <Poco/Event.h>
#include <Poco/Logger.h>

#include <gtest/gtest.h>

#include <thread>
#include <vector>

using labmock::AccessLog;
using labmock::test::CapturingChannel;

namespace
{

/// Holds the access log's writer inside log() until opened: the test decides when the
/// log falls behind, without sleeping.
class GatedChannel : public CapturingChannel
{
public:
    void log(const Poco::Message& message) override
    {
        _entered.set();
        _gate.wait();
        CapturingChannel::log(message);
    }

    /// Waits until the writer is inside log().
    void waitUntilEntered()
    {
        _entered.wait();
    }

    void open()
    {
        _gate.set();
    }

private:
    Poco::Event _entered{Poco::Event::EVENT_MANUALRESET};
    Poco::Event _gate{Poco::Event::EVENT_MANUALRESET};
};

} // namespace

class AccessLogTest : public testing::Test
{
protected:
    AccessLogTest() : _channel(new CapturingChannel), _logger(Poco::Logger::get("unit-accesslog-" + testName()))
    {
        _logger.setChannel(_channel);
        _logger.setLevel(Poco::Message::PRIO_INFORMATION);
    }

    static std::string testName()
    {
        return testing::UnitTest::GetInstance()->current_test_info()->name();
    }

    Poco::AutoPtr<CapturingChannel> _channel;
    Poco::Logger& _logger;
};

TEST_F(AccessLogTest, WritesOneLineWithTheFieldsAsParameters)
{
    AccessLog log(_logger, true, {}, "");
    log.record("10.1.2.3", "GET", "/api/groups", 200, 1234, 0.0015);
    log.stop();
    const auto messages = _channel->messages();
    ASSERT_EQ(messages.size(), 1u);
    const Poco::Message& m = messages[0];
    EXPECT_EQ(m.getText(), "10.1.2.3 GET /api/groups 200 1234 1.500ms");
    EXPECT_EQ(m.getSource(), _logger.name());
    EXPECT_EQ(m.getPriority(), Poco::Message::PRIO_INFORMATION);
    EXPECT_EQ(m.get("client"), "10.1.2.3");
    EXPECT_EQ(m.get("method"), "GET");
    EXPECT_EQ(m.get("path"), "/api/groups");
    EXPECT_EQ(m.get("status"), "200");
    EXPECT_EQ(m.get("bytes"), "1234");
    EXPECT_EQ(m.get("durationMs"), "1.500");
}

TEST_F(AccessLogTest, SkipsTheConfiguredPaths)
{
    AccessLog log(_logger, true, {"/healthz", "/readyz"}, "");
    log.record("127.0.0.1", "GET", "/healthz", 200, 3, 0);
    log.record("127.0.0.1", "GET", "/readyz", 503, 10, 0);
    log.record("127.0.0.1", "GET", "/livez", 200, 3, 0);
    log.record("127.0.0.1", "GET", "/healthz/x", 404, 10, 0);
    log.stop();
    EXPECT_EQ(_channel->text(), "127.0.0.1 GET /livez 200 3 0.000ms\n127.0.0.1 GET /healthz/x 404 10 0.000ms\n");
}

TEST_F(AccessLogTest, SkipPathsAreBelowTheBasePath)
{
    AccessLog log(_logger, true, {"/healthz"}, "/echo");
    log.record("127.0.0.1", "GET", "/echo/healthz", 200, 3, 0);
    log.record("127.0.0.1", "GET", "/healthz", 404, 10, 0); // outside the base path: not the probe
    log.stop();
    EXPECT_EQ(_channel->text(), "127.0.0.1 GET /healthz 404 10 0.000ms\n");
}

TEST_F(AccessLogTest, WritesNothingWhenDisabledOrBelowItsLevel)
{
    AccessLog(_logger, false, {}, "").record("127.0.0.1", "GET", "/", 200, 1, 0);
    EXPECT_TRUE(_channel->messages().empty());
    _logger.setLevel(Poco::Message::PRIO_WARNING);
    AccessLog(_logger, true, {}, "").record("127.0.0.1", "GET", "/", 200, 1, 0);
    EXPECT_TRUE(_channel->messages().empty());
}

TEST_F(AccessLogTest, NeverLogsAQueryString)
{
    // The query string is the one part of a request that could carry a secret.
    AccessLog log(_logger, true, {"/healthz"}, "");
    log.record("127.0.0.1", "GET", "/api/groups?token=canary-query-secret", 200, 1, 0);
    log.record("127.0.0.1", "GET", "/healthz?verbose&token=canary-query-secret", 200, 1, 0);
    log.stop();
    const std::string text = _channel->text();
    EXPECT_EQ(text.find("canary-query-secret"), std::string::npos) << text;
    for (const auto& m : _channel->messages())
        EXPECT_EQ(m.get("path").find('?'), std::string::npos) << m.get("path");
    EXPECT_EQ(text, "127.0.0.1 GET /api/groups 200 1 0.000ms\n") << "the probe stays skipped with a query";
}

TEST_F(AccessLogTest, EscapesControlCharactersInPathAndMethod)
{
    AccessLog log(_logger, true, {}, "");
    log.record("127.0.0.1", "G\x1b[31mET", "/a\nforged 200 line", 404, 0, 0);
    log.stop();
    const auto messages = _channel->messages();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].getText().find('\n'), std::string::npos);
    EXPECT_EQ(messages[0].getText().find('\x1b'), std::string::npos);
    EXPECT_EQ(messages[0].get("path"), "/a\\nforged 200 line");
    EXPECT_EQ(messages[0].get("method"), "G\\x1B[31mET");
}

TEST_F(AccessLogTest, LogsOnlyThePathOfAnAbsoluteFormTarget)
{
    AccessLog log(_logger, true, {"/healthz"}, "");
    log.record("127.0.0.1", "GET", "http://alice:canary-pw@canary-host:8080/api/groups?token=canary-q", 200, 1, 0);
    log.record("127.0.0.1", "GET", "https://canary-host/healthz", 200, 1, 0); // still the probe
    log.stop();
    const std::string text = _channel->text();
    EXPECT_EQ(text, "127.0.0.1 GET /api/groups 200 1 0.000ms\n");
    EXPECT_EQ(text.find("canary"), std::string::npos) << text;
}

TEST(AccessLog, PathOfKeepsOnlyThePath)
{
    for (const auto& [target, path] : std::vector<std::pair<std::string, std::string>>{
             {"/api/groups?x=1", "/api/groups"},
             {"/a#frag", "/a"},
             {"http://alice:pw@x/api", "/api"},
             {"HTTP://alice:p/w@x:80/api/groups", "/api/groups"}, // a '/' in the password
             {"http://x/users/@me", "/"},                         // an '@' in the path: cut too short rather than leak
             {"http://alice:pw@x", "/"},
             {"http://alice:pw@x?q", "/"},
             {"alice:pw@x:443", "/"}, // authority form
             {"*", "*"},
             {"", ""},
         })
        EXPECT_EQ(AccessLog::pathOf(target), path) << target;
}

TEST_F(AccessLogTest, KeepsTheOrderOfEveryThreadsLines)
{
    constexpr int THREADS = 4;
    constexpr int LINES = 500;
    {
        AccessLog log(_logger, true, {}, "", THREADS * LINES);
        std::vector<std::thread> threads;
        for (int t = 0; t < THREADS; ++t)
            threads.emplace_back(
                [&log, t]
                {
                    for (int i = 0; i < LINES; ++i)
                        log.record("10.0.0." + std::to_string(t), "GET", "/" + std::to_string(i), 200, 0, 0);
                });
        for (auto& thread : threads)
            thread.join();
        EXPECT_EQ(log.dropped(), 0u);
    } // destruction writes what is still queued
    const auto messages = _channel->messages();
    ASSERT_EQ(messages.size(), static_cast<std::size_t>(THREADS * LINES));
    std::vector<int> next(THREADS, 0);
    for (const auto& m : messages)
    {
        const int thread = std::stoi(m.get("client").substr(7));
        EXPECT_EQ(m.get("path"), "/" + std::to_string(next[thread]++)) << m.get("client");
    }
}

TEST_F(AccessLogTest, AFullBufferDropsAndCountsLinesWithoutBlocking)
{
    Poco::AutoPtr<GatedChannel> gated = new GatedChannel;
    _logger.setChannel(gated);
    AccessLog log(_logger, true, {}, "", 3);
    log.record("127.0.0.1", "GET", "/0", 200, 0, 0);
    gated->waitUntilEntered(); // the writer holds line 0 and cannot take more
    for (int i = 1; i <= 5; ++i)
        log.record("127.0.0.1", "GET", "/" + std::to_string(i), 200, 0, 0); // returns: never waits for the log
    EXPECT_EQ(log.dropped(), 2u);
    std::string metrics;
    log.renderMetrics(metrics);
    EXPECT_NE(metrics.find("\nlabmock_access_log_dropped_total 2\n"), std::string::npos) << metrics;

    gated->open();
    log.stop();
    EXPECT_EQ(gated->text(), "127.0.0.1 GET /0 200 0 0.000ms\n127.0.0.1 GET /1 200 0 0.000ms\n"
                             "127.0.0.1 GET /2 200 0 0.000ms\n127.0.0.1 GET /3 200 0 0.000ms\n");
}

TEST_F(AccessLogTest, StopWritesEveryQueuedLine)
{
    Poco::AutoPtr<GatedChannel> gated = new GatedChannel;
    _logger.setChannel(gated);
    AccessLog log(_logger, true, {}, "");
    log.record("127.0.0.1", "GET", "/0", 200, 0, 0);
    gated->waitUntilEntered();
    for (int i = 1; i < 100; ++i)
        log.record("127.0.0.1", "GET", "/" + std::to_string(i), 200, 0, 0);
    std::thread stopper([&log] { log.stop(); }); // stops while the writer is still busy
    gated->open();
    stopper.join();
    const auto messages = gated->messages();
    ASSERT_EQ(messages.size(), 100u);
    for (std::size_t i = 0; i < messages.size(); ++i)
        EXPECT_EQ(messages[i].get("path"), "/" + std::to_string(i));

    // After stop, a line is written at once rather than lost.
    log.record("127.0.0.1", "GET", "/late", 200, 0, 0);
    EXPECT_EQ(gated->messages().size(), 101u);
    EXPECT_EQ(log.dropped(), 0u);
}

TEST_F(AccessLogTest, DroppedCounterPassesPromtool)
{
    if (labmock::test::promtool().empty())
        GTEST_SKIP() << labmock::test::PROMTOOL_MISSING;
    const AccessLog log(_logger, true, {}, "");
    std::string text;
    log.renderMetrics(text);
    std::string output;
    EXPECT_EQ(labmock::test::checkMetrics(text, output), 0) << output << "\n--- checked:\n" << text;
}
