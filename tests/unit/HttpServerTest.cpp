//
// HttpServerTest.cpp
//
// HttpServer: serving a factory over loopback, and stopping with connections open.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "http/HttpServer.h"

#include "ResponseWriter.h"
#include "http/BlockingRequestHandler.h"

#include <Poco/Event.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <sys/resource.h>

using labmock::ConnectionMetrics;
using labmock::HttpServer;

namespace
{

/// Answers with POCO's own sendBuffer, or throws for /throw: a handler that is not ours.
class PlainHandler : public Poco::Net::HTTPRequestHandler
{
public:
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        if (request.getURI() == "/throw")
            throw std::runtime_error("not a Poco::Exception");
        response.setContentType("text/plain");
        response.sendBuffer("plain\n", 6);
    }
};

class PlainFactory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new PlainHandler;
    }
};

/// What the blocking handlers of a SlowFactory share with the test.
struct Gate
{
    Poco::Event started{Poco::Event::EVENT_AUTORESET};   ///< set by each blocking handler when it begins
    Poco::Event release{Poco::Event::EVENT_MANUALRESET}; ///< once set, every blocking handler ends
    std::atomic<int> running{0};
};

/// Waits for the gate, then answers "slow": a handler that blocks.
class SlowHandler : public labmock::BlockingRequestHandler
{
public:
    explicit SlowHandler(std::shared_ptr<Gate> gate) : _gate(std::move(gate))
    {
    }

    void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) override
    {
        ++_gate->running;
        _gate->started.set();
        _gate->release.wait();
        --_gate->running;
        response.sendBuffer("slow\n", 5);
    }

private:
    std::shared_ptr<Gate> _gate; // shared: a handler may outlive the server and the test's reference
};

/// /slow blocks until the gate opens; everything else answers "plain" at once.
class SlowFactory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit SlowFactory(std::shared_ptr<Gate> gate) : _gate(std::move(gate))
    {
    }

    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override
    {
        if (request.getURI() == "/slow")
            return new SlowHandler(_gate);
        return new PlainHandler;
    }

private:
    std::shared_ptr<Gate> _gate;
};

Poco::Net::StreamSocket sending(unsigned short port, const std::string& bytes)
{
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
    return socket;
}

/// Reads until the peer closes.
std::string rest(Poco::Net::StreamSocket& socket)
{
    std::string answer;
    char buffer[4096];
    for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;)
        answer.append(buffer, static_cast<std::size_t>(n));
    return answer;
}

Poco::Net::ServerSocket listening()
{
    return Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0));
}

std::string exchange(unsigned short port, const std::string& bytes)
{
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
    std::string answer;
    char buffer[4096];
    for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;)
        answer.append(buffer, static_cast<std::size_t>(n));
    return answer;
}

} // namespace

TEST(HttpServer, ServesPocosOwnResponseFunctionsAndTurnsAThrowInto500)
{
    ConnectionMetrics metrics;
    HttpServer server(new PlainFactory, listening(), HttpServer::Options(), metrics);
    server.start();
    const std::string plain = exchange(server.port(), "GET /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(plain.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << plain;
    EXPECT_NE(plain.find("\r\nContent-Length: 6\r\n"), std::string::npos) << plain;
    EXPECT_EQ(plain.substr(plain.size() - 8), "\r\nplain\n") << plain;

    const std::string thrown = exchange(server.port(), "GET /throw HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(thrown.rfind("HTTP/1.1 500 ", 0), 0u) << thrown;
    EXPECT_NE(thrown.find("\r\nConnection: close\r\n"), std::string::npos) << thrown;
    EXPECT_TRUE(server.stop(Poco::Timespan(5, 0)));
}

TEST(HttpServer, StopClosesTheListenerAndReportsConnectionsLeftAtTheTimeout)
{
    ConnectionMetrics metrics;
    HttpServer::Options options;
    options.loops = 2;
    HttpServer server(new PlainFactory, listening(), options, metrics);
    server.start();
    EXPECT_EQ(server.loops(), 2u);
    // A client that has sent part of a request: the rest may still come, so it is kept until
    // the timeout. Once a later connection is served, the backlog has given it to a loop.
    auto partial = sending(server.port(), "GET / HTTP/1.1\r\n");
    exchange(server.port(), "GET /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    // One that has sent nothing is closed at once, as an idle one is.
    auto silent = sending(server.port(), "");
    exchange(server.port(), "GET /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_FALSE(server.stop(Poco::Timespan(0, 200000)));
    EXPECT_EQ(rest(silent), "");
    EXPECT_EQ(rest(partial).rfind("HTTP/1.1 ", 0), std::string::npos) << "closed by the stop, unanswered";
    EXPECT_THROW(Poco::Net::StreamSocket(Poco::Net::SocketAddress("127.0.0.1", server.port())),
                 Poco::Net::ConnectionRefusedException);
}

TEST(HttpServer, RaisesTheOpenFileLimitToTheHardLimit)
{
    const std::int64_t connections = HttpServer::raiseOpenFileLimit();
    rlimit limit{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &limit), 0);
    EXPECT_EQ(limit.rlim_cur, limit.rlim_max);
    EXPECT_GT(connections, 0);
    EXPECT_LT(static_cast<rlim_t>(connections), limit.rlim_cur);
}

TEST(HttpServer, RunsABlockingHandlerOnAWorkerWhileItsLoopServesOthers)
{
    ConnectionMetrics metrics;
    const auto gate = std::make_shared<Gate>();
    HttpServer::Options options;
    options.loops = 1;
    HttpServer server(new SlowFactory(gate), listening(), options, metrics);
    server.start();
    auto slow = sending(server.port(), "GET /slow HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    ASSERT_TRUE(gate->started.tryWait(10000));
    // The only loop is free while the handler blocks.
    const std::string other = exchange(server.port(), "GET /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(other.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << other;
    EXPECT_EQ(gate->running.load(), 1);
    gate->release.set();
    const std::string answer = rest(slow);
    EXPECT_EQ(answer.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << answer;
    EXPECT_EQ(answer.substr(answer.size() - 5), "slow\n") << answer;
    slow.close();
    EXPECT_TRUE(server.stop(Poco::Timespan(5, 0)));
}

TEST(HttpServer, AnswersRequestsPipelinedAroundABlockingHandlerInOrder)
{
    ConnectionMetrics metrics;
    const auto gate = std::make_shared<Gate>();
    gate->release.set();
    HttpServer server(new SlowFactory(gate), listening(), HttpServer::Options(), metrics);
    server.start();
    const std::string answer = exchange(server.port(), "GET /a HTTP/1.1\r\nHost: t\r\n\r\n"
                                                       "GET /slow HTTP/1.1\r\nHost: t\r\n\r\n"
                                                       "GET /b HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    const auto first = answer.find("plain\n");
    const auto second = answer.find("slow\n");
    const auto third = answer.rfind("plain\n");
    ASSERT_NE(first, std::string::npos) << answer;
    ASSERT_NE(second, std::string::npos) << answer;
    EXPECT_LT(first, second) << answer;
    EXPECT_LT(second, third) << answer;
    EXPECT_TRUE(server.stop(Poco::Timespan(5, 0)));
}

TEST(HttpServer, AnswersBusyWhenEveryWorkerIsTakenAndCountsRefusedRequests)
{
    ConnectionMetrics metrics;
    const auto gate = std::make_shared<Gate>();
    HttpServer::Options options;
    options.workerThreads = 1;
    options.workerQueue = 0;
    HttpServer server(new SlowFactory(gate), listening(), options, metrics);
    server.start();
    auto first = sending(server.port(), "GET /slow HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    ASSERT_TRUE(gate->started.tryWait(10000));
    const std::string busy = exchange(server.port(), "GET /slow HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(busy.rfind("HTTP/1.1 503 ", 0), 0u) << busy;
    EXPECT_NE(busy.find("\r\nRetry-After: 1\r\n"), std::string::npos) << busy;
    const std::string malformed = exchange(server.port(), "GET / HTTP/1.1\r\nHost t\r\n\r\n");
    EXPECT_EQ(malformed.rfind("HTTP/1.1 400 ", 0), 0u) << malformed;
    std::string text;
    metrics.render(text);
    EXPECT_NE(text.find("labmock_requests_refused_total{listener=\"main\"} 2\n"), std::string::npos) << text;
    gate->release.set();
    EXPECT_EQ(rest(first).substr(0, 15), "HTTP/1.1 200 OK");
    first.close();
    EXPECT_TRUE(server.stop(Poco::Timespan(5, 0)));
}

TEST(HttpServer, StopsWithoutWaitingForABlockedHandlerBeyondItsTimeout)
{
    ConnectionMetrics metrics;
    const auto gate = std::make_shared<Gate>();
    auto server = std::make_unique<HttpServer>(new SlowFactory(gate), listening(), HttpServer::Options(), metrics);
    server->start();
    auto slow = sending(server->port(), "GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
    ASSERT_TRUE(gate->started.tryWait(10000));
    EXPECT_FALSE(server->stop(Poco::Timespan(0, 200000))) << "the blocked request keeps its connection open";
    EXPECT_TRUE(server->handlersRunning());
    server.reset(); // the loops and the pool go; the handler still runs
    gate->release.set();
    EXPECT_EQ(rest(slow), "") << "nobody is left to send its response: the connection just closes";
}
