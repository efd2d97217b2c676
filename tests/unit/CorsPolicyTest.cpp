//
// CorsPolicyTest.cpp
//
// CorsPolicy: exact origins only, credentials allowed, preflight answered.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "CorsPolicy.h"

#include <Poco/Net/HTTPRequest.h>

#include <gtest/gtest.h>

using labmock::CorsPolicy;
using labmock::Response;

namespace
{

Poco::Net::HTTPRequest from(const std::string& origin, const std::string& method = "GET")
{
    Poco::Net::HTTPRequest request(method, "/api/groups", Poco::Net::HTTPMessage::HTTP_1_1);
    if (!origin.empty())
        request.set("Origin", origin);
    return request;
}

std::vector<std::string> header(const Response& response, const std::string& name)
{
    std::vector<std::string> values;
    for (const auto& [key, value] : response.headers)
    {
        if (key == name)
            values.push_back(value);
    }
    return values;
}

} // namespace

TEST(CorsPolicy, DisabledAddsNothing)
{
    const CorsPolicy cors({});
    EXPECT_FALSE(cors.enabled());
    Response response = Response::text(200, "x");
    cors.decorate(from("https://ui.example.org"), response);
    EXPECT_TRUE(response.headers.empty());
}

TEST(CorsPolicy, GrantsAnAllowedOriginWithCredentials)
{
    const CorsPolicy cors({"https://ui.example.org", "http://localhost:3000"});
    EXPECT_TRUE(cors.enabled());
    Response response = Response::text(200, "x");
    cors.decorate(from("http://localhost:3000"), response);
    EXPECT_EQ(header(response, "Access-Control-Allow-Origin"), std::vector<std::string>{"http://localhost:3000"});
    EXPECT_EQ(header(response, "Access-Control-Allow-Credentials"), std::vector<std::string>{"true"});
    EXPECT_EQ(header(response, "Vary"), std::vector<std::string>{"Origin"});
}

TEST(CorsPolicy, GrantsNothingToAnotherOriginButVariesOnIt)
{
    const CorsPolicy cors({"https://ui.example.org"});
    for (const char* origin : {"https://evil.example.org", "https://ui.example.org.evil", "http://ui.example.org",
                               "https://UI.example.org", "null", ""})
    {
        Response response = Response::text(200, "x");
        cors.decorate(from(origin), response);
        EXPECT_TRUE(header(response, "Access-Control-Allow-Origin").empty()) << origin;
        EXPECT_TRUE(header(response, "Access-Control-Allow-Credentials").empty()) << origin;
        // Caches must keep the answers for different origins apart.
        EXPECT_EQ(header(response, "Vary"), std::vector<std::string>{"Origin"}) << origin;
    }
}

TEST(CorsPolicy, AnswersThePreflightOfAnAllowedOrigin)
{
    const CorsPolicy cors({"https://ui.example.org"});
    const Response response = cors.preflight(from("https://ui.example.org", "OPTIONS"));
    EXPECT_EQ(response.status, 204);
    EXPECT_TRUE(response.body.empty());
    // The origin grant is added by the handler, as for every response: not twice.
    EXPECT_TRUE(header(response, "Access-Control-Allow-Origin").empty());
    EXPECT_EQ(header(response, "Access-Control-Allow-Methods"), std::vector<std::string>{"GET, HEAD"});
    EXPECT_EQ(header(response, "Access-Control-Allow-Headers"), std::vector<std::string>{"Authorization"});
    EXPECT_EQ(header(response, "Access-Control-Max-Age"), std::vector<std::string>{"600"});
}

TEST(CorsPolicy, RefusesThePreflightOfAnotherOrigin)
{
    const CorsPolicy cors({"https://ui.example.org"});
    const Response response = cors.preflight(from("https://evil.example.org", "OPTIONS"));
    EXPECT_EQ(response.status, 403);
    EXPECT_TRUE(header(response, "Access-Control-Allow-Origin").empty());
    EXPECT_EQ(cors.preflight(from("", "OPTIONS")).status, 403);
}

TEST(CorsPolicy, NeverAnswersWithAWildcard)
{
    const CorsPolicy cors({"https://ui.example.org"});
    Response response = Response::text(200, "x");
    cors.decorate(from("*"), response);
    EXPECT_TRUE(header(response, "Access-Control-Allow-Origin").empty());
    for (const auto& [name, value] : cors.preflight(from("https://ui.example.org", "OPTIONS")).headers)
        EXPECT_NE(value, "*") << name;
}
