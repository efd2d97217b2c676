//
// ServiceTest.cpp
//
// Service: every URL of the server, answered from the snapshot cache over real HTTP.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Service.h"

#include "BuildInfo.h"
#include "EnvironmentGuard.h"
#include "FileSettling.h"
#include "HtmlPage.h"
#include "HttpHarness.h"
#include "Promtool.h"
#include "SnapshotCache.h"
#include "TemporaryDirectory.h"
#include "TestCatalog.h"

#include <labmock/Plugin.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

#include <regex>

using labmock::Disclosure;
using labmock::Service;
using labmock::Settings;
using labmock::SnapshotCache;
using labmock::ValueResolver;
using labmock::test::catalogOf;
using labmock::test::EnvironmentGuard;
using labmock::test::HttpHarness;
using labmock::test::settle;
using labmock::test::TemporaryDirectory;
using labmock::test::variable;
using Poco::JSON::Object;

class ServiceTest : public testing::Test
{
protected:
    ServiceTest()
        : _cache(
            ValueResolver({_dir.path()}, 1024), Disclosure(Settings::Reveal::Masked, Settings().secretPattern), "",
            true,
            catalogOf({{"Service Group", "", {variable("SVC_USER"), variable("SVC_PASSWORD"), variable("SVC_HOST")}}})),
          _service(_cache)
    {
    }

    HttpHarness serve(HttpHarness::Options options = {})
    {
        return HttpHarness(_service.routes(), options, &_service.requestMetrics());
    }

    TemporaryDirectory _dir;
    EnvironmentGuard _user{"SVC_USER", "lab-user"};
    EnvironmentGuard _password{"SVC_PASSWORD", "canary-secret-value"};
    EnvironmentGuard _host{"SVC_HOST", std::nullopt};
    EnvironmentGuard _hostFile{"SVC_HOST_FILE", std::nullopt};
    SnapshotCache _cache;
    Service _service;
};

TEST_F(ServiceTest, ListsTheWholeUrlSurface)
{
    std::vector<std::string> paths;
    for (const auto& route : _service.routes())
    {
        paths.push_back(route.path);
        EXPECT_EQ(route.guarded, route.path == "/" || route.path == "/api/groups" || route.path == "/api/probes/run")
            << route.path;
        EXPECT_EQ(route.post, route.path == "/api/probes/run") << route.path;
        EXPECT_EQ(route.probe, route.path == "/healthz" || route.path == "/livez" || route.path == "/readyz"
                                   || route.path == "/metrics")
            << route.path;
        EXPECT_TRUE(route.endpoint) << route.path;
    }
    EXPECT_EQ(paths, (std::vector<std::string>{"/", "/api/groups", "/healthz", "/livez", "/readyz", "/metrics",
                                               "/version", "/api/probes/run"}));
}

TEST_F(ServiceTest, ServesTheCachedPageWithItsPolicy)
{
    const HttpHarness server = serve();
    const Poco::Timestamp before;
    const auto page = server.get("/");
    const Poco::Timestamp after;
    EXPECT_EQ(page.status, 200);
    EXPECT_EQ(page.headers.get("Content-Type", ""), "text/html; charset=utf-8");
    EXPECT_EQ(page.headers.get("Content-Security-Policy", ""), labmock::HtmlPage::contentSecurityPolicy());
    // The cached page with the uptime of the moment it was served.
    const auto& cached = _cache.current()->page;
    EXPECT_TRUE(page.body == *cached.at(before) || page.body == *cached.at(after)) << page.body;
    EXPECT_EQ(page.body.find("canary-secret-value"), std::string::npos);
}

TEST_F(ServiceTest, ServesTheJsonDocument)
{
    const HttpHarness server = serve();
    const auto json = server.get("/api/groups");
    EXPECT_EQ(json.status, 200);
    EXPECT_EQ(json.headers.get("Content-Type", ""), "application/json");
    const auto document = Poco::JSON::Parser().parse(json.body).extract<Object::Ptr>();
    EXPECT_EQ(document->getArray("groups")->getObject(0)->getValue<std::string>("name"), "Service Group");
    EXPECT_EQ(json.body.find("canary-secret-value"), std::string::npos);
}

TEST_F(ServiceTest, LivenessIsAlwaysOk)
{
    const HttpHarness server = serve();
    for (const char* path : {"/healthz", "/livez"})
    {
        const auto answer = server.get(path);
        EXPECT_EQ(answer.status, 200) << path;
        EXPECT_EQ(answer.body, "ok\n") << path;
    }
    _service.beginShutdown();
    EXPECT_EQ(server.get("/healthz").status, 200) << "alive while draining";
}

TEST_F(ServiceTest, ReadinessFollowsRequiredVariables)
{
    const HttpHarness server = serve();
    auto answer = server.get("/readyz");
    EXPECT_EQ(answer.status, 503);
    EXPECT_EQ(answer.body, "not ready\n");
    answer = server.get("/readyz?verbose");
    EXPECT_EQ(answer.status, 503);
    EXPECT_EQ(answer.body, "[+]Service Group/SVC_USER ok\n"
                           "[+]Service Group/SVC_PASSWORD ok\n"
                           "[-]Service Group/SVC_HOST missing\n"
                           "readyz check failed\n");
    EXPECT_EQ(server.get("/readyz?verbose=1").body, answer.body);
    EXPECT_EQ(server.get("/readyz?notverbose").body, "not ready\n");

    _dir.write("SVC_HOST", "db.internal");
    settle({_dir.path()});
    answer = server.get("/readyz");
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(answer.body, "ok\n");
    EXPECT_EQ(server.get("/readyz?verbose").body.find("db.internal"), std::string::npos) << "never a value";
}

TEST_F(ServiceTest, ReadinessFailsAtOnceWhenShuttingDown)
{
    _dir.write("SVC_HOST", "db.internal");
    const HttpHarness server = serve();
    EXPECT_EQ(server.get("/readyz").status, 200);
    _service.beginShutdown();
    auto answer = server.get("/readyz");
    EXPECT_EQ(answer.status, 503);
    EXPECT_EQ(answer.body, "shutting down\n");
    answer = server.get("/readyz?verbose");
    EXPECT_EQ(answer.body, "[-]shutdown in progress\nreadyz check failed\n");
}

TEST_F(ServiceTest, MetricsJoinTheSnapshotGaugesAndRequestCounters)
{
    HttpHarness server = serve();
    server.get("/");
    server.get("/nope");
    ASSERT_TRUE(server.accessLog().waitForCount(2));
    const auto metrics = server.get("/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_EQ(metrics.headers.get("Content-Type", ""), "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_NE(metrics.body.find("labmock_variable_present{group=\"Service Group\",variable=\"SVC_HOST\"} 0"),
              std::string::npos);
    EXPECT_NE(metrics.body.find("labmock_ready 0"), std::string::npos);
    EXPECT_NE(metrics.body.find("labmock_http_requests_total{route=\"/\",code=\"200\"} 1"), std::string::npos)
        << metrics.body;
    EXPECT_NE(metrics.body.find("labmock_http_requests_total{route=\"unmatched\",code=\"404\"} 1"), std::string::npos);
    EXPECT_EQ(metrics.body.find("canary-secret-value"), std::string::npos);
    EXPECT_EQ(metrics.body.find("lab-user"), std::string::npos);

    if (labmock::test::promtool().empty())
        GTEST_SKIP() << labmock::test::PROMTOOL_MISSING;
    std::string output;
    EXPECT_EQ(labmock::test::checkMetrics(metrics.body, output), 0) << output;
}

TEST_F(ServiceTest, VersionDescribesTheBuildAndPlugins)
{
    const HttpHarness server = serve();
    const auto answer = server.get("/version");
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(answer.headers.get("Content-Type", ""), "application/json");
    const auto document = Poco::JSON::Parser().parse(answer.body).extract<Object::Ptr>();
    EXPECT_EQ(document->getValue<std::string>("version"), labmock::BuildInfo::VERSION);
    EXPECT_EQ(document->getValue<std::string>("revision"), labmock::BuildInfo::GIT_REVISION);
    EXPECT_EQ(document->getValue<std::string>("compiler"), labmock::BuildInfo::COMPILER);
    EXPECT_EQ(document->getValue<std::string>("poco").rfind("1.", 0), 0u);
    EXPECT_EQ(document->getValue<int>("pluginAbi"), labmock::PLUGIN_ABI_VERSION);
    const auto plugins = document->getArray("plugins");
    ASSERT_EQ(plugins->size(), 1u);
    EXPECT_EQ(plugins->getObject(0)->getValue<std::string>("name"), "test");
    EXPECT_EQ(plugins->getObject(0)->getValue<std::string>("file"), "/plugins/libtest-group.so");
    EXPECT_EQ(plugins->getObject(0)->getValue<int>("abiVersion"), 1);
    EXPECT_EQ(plugins->getObject(0)->getArray("groups")->getElement<std::string>(0), "Service Group");
    const auto instance = document->getObject("instance");
    ASSERT_TRUE(instance);
    EXPECT_EQ(instance->getValue<std::string>("name"), _cache.current()->snapshot->instance().name());
    EXPECT_GE(instance->getValue<int>("uptimeSeconds"), 0);
    EXPECT_FALSE(instance->has("readAt")) << "/version reads no values";
    // The same document but for the uptime, which may have turned a second meanwhile.
    static const std::regex uptime("\"uptimeSeconds\" *: *[0-9]+");
    EXPECT_EQ(std::regex_replace(answer.body, uptime, "UPTIME"),
              std::regex_replace(_service.versionDocument(), uptime, "UPTIME"));
}

TEST_F(ServiceTest, GuardsThePageAndApiButNotTheProbes)
{
    HttpHarness::Options options;
    options.token = "s3cr3t-token";
    const HttpHarness server = serve(options);
    EXPECT_EQ(server.get("/").status, 401);
    EXPECT_EQ(server.get("/api/groups").status, 401);
    EXPECT_EQ(server.get("/", {{"Authorization", "Bearer s3cr3t-token"}}).status, 200);
    for (const char* path : {"/healthz", "/livez", "/readyz", "/metrics", "/version"})
        EXPECT_NE(server.get(path).status, 401) << path;
}
