//
// OperatorMistakesIntegrationTest.cpp
//
// Mistakes an operator makes are caught and named: misspelt keys and options, stray
// arguments, directories that do not exist, JSON drop-ins with an error at a line and
// column; and the testing hooks and metrics an operator relies on.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "OpsFixtures.h"
#include "ServerProcess.h"

#include <Poco/RegularExpression.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using labmock::test::contains;
using labmock::test::linesOf;
using labmock::test::parseObject;
using labmock::test::pluginFile;
using labmock::test::RunResult;
using labmock::test::ServerProcess;
using labmock::test::TemporaryDirectory;

namespace
{

constexpr int EX_USAGE = 64;
constexpr int EX_CONFIG = 78;

const std::vector<std::string> LOOPBACK{"--address=127.0.0.1", "--port=0"};

RunResult check(std::vector<std::string> args, const ServerProcess::Environment& env = {})
{
    args.insert(args.begin(), LOOPBACK.begin(), LOOPBACK.end());
    args.push_back("--check");
    return ServerProcess::run(args, env);
}

/// The value of the one sample of metrics that matches pattern (a regular expression with
/// one group for the value); -1 when none does.
long long sample(const std::string& metrics, const std::string& pattern)
{
    const Poco::RegularExpression expression(pattern, Poco::RegularExpression::RE_MULTILINE);
    std::vector<std::string> groups;
    if (expression.split(metrics, groups) < 2)
        return -1;
    return std::stoll(groups[1]);
}

/// The port of the probe listener, from the start-up log.
unsigned short probePort(const ServerProcess& server)
{
    const Poco::RegularExpression line("probes and metrics also on [0-9.]+:([0-9]+)");
    std::vector<std::string> groups;
    if (line.split(server.log(), groups) < 2)
        return 0;
    return static_cast<unsigned short>(std::stoi(groups[1]));
}

} // namespace

// --- Options -------------------------------------------------------------------------

TEST(OperatorMistakes, AnUnknownOptionIsOneLineAndExUsage)
{
    const RunResult run = ServerProcess::run({"--address=127.0.0.1", "--prot=18485"});
    EXPECT_EQ(run.exitCode, EX_USAGE) << run.err;
    EXPECT_EQ(run.err, "lab-mock-server: unknown option --prot=18485 (see --help)\n");
    EXPECT_TRUE(run.out.empty()) << run.out;
}

TEST(OperatorMistakes, AnOptionThatCarriesACredentialIsNotEchoed)
{
    const RunResult unknown = ServerProcess::run({"--password=hunter2-not-logged"});
    EXPECT_EQ(unknown.exitCode, EX_USAGE) << unknown.err;
    EXPECT_FALSE(contains(unknown.err, "hunter2-not-logged")) << unknown.err;
    EXPECT_TRUE(contains(unknown.err, "unknown option --password=")) << unknown.err;
    const RunResult stray = ServerProcess::run({"--port=0", "auth.token=hunter2-not-logged"});
    EXPECT_EQ(stray.exitCode, EX_USAGE) << stray.err;
    EXPECT_FALSE(contains(stray.err, "hunter2-not-logged")) << stray.err;
}

TEST(OperatorMistakes, AStrayArgumentIsExUsage)
{
    const RunResult run = ServerProcess::run({"--address=127.0.0.1", "--port=0", "8080"});
    EXPECT_EQ(run.exitCode, EX_USAGE) << run.err;
    EXPECT_EQ(linesOf(run.err).size(), 1u) << run.err;
    EXPECT_TRUE(contains(run.err, "unexpected argument \"8080\"")) << run.err;
}

TEST(OperatorMistakes, AnOptionWithoutItsValueOrABadDefineIsExUsage)
{
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"--address=127.0.0.1", "--port"}, {"--address=127.0.0.1", "--define=novalue"}, {"--check=yes"}})
    {
        const RunResult run = ServerProcess::run(args);
        EXPECT_EQ(run.exitCode, EX_USAGE) << args.back() << ": " << run.err;
        EXPECT_EQ(linesOf(run.err).size(), 1u) << run.err;
        EXPECT_TRUE(contains(run.err, "(see --help)")) << run.err;
    }
}

TEST(OperatorMistakes, HelpListsTheExitCodesAndTheNewFlags)
{
    const RunResult run = ServerProcess::run({"--help"});
    EXPECT_EQ(run.exitCode, 0);
    for (const char* text : {"Exit status:", "64", "78", "69", "70", "--unready", "--unhealthy", "--daemon"})
        EXPECT_TRUE(contains(run.out, text)) << text << " not in:\n" << run.out;
}

// --- Unknown keys ----------------------------------------------------------------------

TEST(OperatorMistakes, UnknownKeysAreWarnedAboutWithTheirSourceAndTheNearestKey)
{
    TemporaryDirectory dir;
    const std::string file = dir.write("lab-mock-server.properties", "http.prot = 18485\nlogging.level = warning\n");
    const RunResult run = check({"--config=" + file, "--define=display.reveel=all"},
                                {{"LABMOCK_HTTP_PROT", "1"}, {"LABMOCK_PLUGINS_JSON_GROUPS_PAHT", "/x"}});
    EXPECT_TRUE(contains(run.err, "unknown key http.prot in " + file + " (did you mean http.port?)")) << run.err;
    EXPECT_TRUE(contains(run.err, "unknown key display.reveel in --define (did you mean display.reveal?)")) << run.err;
    EXPECT_TRUE(contains(run.err, "unknown key LABMOCK_HTTP_PROT (http.prot) in the environment (did you mean "
                                  "LABMOCK_HTTP_PORT?)"))
        << run.err;
    EXPECT_TRUE(contains(run.err, "unknown key LABMOCK_PLUGINS_JSON_GROUPS_PAHT (plugins.json.groups.paht) in the "
                                  "environment: plugin json-groups does not read it"))
        << run.err;
    EXPECT_TRUE(contains(run.err, "(did you mean LABMOCK_PLUGINS_JSON_GROUPS_PATH?)")) << run.err;
    EXPECT_FALSE(contains(run.err, "logging.level")) << run.err;
}

TEST(OperatorMistakes, KeysBelowAPluginThatItDoesNotReadOrOfAPluginNotLoadedAreWarnedAbout)
{
    const RunResult run = check(
        {"--define=plugins.json-groups.pth=/x", "--define=plugins.postgres.x=1", "--define=plugins.redis.probe=false"});
    EXPECT_TRUE(contains(run.err, "unknown key plugins.json-groups.pth in --define: plugin json-groups does not read "
                                  "it (it reads: path, probe) (did you mean plugins.json-groups.path?)"))
        << run.err;
    EXPECT_TRUE(contains(run.err, "unknown key plugins.postgres.x in --define: no plugin postgres is loaded (loaded: "
                                  "app, json-groups, postgresql, redis)"))
        << run.err;
    EXPECT_FALSE(contains(run.err, "plugins.redis.probe")) << run.err; // reserved by the core
}

TEST(OperatorMistakes, StrictConfigurationRefusesAnUnknownKeyWithExConfig)
{
    const RunResult core = check({"--define=config.strict=true", "--define=http.prot=1"});
    EXPECT_EQ(core.exitCode, EX_CONFIG) << core.err;
    EXPECT_TRUE(contains(core.err, "lab-mock-server: unknown key http.prot in --define (did you mean http.port?)"))
        << core.err;
    EXPECT_TRUE(core.out.empty()) << core.out;

    const RunResult plugin = check({"--define=config.strict=true", "--define=plugins.json-groups.pth=1"});
    EXPECT_EQ(plugin.exitCode, EX_CONFIG) << plugin.err;
    EXPECT_TRUE(contains(plugin.err, "plugins.json-groups.pth")) << plugin.err;

    const RunResult clean = check({"--define=config.strict=true"}, labmock::test::allShippedVariables());
    EXPECT_EQ(clean.exitCode, 0) << clean.err;
}

TEST(OperatorMistakes, AServerWithAnUnknownKeyStillStartsAndSaysSo)
{
    ServerProcess server({"--define=http.prot=1"});
    EXPECT_TRUE(server.waitForLog("unknown key http.prot in --define (did you mean http.port?)")) << server.log();
}

// --- Directories that do not exist ------------------------------------------------------

TEST(OperatorMistakes, APluginDirectoryThatDoesNotExistIsAPluginErrorAndFailsReadinessAndCheck)
{
    TemporaryDirectory dir;
    const std::string missing = dir.file("no-such-dir");
    ServerProcess server({"--plugins=" + missing}, labmock::test::allShippedVariables());
    const auto verbose = server.get("/readyz?verbose");
    EXPECT_EQ(verbose.status, 503) << verbose.body;
    EXPECT_TRUE(contains(verbose.body, "[-]plugin " + missing + ": plugins.path entry does not exist")) << verbose.body;
    EXPECT_TRUE(contains(server.get("/").body, "plugins.path entry does not exist"));

    const RunResult run = check({"--plugins=" + missing}, labmock::test::allShippedVariables());
    EXPECT_EQ(run.exitCode, 1) << run.err;
    EXPECT_TRUE(contains(run.err, "no group is declared (plugins.path: " + missing)) << run.err;
}

TEST(OperatorMistakes, AGroupDirectoryThatDoesNotExistIsAPluginError)
{
    TemporaryDirectory dir;
    const std::string missing = dir.file("groups.d");
    ServerProcess server({"--define=groups.path=" + missing}, labmock::test::allShippedVariables());
    const auto verbose = server.get("/readyz?verbose");
    EXPECT_EQ(verbose.status, 503) << verbose.body;
    EXPECT_TRUE(contains(verbose.body, missing + ": no such directory (groups.path)")) << verbose.body;
    EXPECT_NE(check({"--define=groups.path=" + missing}, labmock::test::allShippedVariables()).exitCode, 0);
}

TEST(OperatorMistakes, ZeroGroupsFailsCheck)
{
    TemporaryDirectory plugins; // exists, holds nothing
    const RunResult run = check({"--plugins=" + plugins.path()});
    EXPECT_EQ(run.exitCode, 1) << run.err;
    EXPECT_TRUE(contains(run.err, "lab-mock-server: --check: no group is declared")) << run.err;
}

// --- JSON drop-ins -----------------------------------------------------------------------

TEST(OperatorMistakes, JsonDropInErrorsGiveLineAndColumnAndCountFromOne)
{
    TemporaryDirectory groups;
    const std::string syntax = groups.write("a-syntax.json", "{\n  \"name\": \"A\",\n  \"vars\" [\"X\"]\n}\n");
    const std::string truncated = groups.write("b-truncated.json", "[{\"name\": \"B\", \"vars\": [\"Y\"");
    const std::string semantic = groups.write("c-semantic.json", "[\n  {\"name\": \"C\", \"vars\": [\n    \"OK\",\n"
                                                                 "    {\"name\": \"BAD NAME\"}\n  ]}\n]\n");
    const std::string unknown = groups.write("d-unknown.json", "{\"name\": \"D\",\n \"vars\": [], \"colour\": 1}");
    const RunResult run = check({"--define=groups.path=" + groups.path(), "--format=json"});
    const auto errors = parseObject(run.out)->getArray("errors");
    std::vector<std::string> messages;
    for (std::size_t i = 0; i < errors->size(); ++i)
        messages.push_back(errors->getObject(static_cast<unsigned>(i))->getValue<std::string>("message"));
    ASSERT_EQ(messages.size(), 4u) << run.out;
    EXPECT_EQ(messages[0], syntax + ": line 3, column 10: expected ':' after the member name \"vars\"");
    EXPECT_EQ(messages[1], truncated + ": line 1, column 28: the text ends inside an array");
    EXPECT_EQ(messages[2], semantic
                               + ": line 4, column 6: group 1 \"C\" var 2: \"BAD NAME\" is not a valid "
                                 "environment variable name");
    EXPECT_EQ(messages[3], unknown + ": line 2, column 14: group \"D\": unknown key \"colour\"");
}

// --- Testing hooks ---------------------------------------------------------------------------

TEST(OperatorMistakes, ProbeTogglesAre404UnlessEnabled)
{
    ServerProcess server({}, labmock::test::allShippedVariables());
    EXPECT_EQ(server.request("POST", "/readyz/disable").status, 404);
    EXPECT_EQ(server.get("/readyz").status, 200);
}

TEST(OperatorMistakes, ProbeTogglesFlipTheProbesOnBothPortsAndShowInVerboseAndMetrics)
{
    ServerProcess server({"--define=testing.toggles=true", "--define=http.probePort=0"},
                         labmock::test::allShippedVariables());
    const unsigned short probes = probePort(server);
    ASSERT_NE(probes, 0) << server.log();
    EXPECT_EQ(server.get("/readyz/disable").status, 405);

    EXPECT_EQ(server.request("POST", "/readyz/disable").status, 200);
    EXPECT_EQ(server.get("/readyz").status, 503);
    const auto verbose = server.get("/readyz?verbose");
    EXPECT_TRUE(contains(verbose.body, "[-]readiness disabled by an operator")) << verbose.body;
    const std::string metrics = server.get("/metrics").body;
    EXPECT_EQ(sample(metrics, R"(^labmock_toggled\{probe="readyz"\} ([0-9]+)$)"), 1) << metrics;
    EXPECT_EQ(sample(metrics, R"(^labmock_ready ([0-9]+)$)"), 0) << metrics;
    EXPECT_EQ(labmock::test::HttpClient::request(probes, "GET", "/readyz").status, 503);

    EXPECT_EQ(labmock::test::HttpClient::request(probes, "POST", "/readyz/enable").status, 200);
    EXPECT_EQ(server.get("/readyz").status, 200);
    EXPECT_EQ(labmock::test::HttpClient::request(probes, "POST", "/livez/disable").status, 200);
    EXPECT_EQ(server.get("/livez").status, 503);
    EXPECT_EQ(server.get("/healthz").status, 503);
    EXPECT_EQ(sample(server.get("/metrics").body, R"(^labmock_toggled\{probe="livez"\} ([0-9]+)$)"), 1);
    EXPECT_EQ(server.request("POST", "/livez/enable").status, 200);
    EXPECT_EQ(server.get("/livez").status, 200);
}

TEST(OperatorMistakes, ProbeTogglesNeedTheTokenWhenOneIsSet)
{
    ServerProcess server({"--define=testing.toggles=true", "--define=auth.token=s3cret"},
                         labmock::test::allShippedVariables());
    EXPECT_EQ(server.request("POST", "/readyz/disable").status, 401);
    EXPECT_EQ(server.get("/readyz").status, 200);
    EXPECT_EQ(server.request("POST", "/readyz/disable", {{"Authorization", "Bearer s3cret"}}).status, 200);
    EXPECT_EQ(server.get("/readyz").status, 503);
}

TEST(OperatorMistakes, UnreadyAndUnhealthyStartWithTheProbesDisabled)
{
    ServerProcess server({"--unready", "--unhealthy"}, labmock::test::allShippedVariables());
    EXPECT_EQ(server.get("/readyz").status, 503);
    EXPECT_EQ(server.get("/livez").status, 503);
    EXPECT_EQ(server.get("/version").status, 200);
}

// --- Metrics ---------------------------------------------------------------------------------

TEST(OperatorMistakes, MetricsCarryExactCodesOnlyWhenSeenAndProcessAndReloadSeries)
{
    ServerProcess server({}, {{"POSTGRES_USER", "lab"}});
    server.get("/");
    server.get("/nope");
    const std::string metrics = server.get("/metrics").body;
    EXPECT_EQ(sample(metrics, R"(^labmock_http_requests_total\{route="/",code="200"\} ([0-9]+)$)"), 1) << metrics;
    EXPECT_EQ(sample(metrics, R"(^labmock_http_requests_total\{route="unmatched",code="404"\} ([0-9]+)$)"), 1);
    EXPECT_FALSE(contains(metrics, "code=\"2xx\"")) << metrics;
    EXPECT_FALSE(contains(metrics, "route=\"/api/groups\",code=")) << metrics; // never asked for
    EXPECT_EQ(sample(metrics,
                     R"(^labmock_variable_state\{group="PostgreSQL",variable="POSTGRES_USER",state="set"\} ([0-9]+)$)"),
              1);
    EXPECT_EQ(
        sample(metrics,
               R"(^labmock_variable_state\{group="PostgreSQL",variable="POSTGRES_HOST",state="missing"\} ([0-9]+)$)"),
        1);
    EXPECT_EQ(sample(metrics, R"(^labmock_variables\{state="too_large"\} ([0-9]+)$)"), 0);
    EXPECT_GT(sample(metrics, R"(^process_resident_memory_bytes ([0-9]+)$)"), 0) << metrics;
    EXPECT_GT(sample(metrics, R"(^process_open_fds ([0-9]+)$)"), 2);
    EXPECT_GT(sample(metrics, R"(^process_max_fds ([0-9]+)$)"), 0);
    EXPECT_GT(sample(metrics, R"(^process_start_time_seconds ([0-9]+)\.?[0-9]*$)"), 1600000000);
    EXPECT_TRUE(contains(metrics, "\nprocess_cpu_seconds_total ")) << metrics;
    EXPECT_EQ(sample(metrics, R"(^labmock_reloads_total\{result="ok"\} ([0-9]+)$)"), 0);

    const std::size_t mark = server.log().size();
    server.signal(SIGHUP);
    ASSERT_TRUE(server.waitForLog("reloaded:", mark)) << server.log();
    const std::string after = server.get("/metrics").body;
    EXPECT_EQ(sample(after, R"(^labmock_reloads_total\{result="ok"\} ([0-9]+)$)"), 1) << after;
    EXPECT_EQ(sample(after, R"(^labmock_reloads_total\{result="failed"\} ([0-9]+)$)"), 0);
    EXPECT_GT(sample(after, R"(^labmock_last_reload_timestamp_seconds ([0-9]+)\.?[0-9]*$)"), 1600000000);
}

TEST(OperatorMistakes, TooLargeAndUnreadableAreApartFromMissing)
{
    TemporaryDirectory secrets;
    secrets.write("POSTGRES_PASSWORD", std::string(100, 'x'));
    ServerProcess server({"--define=secrets.dirs=" + secrets.path(), "--define=secrets.maxFileBytes=10"}, {});
    const std::string metrics = server.get("/metrics").body;
    EXPECT_EQ(sample(metrics, R"(^labmock_variables\{state="too_large"\} ([0-9]+)$)"), 1) << metrics;
    EXPECT_EQ(
        sample(
            metrics,
            R"(^labmock_variable_state\{group="PostgreSQL",variable="POSTGRES_PASSWORD",state="too_large"\} ([0-9]+)$)"),
        1);
    EXPECT_EQ(
        sample(
            metrics,
            R"(^labmock_variable_state\{group="PostgreSQL",variable="POSTGRES_PASSWORD",state="missing"\} ([0-9]+)$)"),
        0);
}
