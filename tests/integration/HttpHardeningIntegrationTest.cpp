//
// HttpHardeningIntegrationTest.cpp
//
// Security headers, token access, CORS and the base path, against the real binary.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "SecretTestSupport.h"
#include "ServerProcess.h"
#include "TemporaryDirectory.h"

#include <gtest/gtest.h>

#include <Poco/Base64Encoder.h>

#include <csignal>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using labmock::test::headerText;
using labmock::test::headerValues;
using labmock::test::HttpResult;
using labmock::test::parseJsonObject;
using labmock::test::ServerProcess;
using labmock::test::TemporaryDirectory;

namespace
{

std::string define(const std::string& key, const std::string& value)
{
    return "--define=" + key + "=" + value;
}

std::string basic(const std::string& user, const std::string& password)
{
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << user << ':' << password;
    encoder.close();
    return "Basic " + out.str();
}

/// Every src= and href= attribute value on a page.
std::vector<std::string> linkTargets(const std::string& page)
{
    static const std::regex attribute(R"((?:src|href)\s*=\s*["']([^"']*)["'])", std::regex::icase);
    std::vector<std::string> targets;
    for (auto it = std::sregex_iterator(page.begin(), page.end(), attribute); it != std::sregex_iterator(); ++it)
        targets.push_back((*it)[1]);
    return targets;
}

void expectHardened(const HttpResult& answer, const std::string& what)
{
    SCOPED_TRACE(what);
    EXPECT_EQ(answer.headers.get("Cache-Control", ""), "no-store");
    EXPECT_EQ(answer.headers.get("X-Content-Type-Options", ""), "nosniff");
    EXPECT_EQ(answer.headers.get("Referrer-Policy", ""), "no-referrer");
    const std::vector<std::string> policies = headerValues(answer, "Content-Security-Policy");
    ASSERT_EQ(policies.size(), 1u) << headerText(answer);
    EXPECT_NE(policies[0].find("default-src 'none'"), std::string::npos) << policies[0];
    EXPECT_NE(policies[0].find("frame-ancestors 'none'"), std::string::npos) << policies[0];
    // No directive may open the door to another origin.
    for (const std::string loose : {"*", "http:", "https:", "data:", "'unsafe-inline'", "'unsafe-eval'"})
        EXPECT_EQ(policies[0].find(loose), std::string::npos) << loose << " in " << policies[0];
}

const std::string TOKEN = "integration-token-7f3a";

} // namespace

// --- Headers and the self-contained page ---------------------------------------------------

TEST(HttpHardening, PageAndApiCarrySecurityHeaders)
{
    ServerProcess server;
    for (const std::string target : {"/", "/api/groups", "/version", "/healthz", "/readyz", "/metrics", "/nope"})
        expectHardened(server.get(target), "GET " + target);
    expectHardened(server.request("HEAD", "/"), "HEAD /");
    expectHardened(server.request("HEAD", "/api/groups"), "HEAD /api/groups");
    expectHardened(server.request("POST", "/api/groups"), "POST /api/groups");
}

TEST(HttpHardening, PageLoadsNothingFromElsewhere)
{
    ServerProcess server;
    const std::string page = server.get("/").body;
    const std::vector<std::string> targets = linkTargets(page);
    EXPECT_FALSE(targets.empty()) << "the page links its JSON; the pattern must find it";
    for (const auto& target : targets)
    {
        EXPECT_EQ(target.rfind("/", 0), 0u) << target;
        EXPECT_NE(target.rfind("//", 0), 0u) << target;
    }
    for (const std::string external : {"http://", "https://", "src=\"//", "href=\"//", "url(", "@import"})
        EXPECT_EQ(page.find(external), std::string::npos) << external;
    for (const std::string element : {"<script", "<link", "<img", "<iframe"})
        EXPECT_EQ(page.find(element), std::string::npos) << element;
}

// --- Token access ----------------------------------------------------------------------------

namespace
{

void expectTokenGuard(const ServerProcess& server)
{
    for (const std::string target : {"/", "/api/groups"})
    {
        SCOPED_TRACE(target);
        for (const auto& headers : std::vector<std::map<std::string, std::string>>{
                 {},
                 {{"Authorization", "Bearer wrong-" + TOKEN}},
                 {{"Authorization", "Bearer " + TOKEN + "x"}},
                 {{"Authorization", "Bearer"}},
                 {{"Authorization", basic("admin", "wrong")}},
                 {{"Authorization", basic(TOKEN, "")}},
                 {{"Authorization", "Basic not-base64!"}},
                 {{"Authorization", "Token " + TOKEN}},
             })
        {
            const HttpResult denied = server.get(target, headers);
            const std::string sent = headers.empty() ? "no credentials" : headers.begin()->second;
            EXPECT_EQ(denied.status, 401) << sent;
            EXPECT_FALSE(headerValues(denied, "WWW-Authenticate").empty()) << sent;
            EXPECT_EQ(denied.body.find("Lab Mock Server"), std::string::npos) << sent;
            EXPECT_EQ(denied.body.find("\"groups\""), std::string::npos) << sent;
            EXPECT_EQ(denied.headers.get("Cache-Control", ""), "no-store");
        }
        const HttpResult head = server.request("HEAD", target);
        EXPECT_EQ(head.status, 401);

        const HttpResult bearer = server.get(target, {{"Authorization", "Bearer " + TOKEN}});
        EXPECT_EQ(bearer.status, 200);
        EXPECT_NE(bearer.body.find(target == "/" ? "Lab Mock Server" : "\"groups\""), std::string::npos);
        for (const std::string user : {"any-user", "operator", ""})
            EXPECT_EQ(server.get(target, {{"Authorization", basic(user, TOKEN)}}).status, 200) << "user " << user;
        EXPECT_EQ(server.request("HEAD", target, {{"Authorization", "bearer " + TOKEN}}).status, 200);
    }
    // Probes and scrapers never carry the token: they stay open.
    for (const std::string target : {"/healthz", "/livez", "/metrics", "/version"})
        EXPECT_EQ(server.get(target).status, 200) << target;
    const int ready = server.get("/readyz").status; // 503 here: required variables are missing
    EXPECT_TRUE(ready == 200 || ready == 503) << ready;
}

} // namespace

TEST(HttpHardening, TokenGuardsPageAndApiOnly)
{
    ServerProcess server({define("auth.token", TOKEN)});
    expectTokenGuard(server);
    const HttpResult denied = server.get("/");
    const auto challenges = headerValues(denied, "WWW-Authenticate");
    bool bearer = false, basicChallenge = false;
    for (const auto& challenge : challenges)
    {
        bearer = bearer || challenge.rfind("Bearer", 0) == 0;
        basicChallenge = basicChallenge || challenge.rfind("Basic", 0) == 0;
    }
    EXPECT_TRUE(bearer && basicChallenge) << headerText(denied);
    server.signal(SIGTERM);
    ASSERT_TRUE(server.waitForLog("stopped")) << server.log();
    EXPECT_EQ(server.log().find(TOKEN), std::string::npos) << "the token is a secret: never logged";
}

TEST(HttpHardening, TokenFileWorksLikeToken)
{
    TemporaryDirectory scratch;
    const std::string file = scratch.write("token", TOKEN + "\n");
    ServerProcess server({define("auth.tokenFile", file)});
    expectTokenGuard(server);
    server.signal(SIGTERM);
    ASSERT_TRUE(server.waitForLog("stopped")) << server.log();
    EXPECT_EQ(server.log().find(TOKEN), std::string::npos);
}

TEST(HttpHardening, MissingTokenFileStopsStartNamingTheKey)
{
    TemporaryDirectory scratch;
    const std::string absent = scratch.file("no-token-here");
    const auto run = ServerProcess::run({"--address=127.0.0.1", "--port=0", define("auth.tokenFile", absent)});
    EXPECT_NE(run.exitCode, 0);
    EXPECT_NE(run.err.find("auth.tokenFile"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find(absent), std::string::npos) << run.err;
    EXPECT_EQ(run.out.find("listening on"), std::string::npos);
    EXPECT_EQ(run.err.find("listening on"), std::string::npos);
}

// --- CORS ------------------------------------------------------------------------------------

namespace
{

const std::string ORIGIN = "https://ui.example.org";

bool varyHasOrigin(const HttpResult& answer)
{
    for (const auto& vary : headerValues(answer, "Vary"))
        if (Poco::icompare(vary, "Origin") == 0 || vary.find("Origin") != std::string::npos)
            return true;
    return false;
}

} // namespace

TEST(HttpCors, AllowedOriginIsEchoedExactly)
{
    ServerProcess server({define("cors.allowOrigins", ORIGIN)});
    for (const std::string target : {"/api/groups", "/"})
    {
        SCOPED_TRACE(target);
        const HttpResult allowed = server.get(target, {{"Origin", ORIGIN}});
        EXPECT_EQ(allowed.status, 200);
        EXPECT_EQ(headerValues(allowed, "Access-Control-Allow-Origin"), std::vector<std::string>{ORIGIN});
        EXPECT_TRUE(varyHasOrigin(allowed)) << headerText(allowed);

        for (const std::string other : {"https://evil.example.org", "https://ui.example.org.evil.test",
                                        "http://ui.example.org", "https://ui.example.org:8443", "null"})
        {
            const HttpResult refused = server.get(target, {{"Origin", other}});
            EXPECT_EQ(refused.status, 200) << other; // CORS is the browser's to enforce
            EXPECT_TRUE(headerValues(refused, "Access-Control-Allow-Origin").empty()) << other << "\n"
                                                                                      << headerText(refused);
            EXPECT_TRUE(varyHasOrigin(refused)) << other;
        }
        const HttpResult noOrigin = server.get(target);
        EXPECT_TRUE(headerValues(noOrigin, "Access-Control-Allow-Origin").empty());
        EXPECT_EQ(headerText(allowed).find("Access-Control-Allow-Origin: *"), std::string::npos);
    }
}

TEST(HttpCors, PreflightFromAllowedOriginIsAnswered)
{
    ServerProcess server({define("cors.allowOrigins", "https://other.example.net," + ORIGIN)});
    const HttpResult preflight = server.request("OPTIONS", "/api/groups",
                                                {{"Origin", ORIGIN},
                                                 {"Access-Control-Request-Method", "GET"},
                                                 {"Access-Control-Request-Headers", "authorization"}});
    EXPECT_EQ(preflight.status, 204);
    EXPECT_EQ(headerValues(preflight, "Access-Control-Allow-Origin"), std::vector<std::string>{ORIGIN});
    const std::string methods = preflight.headers.get("Access-Control-Allow-Methods", "");
    EXPECT_NE(methods.find("GET"), std::string::npos) << methods;
    const std::string headers = preflight.headers.get("Access-Control-Allow-Headers", "");
    EXPECT_NE(Poco::toLower(headers).find("authorization"), std::string::npos) << headers;
    EXPECT_TRUE(varyHasOrigin(preflight));
    EXPECT_TRUE(preflight.body.empty());

    const HttpResult foreign = server.request(
        "OPTIONS", "/api/groups", {{"Origin", "https://evil.example.org"}, {"Access-Control-Request-Method", "GET"}});
    EXPECT_EQ(foreign.status, 403);
    EXPECT_TRUE(headerValues(foreign, "Access-Control-Allow-Origin").empty()) << headerText(foreign);
    EXPECT_TRUE(headerValues(foreign, "Access-Control-Allow-Methods").empty()) << headerText(foreign);
}

TEST(HttpCors, PreflightNeedsNoTokenButTheRequestDoes)
{
    // Browsers send a preflight without credentials; it must not be refused for lacking them.
    ServerProcess server({define("cors.allowOrigins", ORIGIN), define("auth.token", TOKEN)});
    const HttpResult preflight = server.request("OPTIONS", "/api/groups",
                                                {{"Origin", ORIGIN},
                                                 {"Access-Control-Request-Method", "GET"},
                                                 {"Access-Control-Request-Headers", "authorization"}});
    EXPECT_EQ(preflight.status, 204);
    const HttpResult withoutToken = server.get("/api/groups", {{"Origin", ORIGIN}});
    EXPECT_EQ(withoutToken.status, 401);
    const HttpResult withToken = server.get("/api/groups", {{"Origin", ORIGIN}, {"Authorization", "Bearer " + TOKEN}});
    EXPECT_EQ(withToken.status, 200);
    EXPECT_EQ(headerValues(withToken, "Access-Control-Allow-Origin"), std::vector<std::string>{ORIGIN});
    EXPECT_NE(withToken.headers.get("Access-Control-Allow-Origin", "*"), "*");
}

TEST(HttpCors, WithoutConfigurationOptionsIsNotAllowed)
{
    ServerProcess server;
    const HttpResult preflight =
        server.request("OPTIONS", "/api/groups", {{"Origin", ORIGIN}, {"Access-Control-Request-Method", "GET"}});
    EXPECT_EQ(preflight.status, 405);
    EXPECT_FALSE(preflight.headers.get("Allow", "").empty());
    EXPECT_EQ(preflight.headers.get("Allow", "").find("OPTIONS"), std::string::npos);
    EXPECT_TRUE(headerValues(preflight, "Access-Control-Allow-Origin").empty());
    const HttpResult get = server.get("/api/groups", {{"Origin", ORIGIN}});
    EXPECT_TRUE(headerValues(get, "Access-Control-Allow-Origin").empty()) << headerText(get);
}

TEST(HttpCors, WildcardOriginIsRejectedAtStart)
{
    const auto run = ServerProcess::run({"--address=127.0.0.1", "--port=0", define("cors.allowOrigins", "*")});
    EXPECT_NE(run.exitCode, 0);
    EXPECT_NE(run.err.find("cors.allowOrigins"), std::string::npos) << run.err;
}

// --- Base path -------------------------------------------------------------------------------

TEST(HttpBasePath, EverythingWorksUnderThePrefix)
{
    ServerProcess server({define("http.basePath", "/echo")});
    for (const std::string target : {"/echo/", "/echo"})
    {
        const HttpResult page = server.get(target);
        EXPECT_EQ(page.status, 200) << target;
        EXPECT_NE(page.body.find("<h1>Lab Mock Server</h1>"), std::string::npos) << target;
    }
    const HttpResult api = server.get("/echo/api/groups");
    EXPECT_EQ(api.status, 200);
    EXPECT_NO_THROW(parseJsonObject(api.body));
    EXPECT_EQ(server.get("/echo/healthz").status, 200);
    EXPECT_EQ(server.get("/echo/livez").status, 200);
    EXPECT_EQ(server.get("/echo/metrics").status, 200);
    EXPECT_EQ(server.get("/echo/version").status, 200);
    EXPECT_NE(server.get("/echo/readyz").status, 404);

    const std::string page = server.get("/echo/").body;
    const std::vector<std::string> targets = linkTargets(page);
    EXPECT_FALSE(targets.empty());
    for (const auto& target : targets)
    {
        EXPECT_EQ(target.rfind("/echo/", 0), 0u) << target;
        // Every link leads somewhere under the prefix.
        EXPECT_EQ(server.get(target).status == 404, false) << target;
    }
}

TEST(HttpBasePath, PathsOutsideThePrefixAreNotFound)
{
    ServerProcess server({define("http.basePath", "/echo")});
    for (const std::string target :
         {"/", "/api/groups", "/healthz", "/metrics", "/echoes", "/echo-api/groups", "/other/echo/", "/ECHO/"})
        EXPECT_EQ(server.get(target).status, 404) << target;
}
