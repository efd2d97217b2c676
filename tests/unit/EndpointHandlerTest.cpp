//
// EndpointHandlerTest.cpp
//
// EndpointHandler over real HTTP: security headers, auth, HEAD, 500 instead of a dropped connection.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "EndpointHandler.h"

#include "HttpHarness.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerRequest.h>

#include <gtest/gtest.h>

#include <stdexcept>

using labmock::Response;
using labmock::test::HttpHarness;
using labmock::test::route;
using Request = Poco::Net::HTTPServerRequest;

namespace
{

std::vector<labmock::Router::Route> table()
{
    return {
        route("/open", [](const Request&) { return Response::text(200, "open\n"); }),
        route(
            "/guarded", [](const Request&) { return Response::text(200, "guarded\n"); }, true, true),
        route("/page",
              [](const Request&)
              {
                  Response r = Response::text(200, "<p>page</p>", "text/html; charset=utf-8");
                  r.headers.emplace_back("Content-Security-Policy", "default-src 'none'; style-src 'self'");
                  return r;
              }),
        route("/std", [](const Request&) -> Response { throw std::runtime_error("endpoint broke"); }),
        route("/poco", [](const Request&) -> Response { throw Poco::IOException("endpoint broke"); }),
        route("/int", [](const Request&) -> Response { throw 7; }),
    };
}

HttpHarness::Options withToken()
{
    HttpHarness::Options options;
    options.token = "s3cr3t-token";
    options.corsOrigins = {"https://ui.example.org"};
    return options;
}

} // namespace

TEST(EndpointHandler, AddsSecurityHeadersToEveryResponse)
{
    const HttpHarness server(table());
    for (const char* path : {"/open", "/page", "/nope", "/std"})
    {
        const auto answer = server.get(path);
        EXPECT_EQ(answer.headers.get("Cache-Control", ""), "no-store") << path;
        EXPECT_EQ(answer.headers.get("X-Content-Type-Options", ""), "nosniff") << path;
        EXPECT_EQ(answer.headers.get("Referrer-Policy", ""), "no-referrer") << path;
        EXPECT_EQ(answer.headers.get("X-Frame-Options", ""), "DENY") << path;
        EXPECT_EQ(answer.all("Content-Security-Policy").size(), 1u) << path;
    }
    EXPECT_EQ(server.get("/open").headers.get("Content-Security-Policy", ""),
              "default-src 'none'; frame-ancestors 'none'");
}

TEST(EndpointHandler, KeepsTheEndpointsOwnPolicyAndContentType)
{
    const HttpHarness server(table());
    const auto answer = server.get("/page");
    EXPECT_EQ(answer.headers.get("Content-Security-Policy", ""), "default-src 'none'; style-src 'self'");
    EXPECT_EQ(answer.headers.get("Content-Type", ""), "text/html; charset=utf-8");
    EXPECT_EQ(answer.body, "<p>page</p>");
}

TEST(EndpointHandler, HeadSendsTheHeadersOfGetWithoutTheBody)
{
    const HttpHarness server(table());
    const auto get = server.get("/page");
    const auto head = server.request("HEAD", "/page");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.body, "");
    EXPECT_EQ(head.headers.get("Content-Length", ""), std::to_string(get.body.size()));
    EXPECT_EQ(head.headers.get("Content-Type", ""), get.headers.get("Content-Type", ""));
}

TEST(EndpointHandler, TurnsAnythingAnEndpointThrowsIntoA500)
{
    const HttpHarness server(table());
    for (const char* path : {"/std", "/poco", "/int"})
    {
        const auto answer = server.get(path);
        EXPECT_EQ(answer.status, 500) << path;
        EXPECT_EQ(answer.body, "internal server error\n") << path;
        EXPECT_EQ(answer.body.find("endpoint broke"), std::string::npos) << "no internals to the client";
    }
    EXPECT_EQ(server.get("/open").status, 200) << "the server survives";
}

TEST(EndpointHandler, GuardedRoutesWantTheToken)
{
    const HttpHarness server(table(), withToken());
    const auto denied = server.get("/guarded");
    EXPECT_EQ(denied.status, 401);
    EXPECT_EQ(denied.body, "authentication required\n");
    const auto challenges = denied.all("WWW-Authenticate");
    ASSERT_EQ(challenges.size(), 2u);
    EXPECT_EQ(challenges[0].rfind("Bearer ", 0), 0u);
    EXPECT_EQ(challenges[1].rfind("Basic ", 0), 0u);
    EXPECT_EQ(server.get("/guarded", {{"Authorization", "Bearer wrong"}}).status, 401);
    EXPECT_EQ(server.get("/guarded", {{"Authorization", "Bearer s3cr3t-token"}}).body, "guarded\n");
    EXPECT_EQ(server.get("/open").status, 200) << "unguarded routes stay open";
    EXPECT_EQ(server.request("HEAD", "/guarded").status, 401);
}

TEST(EndpointHandler, WithoutATokenGuardedRoutesAreOpen)
{
    const HttpHarness server(table());
    EXPECT_EQ(server.get("/guarded").status, 200);
}

TEST(EndpointHandler, GrantsAllowedOriginsOnAnswersAndRefusals)
{
    const HttpHarness server(table(), withToken());
    const std::map<std::string, std::string> origin{{"Origin", "https://ui.example.org"}};
    auto answer =
        server.get("/guarded", {{"Origin", "https://ui.example.org"}, {"Authorization", "Bearer s3cr3t-token"}});
    EXPECT_EQ(answer.all("Access-Control-Allow-Origin"), std::vector<std::string>{"https://ui.example.org"});
    // The app must be able to read a 401, not see a network error.
    answer = server.get("/guarded", origin);
    EXPECT_EQ(answer.status, 401);
    EXPECT_EQ(answer.all("Access-Control-Allow-Origin"), std::vector<std::string>{"https://ui.example.org"});
    answer = server.get("/guarded", {{"Origin", "https://evil.example.org"}});
    EXPECT_TRUE(answer.all("Access-Control-Allow-Origin").empty());
}

TEST(EndpointHandler, LogsOneAccessLineWithoutTheQueryString)
{
    const HttpHarness server(table());
    server.get("/open?token=canary-query-secret&x=1");
    ASSERT_TRUE(server.accessLog().waitForCount(1));
    const auto messages = server.accessLog().messages();
    ASSERT_EQ(messages.size(), 1u);
    const Poco::Message& line = messages[0];
    EXPECT_EQ(line.getText().find("canary-query-secret"), std::string::npos) << line.getText();
    EXPECT_EQ(line.getText().rfind("127.0.0.1 GET /open 200 5 ", 0), 0u) << line.getText();
    EXPECT_EQ(line.get("client"), "127.0.0.1");
    EXPECT_EQ(line.get("method"), "GET");
    EXPECT_EQ(line.get("path"), "/open");
    EXPECT_EQ(line.get("status"), "200");
    EXPECT_EQ(line.get("bytes"), "5");
}

TEST(EndpointHandler, LogsHeadWithZeroBytesAndErrorsWithTheirStatus)
{
    const HttpHarness server(table());
    server.request("HEAD", "/open");
    ASSERT_TRUE(server.accessLog().waitForCount(1));
    server.get("/std");
    ASSERT_TRUE(server.accessLog().waitForCount(2));
    const auto messages = server.accessLog().messages();
    EXPECT_EQ(messages[0].get("method"), "HEAD");
    EXPECT_EQ(messages[0].get("bytes"), "0");
    EXPECT_EQ(messages[1].get("status"), "500");
}
