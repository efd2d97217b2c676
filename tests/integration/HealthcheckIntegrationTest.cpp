//
// HealthcheckIntegrationTest.cpp
//
// `lab-mock-server --healthcheck URL` (a container HEALTHCHECK without curl) against the
// real server: 0 for a 2xx answer, 1 for anything else, one line of output either way.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ServerProcess.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <thread>

namespace
{

using labmock::test::RunResult;
using labmock::test::ServerProcess;

RunResult healthcheck(const std::string& url)
{
    return ServerProcess::run({"--healthcheck", url});
}

std::string url(unsigned short port, const std::string& path)
{
    return "http://127.0.0.1:" + std::to_string(port) + path;
}

/// One line, naming the URL.
void expectOneLine(const RunResult& result, const std::string& url)
{
    EXPECT_EQ(result.out.rfind("healthcheck: " + url + ": ", 0), 0u) << result.out;
    EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 1) << result.out;
}

TEST(Healthcheck, LiveServerAnswersZero)
{
    ServerProcess server;
    const auto result = healthcheck(url(server.port(), "/livez"));
    EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
    expectOneLine(result, url(server.port(), "/livez"));
    EXPECT_NE(result.out.find(": 200 OK"), std::string::npos) << result.out;
}

TEST(Healthcheck, ProbePortAnswersZero)
{
    ServerProcess server({"--define", "http.probePort=0"});
    std::smatch match;
    const std::string log = server.log();
    ASSERT_TRUE(std::regex_search(log, match, std::regex("probes and metrics also on 127\\.0\\.0\\.1:([0-9]+)")))
        << log;
    const auto probePort = static_cast<unsigned short>(std::stoi(match[1]));
    const auto result = healthcheck(url(probePort, "/livez"));
    EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
}

TEST(Healthcheck, UnreadyServerAnswersOne)
{
    ServerProcess server; // no variable set: /readyz answers 503
    const auto result = healthcheck(url(server.port(), "/readyz"));
    EXPECT_EQ(result.exitCode, 1) << result.out << result.err;
    expectOneLine(result, url(server.port(), "/readyz"));
    EXPECT_NE(result.out.find(": 503 Service Unavailable"), std::string::npos) << result.out;
}

TEST(Healthcheck, ReadyServerAnswersZero)
{
    ServerProcess server({}, {{"POSTGRES_USER", "u"},
                              {"POSTGRES_PASSWORD", "p"},
                              {"POSTGRES_HOST", "h"},
                              {"POSTGRES_PORT", "5432"},
                              {"POSTGRES_DB", "d"},
                              {"REDIS_HOST", "r"},
                              {"REDIS_PORT", "6379"},
                              {"CSRF_SECRET", "c"}});
    const auto result = healthcheck(url(server.port(), "/readyz"));
    EXPECT_EQ(result.exitCode, 0) << result.out << result.err << server.log();
}

TEST(Healthcheck, NotFoundAnswersOne)
{
    ServerProcess server;
    const auto result = healthcheck(url(server.port(), "/no-such-path"));
    EXPECT_EQ(result.exitCode, 1) << result.out << result.err;
    EXPECT_NE(result.out.find(": 404 Not Found"), std::string::npos) << result.out;
}

TEST(Healthcheck, RefusedConnectionAnswersOne)
{
    // A port bound but not listening refuses connections, and no other process can take it.
    Poco::Net::ServerSocket bound;
    bound.bind(Poco::Net::SocketAddress("127.0.0.1", 0), false, false);
    const auto result = healthcheck(url(bound.address().port(), "/livez"));
    EXPECT_EQ(result.exitCode, 1) << result.out << result.err;
    expectOneLine(result, url(bound.address().port(), "/livez"));
    EXPECT_NE(result.out.find("refused"), std::string::npos) << result.out;
}

TEST(Healthcheck, UnusableUrlAnswersOne)
{
    for (const std::string bad : {"ftp://127.0.0.1/livez", "not a url", "http:///livez"})
    {
        const auto result = healthcheck(bad);
        EXPECT_EQ(result.exitCode, 1) << bad << ": " << result.out << result.err;
        expectOneLine(result, bad);
    }
}

TEST(Healthcheck, CredentialsInTheUrlAreNotPrinted)
{
    ServerProcess server;
    const std::string port = std::to_string(server.port());
    for (const std::string& target : {"http://admin:S3cretPass@127.0.0.1:" + port + "/livez?token=T0kenValue",
                                      std::string("http://admin:S3cretPass@[::1/")})
    {
        const auto result = healthcheck(target);
        EXPECT_EQ(result.out.find("S3cretPass"), std::string::npos) << result.out;
        EXPECT_EQ(result.out.find("T0kenValue"), std::string::npos) << result.out;
        EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 1) << result.out;
    }
}

TEST(Healthcheck, AServerThatTricklesItsAnswerIsGivenUpAtTheLimit)
{
    // Each byte arrives well within POCO's per-read timeout; the whole answer never does.
    Poco::Net::ServerSocket listener(Poco::Net::SocketAddress("127.0.0.1", 0), 4);
    std::thread trickler(
        [&listener]
        {
            Poco::Net::StreamSocket client = listener.acceptConnection();
            const std::string start = "HTTP/1.1 200 OK\r\n";
            client.sendBytes(start.data(), static_cast<int>(start.size()));
            const auto stop = std::chrono::steady_clock::now() + std::chrono::seconds(15);
            try
            {
                while (std::chrono::steady_clock::now() < stop)
                {
                    client.sendBytes("X-Slow: 1\r\n", 11);
                    std::this_thread::sleep_for(std::chrono::milliseconds(200));
                }
            }
            catch (const Poco::Exception&)
            {
                // the health check hung up: done
            }
        });
    const auto result = healthcheck(url(listener.address().port(), "/livez"));
    trickler.join();
    EXPECT_EQ(result.exitCode, 1) << result.out << result.err;
    EXPECT_NE(result.out.find("no complete answer within 3 s"), std::string::npos) << result.out;
}

} // namespace
