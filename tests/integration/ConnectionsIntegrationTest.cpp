//
// ConnectionsIntegrationTest.cpp
//
// The connection layer of the real binary: deadlines, the connection limit, probe isolation,
// pipelining, slow readers and shutdown, over real sockets.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "OpsFixtures.h"
#include "ServerProcess.h"
#include "TemporaryDirectory.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

using labmock::test::contains;
using labmock::test::exchange;
using labmock::test::readUntilClosed;
using labmock::test::ServerProcess;
using labmock::test::TemporaryDirectory;
using labmock::test::waitUntilServerHasRead;

namespace
{

std::string define(const std::string& key, const std::string& value)
{
    return "--define=" + key + "=" + value;
}

std::unique_ptr<Poco::Net::StreamSocket> connect(unsigned short port)
{
    return std::make_unique<Poco::Net::StreamSocket>(Poco::Net::SocketAddress("127.0.0.1", port));
}

void send(Poco::Net::StreamSocket& socket, const std::string& bytes)
{
    socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
}

/// Reads until the server closes the connection (true) or limit passes (false).
bool closedWithin(Poco::Net::StreamSocket& socket, std::chrono::seconds limit, std::string* received = nullptr)
{
    socket.setReceiveTimeout(Poco::Timespan(static_cast<long>(limit.count()), 0));
    char buffer[4096];
    try
    {
        for (;;)
        {
            const int n = socket.receiveBytes(buffer, sizeof buffer);
            if (n <= 0)
                return true;
            if (received)
                received->append(buffer, static_cast<std::size_t>(n));
        }
    }
    catch (const Poco::TimeoutException&)
    {
        return false;
    }
    catch (const Poco::Net::NetException&)
    {
        return true; // reset
    }
}

/// Reads one response of known framing (Content-Length) from a keep-alive connection.
std::string readResponse(Poco::Net::StreamSocket& socket)
{
    std::string data;
    char buffer[4096];
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    for (;;)
    {
        const std::size_t headEnd = data.find("\r\n\r\n");
        if (headEnd != std::string::npos)
        {
            std::smatch match;
            const std::string head = data.substr(0, headEnd);
            const std::size_t length =
                std::regex_search(head, match, std::regex("Content-Length: ([0-9]+)")) ? std::stoul(match[1]) : 0;
            if (data.size() >= headEnd + 4 + length)
                return data;
        }
        const int n = socket.receiveBytes(buffer, sizeof buffer);
        if (n <= 0)
            return data;
        data.append(buffer, static_cast<std::size_t>(n));
    }
}

/// The value of a series on /metrics; -1 when absent.
long metric(const std::string& metrics, const std::string& series)
{
    const std::size_t at = metrics.find(series + " ");
    return at == std::string::npos ? -1 : std::stol(metrics.substr(at + series.size() + 1));
}

/// The probe port the server logged ("probes and metrics also on ADDRESS:PORT").
unsigned short probePort(const ServerProcess& server)
{
    EXPECT_TRUE(server.waitForLog("probes and metrics also on")) << server.log();
    std::smatch match;
    const std::string log = server.log();
    if (!std::regex_search(log, match, std::regex("probes and metrics also on [0-9.]+:([0-9]+)")))
        return 0;
    return static_cast<unsigned short>(std::stoi(match[1]));
}

int statusOf(const std::string& response)
{
    return response.rfind("HTTP/1.", 0) == 0 && response.size() > 12 ? std::stoi(response.substr(9, 3)) : 0;
}

} // namespace

TEST(Connections, HeaderDeadlineClosesATricklingClient)
{
    ServerProcess server({define("http.headerTimeout", "1")});
    auto client = connect(server.port());
    send(*client, "GET /healthz HTTP/1.1\r\nHost: t\r\n");
    // One header line every 100 ms: each read is progress, but the whole head never ends.
    bool closed = false;
    std::string received;
    for (int line = 0; line < 150 && !closed; ++line)
    {
        try
        {
            send(*client, "X-Line-" + std::to_string(line) + ": trickle\r\n");
        }
        catch (const Poco::Exception&)
        {
            closed = true; // the server is gone from this connection
            break;
        }
        client->setReceiveTimeout(Poco::Timespan(0, 100000));
        char buffer[1024];
        try
        {
            const int n = client->receiveBytes(buffer, sizeof buffer);
            received.append(buffer, static_cast<std::size_t>(std::max(n, 0)));
            closed = n <= 0;
        }
        catch (const Poco::TimeoutException&)
        {
        }
        catch (const Poco::Net::NetException&)
        {
            closed = true;
        }
    }
    EXPECT_TRUE(closed) << "still open after 15 s of trickling";
    EXPECT_TRUE(received.empty() || statusOf(received) == 408) << received;
    const std::string metrics = server.get("/metrics").body;
    EXPECT_GE(metric(metrics, R"(labmock_connections_closed_total{listener="main",reason="header_timeout"})"), 1)
        << metrics;
}

TEST(Connections, IdleKeepAliveConnectionsAreClosed)
{
    ServerProcess server({define("http.keepAliveTimeout", "0.5")});
    auto client = connect(server.port());
    send(*client, "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
    const std::string answer = readResponse(*client);
    EXPECT_EQ(statusOf(answer), 200) << answer;
    EXPECT_FALSE(contains(Poco::toLower(answer), "connection: close")) << answer;
    EXPECT_TRUE(closedWithin(*client, std::chrono::seconds(10))) << "the idle connection stayed open";
    const std::string metrics = server.get("/metrics").body;
    EXPECT_GE(metric(metrics, R"(labmock_connections_closed_total{listener="main",reason="idle_timeout"})"), 1)
        << metrics;
}

TEST(Connections, ConnectionsBeyondTheLimitAreClosedAtOnceAndCounted)
{
    ServerProcess server({define("http.maxConnections", "3"), define("http.probePort", "0")});
    const unsigned short probe = probePort(server);
    std::vector<std::unique_ptr<Poco::Net::StreamSocket>> held;
    for (int i = 0; i < 3; ++i)
    {
        held.push_back(connect(server.port()));
        send(*held.back(), "GET /healthz HTTP/1.1\r\nHost: t\r\n");
        ASSERT_TRUE(waitUntilServerHasRead(server.port(), held.back()->address().port()));
    }
    auto extra = connect(server.port());
    std::string said;
    EXPECT_TRUE(closedWithin(*extra, std::chrono::seconds(10), &said)) << "the fourth connection was kept";
    EXPECT_TRUE(said.empty()) << said;

    // The held connections are still served.
    send(*held[0], "Connection: close\r\n\r\n");
    std::string answer = readUntilClosed(*held[0]);
    EXPECT_EQ(statusOf(answer), 200) << answer;

    // The probe listener has a budget of its own.
    const auto metrics = labmock::test::HttpClient::request(probe, "GET", "/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_GE(metric(metrics.body, R"(labmock_connections_rejected_total{listener="main"})"), 1) << metrics.body;
    EXPECT_EQ(metric(metrics.body, R"(labmock_connections_rejected_total{listener="probe"})"), 0) << metrics.body;
}

TEST(Connections, ProbeIsAnsweredWhileSlowClientsHoldBothPorts)
{
    ServerProcess server({define("http.probePort", "0"), define("readiness.requireAll", "false")});
    const unsigned short probe = probePort(server);
    std::vector<std::unique_ptr<Poco::Net::StreamSocket>> slow;
    for (const unsigned short port : {probe, server.port()})
    {
        for (int i = 0; i < 100; ++i)
        {
            slow.push_back(connect(port));
            send(*slow.back(), "GET /readyz HTTP/1.1\r\nHost: t\r\nX-Slow: ");
        }
    }
    ASSERT_TRUE(waitUntilServerHasRead(probe, slow[99]->address().port()));
    const auto ready = labmock::test::HttpClient::request(probe, "GET", "/readyz");
    EXPECT_EQ(ready.status, 200) << ready.body;
    EXPECT_EQ(server.get("/readyz").status, 200);
    // And the slow clients are still served when they finish.
    send(*slow[0], "1\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(statusOf(readUntilClosed(*slow[0])), 200);
}

TEST(Connections, PipelinedRequestsAreAnsweredInOrder)
{
    ServerProcess server;
    const auto answer = exchange(server.port(), "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"
                                                "GET /version HTTP/1.1\r\nHost: t\r\n\r\n"
                                                "HEAD /nope HTTP/1.1\r\nHost: t\r\n\r\n"
                                                "GET /livez HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                                                "GET /never-answered HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_TRUE(answer.closedByServer);
    std::vector<int> statuses;
    for (std::size_t at = answer.bytes.find("HTTP/1.1 "); at != std::string::npos;
         at = answer.bytes.find("HTTP/1.1 ", at + 1))
        statuses.push_back(std::stoi(answer.bytes.substr(at + 9, 3)));
    EXPECT_EQ(statuses, (std::vector<int>{200, 200, 404, 200})) << answer.bytes;
    const std::size_t version = answer.bytes.find("\"version\"");
    const std::size_t notFound = answer.bytes.find("404 Not Found");
    EXPECT_LT(answer.bytes.find("\r\n\r\nok\n"), version);
    EXPECT_LT(version, notFound);
}

/// Eight drop-ins, each a group with the given description: about 8 × its size of JSON.
void writeBigGroups(const TemporaryDirectory& groups, const std::string& description)
{
    for (int g = 0; g < 8; ++g)
        groups.write("big" + std::to_string(g) + ".json", R"({"name": "Big )" + std::to_string(g)
                                                              + R"(", "description": ")" + description
                                                              + R"(", "vars": ["BIG_VAR"]})");
}

TEST(Connections, ALargeResponseReachesASlowReaderWhole)
{
    // Eight group descriptions of 512 KiB (drop-ins are capped at 1 MiB each) make a page
    // larger than any socket buffer.
    TemporaryDirectory groups;
    const std::string description(512 << 10, 'd');
    writeBigGroups(groups, description);
    ServerProcess server({define("groups.path", groups.path()), define("http.sendTimeout", "30")});
    auto client = connect(server.port());
    client->setReceiveBufferSize(256 * 1024); // well above the loopback MSS, well below the page
    send(*client, "GET /api/groups HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    // Read a little at a time, pausing, so the server finds the socket full again and again.
    std::string answer;
    char buffer[16384];
    client->setReceiveTimeout(Poco::Timespan(20, 0));
    for (int n; (n = client->receiveBytes(buffer, sizeof buffer)) > 0;)
    {
        answer.append(buffer, static_cast<std::size_t>(n));
        if (answer.size() % 16 == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_EQ(statusOf(answer), 200) << answer.substr(0, 300);
    const std::size_t headEnd = answer.find("\r\n\r\n");
    std::smatch match;
    const std::string head = answer.substr(0, headEnd);
    ASSERT_TRUE(std::regex_search(head, match, std::regex("Content-Length: ([0-9]+)"))) << head;
    EXPECT_EQ(answer.size() - headEnd - 4, std::stoul(match[1]));
    EXPECT_TRUE(contains(answer, description)) << "the description arrived in one piece";
}

TEST(Connections, AClientThatReadsNothingIsClosedAfterTheSendTimeout)
{
    TemporaryDirectory groups;
    writeBigGroups(groups, std::string(512 << 10, 'd'));
    ServerProcess server({define("groups.path", groups.path()), define("http.sendTimeout", "0.5")});
    auto client = connect(server.port());
    client->setReceiveBufferSize(4096);
    send(*client, "GET /api/groups HTTP/1.1\r\nHost: t\r\n\r\n");
    const std::string metricName = R"(labmock_connections_closed_total{listener="main",reason="send_timeout"})";
    long closed = 0;
    for (int attempt = 0; attempt < 200 && closed < 1; ++attempt)
    {
        closed = metric(server.get("/metrics").body, metricName);
        if (closed < 1)
            std::this_thread::sleep_for(std::chrono::milliseconds(50)); // a deadline, not a race: poll
    }
    EXPECT_EQ(closed, 1);
}

TEST(Connections, ShutdownAnswersRequestsInFlightOnKeepAliveConnections)
{
    ServerProcess server({define("shutdown.timeout", "20")});
    std::vector<std::unique_ptr<Poco::Net::StreamSocket>> busy, idle;
    for (int i = 0; i < 8; ++i)
    {
        for (auto* group : {&busy, &idle})
        {
            group->push_back(connect(server.port()));
            send(*group->back(), "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
            ASSERT_EQ(statusOf(readResponse(*group->back())), 200);
        }
        // Half of the next request: the server has received it, but not all of it.
        send(*busy.back(), "GET /api/groups HTTP/1.1\r\nHost: t\r\n");
        ASSERT_TRUE(waitUntilServerHasRead(server.port(), busy.back()->address().port()));
    }
    const std::size_t from = server.log().size();
    server.signal(SIGTERM);
    ASSERT_TRUE(server.waitForLog("shutting down", from)) << server.log();
    for (auto& connection : idle)
        EXPECT_TRUE(closedWithin(*connection, std::chrono::seconds(10))) << "an idle connection stayed open";
    for (auto& connection : busy)
    {
        send(*connection, "Accept: application/json\r\n\r\n");
        const std::string answer = readUntilClosed(*connection);
        EXPECT_EQ(statusOf(answer), 200) << answer.substr(0, 300);
        EXPECT_TRUE(contains(Poco::toLower(answer.substr(0, answer.find("\r\n\r\n"))), "\r\nconnection: close"))
            << answer.substr(0, 300);
        EXPECT_TRUE(contains(answer, "\"groups\"")) << "the whole body arrived";
    }
    EXPECT_EQ(server.waitForExit(), 0) << server.log();
}

TEST(Connections, ShutdownClosesConnectionsThatHaveSentNothing)
{
    // Header and shutdown deadlines far beyond the wait: only closing them at once passes.
    ServerProcess server({define("http.headerTimeout", "600"), define("shutdown.timeout", "600")});
    std::vector<std::unique_ptr<Poco::Net::StreamSocket>> silent;
    for (int i = 0; i < 4; ++i)
        silent.push_back(connect(server.port()));
    // Accepted by the loops, not waiting in the backlog (where closing the listener resets
    // them): the backlog is taken in order, so once a later connection is served, they are.
    ASSERT_EQ(server.get("/healthz").status, 200);
    server.signal(SIGTERM);
    for (auto& connection : silent)
        EXPECT_TRUE(closedWithin(*connection, std::chrono::seconds(30))) << "a silent connection stayed open";
    EXPECT_EQ(server.waitForExit(std::chrono::seconds(30)), 0) << server.log();
}

TEST(Connections, ARequestWithABodyIsAnsweredAndTheConnectionClosed)
{
    ServerProcess server;
    for (const std::string expect : {"", "Expect: 100-continue\r\n"})
    {
        auto client = connect(server.port());
        // The body never comes: the answer must not wait for it.
        send(*client, "POST /healthz HTTP/1.1\r\nHost: t\r\n" + expect + "Content-Length: 100\r\n\r\n");
        std::string answer;
        EXPECT_TRUE(closedWithin(*client, std::chrono::seconds(10), &answer)) << expect;
        EXPECT_EQ(statusOf(answer), 405) << answer;
        EXPECT_TRUE(contains(Poco::toLower(answer), "\r\nconnection: close\r\n")) << answer;
    }
}

TEST(Connections, RefusedRequestsAre4xxWithConnectionCloseAndLoggedWithoutTheirBytes)
{
    ServerProcess server;
    const std::vector<std::pair<std::string, int>> hostile{
        {"GET / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx", 400},
        {"GET / HTTP/1.1\r\nHost: t\r\nX-Canary-7c1e\r\n\r\n", 400},
        {"GET / HTTP/1.1\nHost: t\n\n", 400},
        {"GET / HTTP/1.1\r\n\r\n", 400},
        {"GET / HTTP/3.0\r\nHost: t\r\n\r\n", 505},
        {"GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(20000, 'b') + "\r\n\r\n", 431},
        {"GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n", 414},
    };
    for (const auto& [bytes, status] : hostile)
    {
        const auto answer = exchange(server.port(), bytes);
        EXPECT_EQ(statusOf(answer.bytes), status) << bytes.substr(0, 80) << "\n" << answer.bytes.substr(0, 300);
        EXPECT_TRUE(contains(Poco::toLower(answer.bytes), "\r\nconnection: close\r\n")) << answer.bytes;
        EXPECT_TRUE(answer.closedByServer) << bytes.substr(0, 80);
    }
    EXPECT_TRUE(server.waitForLog("refused a request from 127.0.0.1: 400")) << server.log();
    EXPECT_FALSE(contains(server.log(), "Canary")) << server.log();
    EXPECT_EQ(server.get("/healthz").status, 200);
}
