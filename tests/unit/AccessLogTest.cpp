//
// AccessLogTest.cpp
//
// AccessLog: one line per request, probes skipped, never a query string.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "AccessLog.h"

#include "CapturingChannel.h"

#include <Poco/AutoPtr.h>
#include <Poco/Logger.h>

#include <gtest/gtest.h>

using labmock::AccessLog;
using labmock::test::CapturingChannel;

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
    const AccessLog log(_logger, true, {}, "");
    log.record("10.1.2.3", "GET", "/api/groups", 200, 1234, 0.0015);
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
    const AccessLog log(_logger, true, {"/healthz", "/readyz"}, "");
    log.record("127.0.0.1", "GET", "/healthz", 200, 3, 0);
    log.record("127.0.0.1", "GET", "/readyz", 503, 10, 0);
    log.record("127.0.0.1", "GET", "/livez", 200, 3, 0);
    log.record("127.0.0.1", "GET", "/healthz/x", 404, 10, 0);
    EXPECT_EQ(_channel->text(), "127.0.0.1 GET /livez 200 3 0.000ms\n127.0.0.1 GET /healthz/x 404 10 0.000ms\n");
}

TEST_F(AccessLogTest, SkipPathsAreBelowTheBasePath)
{
    const AccessLog log(_logger, true, {"/healthz"}, "/echo");
    log.record("127.0.0.1", "GET", "/echo/healthz", 200, 3, 0);
    log.record("127.0.0.1", "GET", "/healthz", 404, 10, 0); // outside the base path: not the probe
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
    const AccessLog log(_logger, true, {"/healthz"}, "");
    log.record("127.0.0.1", "GET", "/api/groups?token=canary-query-secret", 200, 1, 0);
    log.record("127.0.0.1", "GET", "/healthz?verbose&token=canary-query-secret", 200, 1, 0);
    const std::string text = _channel->text();
    EXPECT_EQ(text.find("canary-query-secret"), std::string::npos) << text;
    for (const auto& m : _channel->messages())
        EXPECT_EQ(m.get("path").find('?'), std::string::npos) << m.get("path");
    EXPECT_EQ(text, "127.0.0.1 GET /api/groups 200 1 0.000ms\n") << "the probe stays skipped with a query";
}

TEST_F(AccessLogTest, EscapesControlCharactersInPathAndMethod)
{
    const AccessLog log(_logger, true, {}, "");
    log.record("127.0.0.1", "G\x1b[31mET", "/a\nforged 200 line", 404, 0, 0);
    const auto messages = _channel->messages();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].getText().find('\n'), std::string::npos);
    EXPECT_EQ(messages[0].getText().find('\x1b'), std::string::npos);
    EXPECT_EQ(messages[0].get("path"), "/a\\nforged 200 line");
    EXPECT_EQ(messages[0].get("method"), "G\\x1B[31mET");
}
