//
// PluginFaultIntegrationTest.cpp
//
// Plugins that crash, exit or hang, met by the real binary at start-up, in its one-shot
// modes and on reload: each is reported with its path and reason, and the server lives on.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "OpsFixtures.h"
#include "ServerProcess.h"

#include <gtest/gtest.h>

#include <csignal>

using labmock::test::contains;
using labmock::test::parseObject;
using labmock::test::pluginFile;
using labmock::test::RunResult;
using labmock::test::ServerProcess;
using labmock::test::TemporaryDirectory;

namespace
{

/// A test plugin of tests/plugins, e.g. testPlugin("hanging-groups").
std::string testPlugin(const std::string& name)
{
    return std::string(LABMOCK_TEST_PLUGIN_DIR) + "/" + name + "/lib" + name + "-group.so";
}

/// The shipped PostgreSQL plugin beside the plugins that would kill or freeze a server.
struct HostilePlugins
{
    TemporaryDirectory dir;

    HostilePlugins()
    {
        dir.copyIn(pluginFile("libpostgresql-group.so"));
        for (const std::string name :
             {"segfaulting-groups", "aborting-initializer", "exiting-groups", "hanging-groups"})
            dir.copyIn(testPlugin(name));
    }
};

std::string errorsOf(const ServerProcess& server)
{
    std::string all;
    const auto errors = parseObject(server.get("/api/groups").body)->getArray("errors");
    for (std::size_t i = 0; i < errors->size(); ++i)
    {
        const auto error = errors->getObject(static_cast<unsigned>(i));
        all += error->getValue<std::string>("path") + ": " + error->getValue<std::string>("message") + "\n";
    }
    return all;
}

} // namespace

TEST(PluginFault, TheServerStartsAndReportsEachPluginThatWouldHaveKilledIt)
{
    HostilePlugins plugins;
    ServerProcess server({"--plugins=" + plugins.dir.path(), "--define=plugins.loadTimeout=3"});
    const std::string errors = errorsOf(server);
    EXPECT_TRUE(contains(errors, "libsegfaulting-groups-group.so: crashed with SIGSEGV in groups()")) << errors;
    EXPECT_TRUE(contains(errors, "libaborting-initializer-group.so: crashed with SIGABRT in dlopen()")) << errors;
    EXPECT_TRUE(contains(errors, "libexiting-groups-group.so: exited 3 in groups()")) << errors;
    EXPECT_TRUE(contains(errors, "libhanging-groups-group.so: did not answer within 3 s in groups()")) << errors;
    EXPECT_TRUE(contains(server.get("/").body, "<h2>PostgreSQL</h2>"));
    EXPECT_EQ(server.get("/readyz").status, 503) << "a failed plugin fails readiness";
    EXPECT_TRUE(contains(server.log(), "did not answer within 3 s")) << server.log();
}

TEST(PluginFault, ListPluginsAndCheckFinishAndSayWhy)
{
    HostilePlugins plugins;
    const RunResult list =
        ServerProcess::run({"--plugins=" + plugins.dir.path(), "--define=plugins.loadTimeout=3", "--list-plugins"});
    EXPECT_EQ(list.exitCode, 0) << list.err;
    EXPECT_TRUE(
        contains(list.out, "skip  " + plugins.dir.file("libexiting-groups-group.so") + "  exited 3 in groups()"))
        << list.out;
    EXPECT_TRUE(contains(list.out, "did not answer within 3 s in groups()")) << list.out;
    EXPECT_TRUE(contains(list.out, "load  " + plugins.dir.file("libpostgresql-group.so"))) << list.out;

    const RunResult check = ServerProcess::run(
        {"--plugins=" + plugins.dir.path(), "--define=plugins.loadTimeout=3", "--check"}, {{"POSTGRES_USER", "u"}});
    EXPECT_NE(check.exitCode, -1) << "--check must finish";
    EXPECT_TRUE(contains(check.out, "POSTGRES_USER")) << check.out;
    EXPECT_TRUE(contains(check.out, "exited 3 in groups()")) << "the report lists plugin errors\n" << check.out;
    EXPECT_TRUE(contains(check.err, "crashed with SIG")) << check.err;
}

TEST(PluginFault, SigtermEndsTheServerWhileAReloadHangsOnAPlugin)
{
    TemporaryDirectory plugins;
    plugins.copyIn(pluginFile("libpostgresql-group.so"));
    ServerProcess server(
        {"--plugins=" + plugins.path(), "--define=plugins.loadTimeout=600", "--define=shutdown.timeout=1"});
    plugins.copyIn(testPlugin("hanging-groups"));
    const std::size_t from = server.log().size();
    server.signal(SIGHUP);
    ASSERT_TRUE(server.waitForLog("SIGHUP: reloading", from)) << server.log();
    EXPECT_EQ(server.get("/healthz").status, 200) << "serving goes on during the reload";
    EXPECT_TRUE(contains(server.get("/").body, "<h2>PostgreSQL</h2>"));
    server.signal(SIGTERM);
    EXPECT_EQ(server.waitForExit(), 0) << server.log();
    EXPECT_TRUE(contains(server.log(), "while a reload was still running")) << server.log();
}

TEST(PluginFault, APluginThatCrashesOnReloadKeepsItsGroupsServed)
{
    TemporaryDirectory plugins;
    TemporaryDirectory scratch;
    plugins.copyIn(testPlugin("crash-on-demand"));
    ServerProcess server(
        {"--plugins=" + plugins.path(), "--define=plugins.crash-on-demand.crashWhenExists=" + scratch.file("crash")});
    EXPECT_TRUE(contains(server.get("/").body, "On-demand Group"));

    scratch.write("crash", "");
    const std::size_t from = server.log().size();
    server.signal(SIGHUP);
    ASSERT_TRUE(server.waitForLog("reloaded", from)) << server.log();
    EXPECT_TRUE(contains(server.get("/").body, "On-demand Group")) << "nothing lost to a bad reload";
    const std::string errors = errorsOf(server);
    EXPECT_TRUE(contains(errors, "crashed with SIG")) << errors;
    EXPECT_TRUE(contains(errors, "still serving the groups it declared before")) << errors;
    EXPECT_EQ(server.get("/healthz").status, 200);
}
