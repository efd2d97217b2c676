//
// RouterTest.cpp
//
// Router: the route table over real HTTP: matches, base path, 400/404/405 and CORS preflight.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Router.h"

#include "HttpHarness.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/String.h>

#include <gtest/gtest.h>

using labmock::Response;
using labmock::Router;
using labmock::test::HttpHarness;
using labmock::test::route;

namespace
{

/// An endpoint that answers with its own name, so a test sees which route matched.
labmock::EndpointHandler::Endpoint says(const std::string& name)
{
    return [name](const Poco::Net::HTTPServerRequest&) { return Response::text(200, name + "\n"); };
}

std::vector<Router::Route> table()
{
    return {route("/", says("page"), false, true), route("/api/groups", says("groups"), false, true),
            route("/healthz", says("health"), false, false, true)};
}

} // namespace

TEST(Router, LabelsMetricsByRoutePathThenUnmatched)
{
    EXPECT_EQ(Router::metricLabels(table()), (std::vector<std::string>{"/", "/api/groups", "/healthz", "unmatched"}));
    EXPECT_EQ(Router::metricLabels({}), (std::vector<std::string>{"unmatched"}));
}

TEST(Router, MatchesExactPathsIgnoringTheQuery)
{
    const HttpHarness server(table());
    EXPECT_EQ(server.get("/").body, "page\n");
    EXPECT_EQ(server.get("/api/groups").body, "groups\n");
    EXPECT_EQ(server.get("/api/groups?pretty=1").body, "groups\n");
    EXPECT_EQ(server.get("/healthz").status, 200);
}

TEST(Router, UnknownPathsAre404)
{
    const HttpHarness server(table());
    for (const char* path : {"/api", "/api/groups/", "/API/groups", "/nope", "//", "/healthz/x"})
    {
        const auto answer = server.get(path);
        EXPECT_EQ(answer.status, 404) << path;
        EXPECT_EQ(answer.body, "not found\n") << path;
    }
}

TEST(Router, HeadWorksWhereGetDoes)
{
    const HttpHarness server(table());
    const auto head = server.request("HEAD", "/api/groups");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.body, "");
    EXPECT_EQ(head.headers.get("Content-Length", ""), "7"); // "groups\n", as GET would send
    EXPECT_EQ(server.request("HEAD", "/nope").status, 404);
}

TEST(Router, OtherMethodsAre405WithAllow)
{
    const HttpHarness server(table());
    for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"})
    {
        const auto answer = server.request(method, "/healthz");
        EXPECT_EQ(answer.status, 405) << method;
        EXPECT_EQ(answer.headers.get("Allow", ""), "GET, HEAD") << method;
    }
    EXPECT_EQ(server.request("POST", "/nope").status, 404); // an unknown path stays unknown
}

TEST(Router, APostRouteAnswersPostOnly)
{
    std::vector<Router::Route> routes = table();
    Router::Route action = route("/readyz/disable", says("disabled"), false, false, true);
    action.post = true;
    routes.push_back(action);
    const HttpHarness server(routes);
    EXPECT_EQ(server.request("POST", "/readyz/disable").body, "disabled\n");
    for (const char* method : {"GET", "HEAD", "PUT"})
    {
        const auto answer = server.request(method, "/readyz/disable");
        EXPECT_EQ(answer.status, 405) << method;
        EXPECT_EQ(answer.headers.get("Allow", ""), "POST") << method;
    }
}

TEST(Router, ServesEverythingBelowTheBasePathOnly)
{
    HttpHarness::Options options;
    options.basePath = "/echo";
    const HttpHarness server(table(), options);
    EXPECT_EQ(server.get("/echo").body, "page\n");
    EXPECT_EQ(server.get("/echo/").body, "page\n");
    EXPECT_EQ(server.get("/echo/api/groups").body, "groups\n");
    EXPECT_EQ(server.get("/echo?x=1").body, "page\n");
    for (const char* path : {"/", "/api/groups", "/healthz", "/echoes", "/echo2/api/groups", "/ECHO/"})
        EXPECT_EQ(server.get(path).status, 404) << path;
}

TEST(Router, RefusesRequestTargetsThatAreNotPaths)
{
    const HttpHarness server(table());
    for (const char* target : {"http://127.0.0.1/", "*", "api/groups"})
    {
        const std::string answer = server.raw(std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
        EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << target << " gave: " << answer;
    }
}

TEST(Router, RefusesAnUnknownHttpVersionAndCloses)
{
    const HttpHarness server(table());
    // POCO 1.11 parses any version string; the router must not answer "FOO/9.9 200".
    const std::string answer = server.raw("GET / FOO/9.9\r\nHost: x\r\n\r\n");
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
    EXPECT_NE(answer.find("unsupported HTTP version"), std::string::npos) << answer;
    EXPECT_NE(Poco::toLower(answer).find("\r\nconnection: close\r\n"), std::string::npos) << answer;
}

TEST(Router, AnswersHttp10InKind)
{
    const HttpHarness server(table());
    const std::string answer = server.raw("GET /healthz HTTP/1.0\r\n\r\n");
    EXPECT_EQ(answer.rfind("HTTP/1.0 200", 0), 0u) << answer;
    EXPECT_NE(answer.find("\r\n\r\nhealth\n"), std::string::npos) << answer;
}

TEST(Router, AnswersTheCorsPreflightOnCorsRoutesOnly)
{
    HttpHarness::Options options;
    options.corsOrigins = {"https://ui.example.org"};
    const HttpHarness server(table(), options);
    const std::map<std::string, std::string> origin{{"Origin", "https://ui.example.org"},
                                                    {"Access-Control-Request-Method", "GET"}};

    const auto preflight = server.request("OPTIONS", "/api/groups", origin);
    EXPECT_EQ(preflight.status, 204);
    EXPECT_EQ(preflight.all("Access-Control-Allow-Origin"), std::vector<std::string>{"https://ui.example.org"});
    EXPECT_EQ(preflight.headers.get("Access-Control-Allow-Methods", ""), "GET, HEAD");

    const auto stranger = server.request("OPTIONS", "/api/groups", {{"Origin", "https://evil.example.org"}});
    EXPECT_EQ(stranger.status, 403);
    EXPECT_TRUE(stranger.all("Access-Control-Allow-Origin").empty());

    // A route that is not readable cross-origin has no preflight.
    const auto probe = server.request("OPTIONS", "/healthz", origin);
    EXPECT_EQ(probe.status, 405);
    EXPECT_EQ(probe.headers.get("Allow", ""), "GET, HEAD");
    EXPECT_EQ(server.request("POST", "/api/groups", origin).headers.get("Allow", ""), "GET, HEAD, OPTIONS");
}

TEST(Router, WithoutCorsOptionsIsJustAnotherMethod)
{
    const HttpHarness server(table());
    const auto answer = server.request("OPTIONS", "/api/groups", {{"Origin", "https://ui.example.org"}});
    EXPECT_EQ(answer.status, 405);
    EXPECT_EQ(answer.headers.get("Allow", ""), "GET, HEAD");
}

TEST(Router, TheProbeListenerServesOnlyProbeRoutes)
{
    HttpHarness::Options options;
    options.probesOnly = true;
    const HttpHarness server(table(), options);
    EXPECT_EQ(server.get("/healthz").body, "health\n");
    EXPECT_EQ(server.get("/").status, 404);
    EXPECT_EQ(server.get("/api/groups").status, 404);
}

TEST(Router, TheProbeListenerServesProbesAtTheRootWhateverTheBasePath)
{
    HttpHarness::Options options;
    options.probesOnly = true;
    options.basePath = "/echo";
    const HttpHarness server(table(), options);
    EXPECT_EQ(server.get("/healthz").body, "health\n");
    EXPECT_EQ(server.get("/echo/healthz").body, "health\n");
    EXPECT_EQ(server.get("/echo/api/groups").status, 404);
    EXPECT_EQ(server.get("/api/groups").status, 404);
}

TEST(Router, CountsEachRequestUnderItsRoute)
{
    HttpHarness server(table());
    server.get("/");
    server.get("/nope");
    server.request("POST", "/healthz");
    ASSERT_TRUE(server.accessLog().waitForCount(3)); // written after each response, after its metrics
    std::string text;
    server.metrics().render(text);
    EXPECT_NE(text.find("labmock_http_requests_total{route=\"/\",code=\"200\"} 1"), std::string::npos) << text;
    EXPECT_NE(text.find("labmock_http_requests_total{route=\"unmatched\",code=\"404\"} 1"), std::string::npos);
    EXPECT_NE(text.find("labmock_http_requests_total{route=\"/healthz\",code=\"405\"} 1"), std::string::npos);
}
