//
// ResponseWriterTest.cpp
//
// ResponseWriter over real HTTP: one-piece responses that keep the connection in step.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ResponseWriter.h"

#include "HttpHarness.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <gtest/gtest.h>

using labmock::Response;
using labmock::test::HttpHarness;
using labmock::test::route;
using Request = Poco::Net::HTTPServerRequest;

namespace
{

/// Bytes that differ from position to position, so a lost or repeated chunk shows.
std::string pattern(std::size_t size)
{
    std::string text(size, '\0');
    for (std::size_t i = 0; i < size; ++i)
        text[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
    return text;
}

std::vector<labmock::Router::Route> table()
{
    return {
        route("/small", [](const Request&) { return Response::text(200, "small body\n"); }),
        // Larger than a socket buffer: the loop sends it over several writes.
        route("/large", [](const Request&) { return Response::text(200, pattern(300 * 1024)); }),
        route("/empty", [](const Request&) { return Response::text(204, ""); }),
    };
}

} // namespace

TEST(ResponseWriter, SendsSmallAndLargeBodiesWhole)
{
    const HttpHarness server(table());
    EXPECT_EQ(server.get("/small").body, "small body\n");
    const auto large = server.get("/large");
    EXPECT_EQ(large.status, 200);
    EXPECT_EQ(large.headers.get("Content-Length", ""), std::to_string(300 * 1024));
    EXPECT_EQ(large.body, pattern(300 * 1024));
}

TEST(ResponseWriter, KeepsAKeepAliveConnectionInStep)
{
    const HttpHarness server(table());
    Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
    session.setKeepAlive(true);
    session.setTimeout(Poco::Timespan(10, 0));
    for (const char* path : {"/small", "/large", "/empty", "/small", "/large"})
    {
        for (const auto* method : {&Poco::Net::HTTPRequest::HTTP_HEAD, &Poco::Net::HTTPRequest::HTTP_GET})
        {
            Poco::Net::HTTPRequest request(*method, path, Poco::Net::HTTPMessage::HTTP_1_1);
            session.sendRequest(request);
            Poco::Net::HTTPResponse response;
            std::istream& in = session.receiveResponse(response);
            std::string body;
            if (*method == Poco::Net::HTTPRequest::HTTP_GET)
                Poco::StreamCopier::copyToString(in, body);
            const std::string expected = std::string(path) == "/small"   ? "small body\n"
                                         : std::string(path) == "/large" ? pattern(300 * 1024)
                                                                         : "";
            // A 204 carries no Content-Length at all (RFC 9110); the connection stays in step anyway.
            const Poco::Int64 length = std::string(path) == "/empty" ? -1 : static_cast<Poco::Int64>(expected.size());
            EXPECT_EQ(response.getContentLength64(), length) << *method << path;
            EXPECT_EQ(body, *method == Poco::Net::HTTPRequest::HTTP_GET ? expected : "") << *method << path;
            EXPECT_TRUE(response.getKeepAlive()) << *method << path;
        }
    }
}

TEST(ResponseWriter, EndsAConnectionWhoseRequestBodyWasNotRead)
{
    const HttpHarness server(table());
    // A body on a GET that no endpoint reads: were the connection kept, the body would be
    // answered as a second request (request smuggling behind a proxy).
    const std::string smuggled = "GET /large HTTP/1.1\r\nHost: x\r\n\r\n";
    const std::string answer = server.raw(
        "GET /small HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled);
    EXPECT_EQ(answer.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << answer.substr(0, 200);
    EXPECT_NE(answer.find("\r\nConnection: close\r\n"), std::string::npos) << answer.substr(0, 400);
    EXPECT_EQ(answer.find("HTTP/1.1", 1), std::string::npos) << "a second response was sent";
}

TEST(ResponseWriter, WritesStatusLineReasonAndTheConnectionsFields)
{
    const HttpHarness server(table());
    const std::string answer = server.raw("GET /empty HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(answer.rfind("HTTP/1.1 204 No Content\r\n", 0), 0u) << answer;
    EXPECT_NE(answer.find("\r\nDate: "), std::string::npos) << answer;
    EXPECT_NE(answer.find("\r\nConnection: close\r\n"), std::string::npos) << answer;
    EXPECT_EQ(answer.find("\r\nContent-Length:"), std::string::npos) << answer; // none on a 204
    EXPECT_EQ(answer.find("\r\nContent-Type:"), std::string::npos) << answer;
    EXPECT_EQ(answer.substr(answer.size() - 4), "\r\n\r\n") << answer;
}
