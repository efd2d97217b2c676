//
// HttpServerTest.cpp
//
// HttpServer: serving a factory over loopback, and stopping with connections open.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "http/HttpServer.h"

#include "ResponseWriter.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>

#include <gtest/gtest.h>

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
    // A client that connected and says nothing: it may still send a request, so it is kept
    // until the timeout.
    Poco::Net::StreamSocket silent(Poco::Net::SocketAddress("127.0.0.1", server.port()));
    EXPECT_FALSE(server.stop(Poco::Timespan(0, 200000)));
    char byte = 0;
    silent.setReceiveTimeout(Poco::Timespan(10, 0));
    EXPECT_EQ(silent.receiveBytes(&byte, 1), 0) << "closed by the stop";
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
