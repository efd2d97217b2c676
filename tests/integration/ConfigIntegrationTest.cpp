//
// ConfigIntegrationTest.cpp
//
// Options, configuration layers, bad values, a busy port and plugin strictness, as a user
// meets them on the command line.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "OpsFixtures.h"
#include "ServerProcess.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Path.h>

#include <gtest/gtest.h>

#include <regex>
#include <sys/stat.h>

using labmock::test::contains;
using labmock::test::linesOf;
using labmock::test::parseObject;
using labmock::test::pluginFile;
using labmock::test::RunResult;
using labmock::test::ServerProcess;
using labmock::test::TemporaryDirectory;

namespace
{

/// The bind arguments a one-shot run gets, so that a value wrongly accepted cannot serve
/// on the default port of the machine.
const std::vector<std::string> LOOPBACK{"--address=127.0.0.1", "--port=0"};

std::vector<std::string> withLoopback(std::vector<std::string> args)
{
    args.insert(args.begin(), LOOPBACK.begin(), LOOPBACK.end());
    return args;
}

/// The "reveal" field of --check --format=json for these arguments and environment.
std::string revealOf(std::vector<std::string> args, const ServerProcess::Environment& env)
{
    args.push_back("--check");
    args.push_back("--format=json");
    const RunResult run = ServerProcess::run(args, env);
    if (run.out.empty())
        return "<no output; exit " + std::to_string(run.exitCode) + ": " + run.err + ">";
    return parseObject(run.out)->getValue<std::string>("reveal");
}

void expectOneLineError(const RunResult& run, const std::string& names, const std::string& what)
{
    EXPECT_NE(run.exitCode, 0) << what;
    EXPECT_LT(run.exitCode, 128) << what << ": killed by a signal or by the run limit, not an error exit";
    const auto lines = linesOf(run.err);
    EXPECT_EQ(lines.size(), 1u) << what << ": stderr should be one line, was:\n" << run.err;
    EXPECT_TRUE(contains(run.err, names)) << what << ": stderr should name " << names << ", was:\n" << run.err;
    EXPECT_TRUE(run.out.empty()) << what << ": stdout should be empty, was:\n" << run.out;
}

/// A start that must fail fast: a hang ends as a kill at the limit and fails the checks.
RunResult runBriefly(const std::vector<std::string>& args)
{
    return ServerProcess::run(withLoopback(args), {}, "", std::chrono::seconds(10));
}

void expectConfigError(const RunResult& run, const std::string& names, const std::string& what)
{
    expectOneLineError(run, names, what);
    EXPECT_EQ(run.exitCode, 78) << what << ": EX_CONFIG expected";
    EXPECT_TRUE(contains(run.err, "not a regular file") || contains(run.err, "over the limit"))
        << what << ": " << run.err;
}

} // namespace

TEST(ConfigIntegration, BadPortOnTheCommandLineExitsWithOneLineNamingTheKey)
{
    expectOneLineError(ServerProcess::run({"--address=127.0.0.1", "--port=abc"}), "http.port", "--port=abc");
    expectOneLineError(ServerProcess::run({"--address=127.0.0.1", "--port=70000"}), "http.port", "--port=70000");
    expectOneLineError(ServerProcess::run({"--address=127.0.0.1", "--define=http.port=-1"}), "http.port",
                       "--define=http.port=-1");
}

TEST(ConfigIntegration, BadPortFromTheEnvironmentExitsWithOneLineNamingTheKey)
{
    expectOneLineError(ServerProcess::run({"--address=127.0.0.1"}, {{"LABMOCK_HTTP_PORT", "abc"}}), "http.port",
                       "LABMOCK_HTTP_PORT=abc");
}

TEST(ConfigIntegration, MissingConfigFileExitsWithOneLineNamingThePath)
{
    expectOneLineError(ServerProcess::run(withLoopback({"--config=/nonexistent/lab-mock-server.properties"})),
                       "/nonexistent/lab-mock-server.properties", "--config=/nonexistent/...");
}

TEST(ConfigIntegration, ConfigFileThatIsADirectoryExitsWithOneLineNamingThePath)
{
    // Root reads any file, so an unreadable config file is a directory here.
    TemporaryDirectory dir;
    const std::string path = dir.file("lab-mock-server.properties");
    Poco::File(path).createDirectories();
    // A hang here (no exit within the limit) ends as a kill and fails the expectations.
    expectOneLineError(ServerProcess::run(withLoopback({"--config=" + path}), {}, "", std::chrono::seconds(10)), path,
                       "--config=<a directory>");
}

TEST(ConfigIntegration, ConfigFileThatIsAFifoOrADeviceExitsWithoutReadingIt)
{
    TemporaryDirectory dir;
    const std::string fifo = dir.file("fifo.properties");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    expectConfigError(runBriefly({"--config=" + fifo}), fifo, "--config=<a FIFO>");
    // Named .properties, /dev/zero would be read as one endless key until memory runs out.
    for (const char* device : {"/dev/zero", "/dev/urandom"})
    {
        const std::string link = dir.makeSymlink(Poco::Path(device).getFileName() + ".properties", device);
        expectConfigError(runBriefly({"--config=" + link}), link, std::string("--config=<a link to ") + device + ">");
        expectConfigError(runBriefly({std::string("--config=") + device}), device, std::string("--config=") + device);
    }
    const std::string environ = dir.makeSymlink("environ.properties", "/proc/self/environ");
    expectConfigError(runBriefly({"--config=" + environ}), environ, "--config=<a link to /proc/self/environ>");
}

TEST(ConfigIntegration, ConfigFileOverTheLimitExitsNamingThePath)
{
    TemporaryDirectory dir;
    const std::string big = dir.write("big.properties", std::string(1 << 20, '#') + "\n");
    expectConfigError(runBriefly({"--config=" + big}), big, "--config=<over 1 MiB>");
}

TEST(ConfigIntegration, TokenFileThatIsAFifoOrADeviceExitsNamingTheKey)
{
    TemporaryDirectory dir;
    const std::string fifo = dir.file("token-fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    for (const std::string& path :
         {fifo, std::string("/dev/zero"), std::string("/dev/urandom"), dir.makeSymlink("token-link", "/dev/zero")})
    {
        const RunResult run = runBriefly({"--define=auth.tokenFile=" + path});
        expectConfigError(run, "auth.tokenFile", "auth.tokenFile=" + path);
        EXPECT_TRUE(contains(run.err, path)) << run.err;
    }
}

TEST(ConfigIntegration, BadValuesOfOtherKeysExitWithOneLineNamingTheKey)
{
    expectOneLineError(ServerProcess::run(withLoopback({"--define=display.reveal=bogus"})), "display.reveal",
                       "display.reveal=bogus");
    expectOneLineError(ServerProcess::run(withLoopback({"--define=plugins.strict=maybe"})), "plugins.strict",
                       "plugins.strict=maybe");
    expectOneLineError(ServerProcess::run(withLoopback({"--define=logging.format=xml"})), "logging.format",
                       "logging.format=xml");
    expectOneLineError(ServerProcess::run(withLoopback({"--define=shutdown.drainDelay=soon"})), "shutdown.drainDelay",
                       "shutdown.drainDelay=soon");
}

TEST(ConfigIntegration, BadValueInTheConfigFileExitsWithOneLineNamingTheKey)
{
    TemporaryDirectory dir;
    const std::string file = dir.write("bad.properties", "readiness.requireAll = perhaps\n");
    expectOneLineError(ServerProcess::run(withLoopback({"--config=" + file})), "readiness.requireAll",
                       "readiness.requireAll=perhaps in a file");
}

TEST(ConfigIntegration, CommandLineBeatsEnvironmentBeatsFileBeatsDefault)
{
    TemporaryDirectory dir;
    const std::string file = dir.write("lab.properties", "display.reveal = none\n");
    EXPECT_EQ(revealOf({}, {}), "masked") << "the default";
    EXPECT_EQ(revealOf({"--config=" + file}, {}), "none") << "the file over the default";
    EXPECT_EQ(revealOf({"--config=" + file}, {{"LABMOCK_DISPLAY_REVEAL", "all"}}), "all")
        << "the environment over the file";
    EXPECT_EQ(revealOf({"--config=" + file, "--define=display.reveal=masked"}, {{"LABMOCK_DISPLAY_REVEAL", "all"}}),
              "masked")
        << "the command line over the environment";
    EXPECT_EQ(revealOf({"--define=display.reveal=none"}, {{"LABMOCK_DISPLAY_REVEAL", "all"}}), "none")
        << "the command line over the environment, no file";
}

TEST(ConfigIntegration, PortPrecedenceReachesTheListener)
{
    // File, environment and command line each name a port; the listener uses --port's.
    TemporaryDirectory dir;
    const std::string file = dir.write("lab.properties", "http.port = 1\nhttp.address = 127.0.0.1\n");
    ServerProcess server({"--config=" + file, "--port=0"}, {{"LABMOCK_HTTP_PORT", "2"}});
    EXPECT_NE(server.port(), 1);
    EXPECT_NE(server.port(), 2);
    EXPECT_EQ(server.get("/healthz").status, 200);
}

TEST(ConfigIntegration, BusyPortExitsNonZeroNamingTheAddress)
{
    Poco::Net::ServerSocket occupier;
    occupier.bind(Poco::Net::SocketAddress("127.0.0.1", 0), false);
    occupier.listen();
    const std::string port = std::to_string(occupier.address().port());
    const RunResult run = ServerProcess::run({"--address=127.0.0.1", "--port=" + port});
    EXPECT_NE(run.exitCode, 0);
    EXPECT_LT(run.exitCode, 128) << "killed by a signal or by the run limit";
    EXPECT_TRUE(contains(run.err, "127.0.0.1:" + port)) << run.err;
    EXPECT_FALSE(contains(run.out + run.err, "listening on")) << run.out << run.err;
    EXPECT_EQ(linesOf(run.err).size(), 1u) << run.err;
}

TEST(ConfigIntegration, SecondServerOnTheSamePortExitsNonZero)
{
    // SO_REUSEPORT would let both listen and share connections; the second must fail.
    ServerProcess first;
    const std::string port = std::to_string(first.port());
    const RunResult second = ServerProcess::run({"--address=127.0.0.1", "--port=" + port});
    EXPECT_NE(second.exitCode, 0) << second.err;
    EXPECT_TRUE(contains(second.err, "127.0.0.1:" + port)) << second.err;
    const RunResult same = ServerProcess::run({"--address=127.0.0.1", "--port=0", "--define=http.probePort=" + port});
    EXPECT_NE(same.exitCode, 0) << "the probe port is busy too: " << same.err;
}

TEST(ConfigIntegration, OneLoopThreadIsEnough)
{
    ServerProcess server({"--define=http.loopThreads=1"});
    EXPECT_EQ(server.get("/healthz").status, 200);
    EXPECT_EQ(server.get("/api/groups").status, 200);
}

TEST(ConfigIntegration, ZeroTimeoutsAreRejectedNamingTheKey)
{
    for (const char* key : {"http.headerTimeout", "http.keepAliveTimeout", "http.sendTimeout"})
    {
        const RunResult run = ServerProcess::run(withLoopback({std::string("--define=") + key + "=0"}));
        EXPECT_NE(run.exitCode, 0) << key;
        EXPECT_TRUE(contains(run.err, key)) << run.err;
    }
}

TEST(ConfigIntegration, StrictPluginsRefuseToStartWithABadPlugin)
{
    TemporaryDirectory plugins;
    plugins.copyIn(pluginFile("libredis-group.so"));
    const std::string bad = plugins.write("libbad-group.so", "this is a text file, not a shared library\n");

    const RunResult strict =
        ServerProcess::run(withLoopback({"--plugins=" + plugins.path(), "--define=plugins.strict=true"}));
    EXPECT_NE(strict.exitCode, 0);
    EXPECT_LT(strict.exitCode, 128) << "killed by a signal or by the run limit";
    EXPECT_TRUE(contains(strict.err, bad)) << strict.err;
    EXPECT_FALSE(contains(strict.out + strict.err, "listening on"));

    // Without strictness the same directory serves, and the bad file is reported.
    ServerProcess server({"--plugins=" + plugins.path()});
    const auto page = server.get("/");
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "<h2>Redis</h2>"));
    EXPECT_TRUE(contains(page.body, bad));
}

TEST(ConfigIntegration, HelpAndVersionExitZero)
{
    const RunResult help = ServerProcess::run({"--help"});
    EXPECT_EQ(help.exitCode, 0) << help.err;
    for (const std::string option :
         {"--port", "--address", "--config", "--plugins", "--define", "--check", "--version"})
        EXPECT_TRUE(contains(help.out, option)) << "--help does not mention " << option;

    const RunResult version = ServerProcess::run({"--version"});
    EXPECT_EQ(version.exitCode, 0) << version.err;
    EXPECT_TRUE(std::regex_search(version.out, std::regex("^lab-mock-server [0-9]+\\.[0-9]+\\.[0-9]+"))) << version.out;

    // --help wins over a bad value: a user asking for help gets it.
    EXPECT_EQ(ServerProcess::run({"--help", "--port=abc"}).exitCode, 0);
}

TEST(ConfigIntegration, UnknownOptionExitsNonZero)
{
    const RunResult run = ServerProcess::run(withLoopback({"--no-such-option"}));
    EXPECT_NE(run.exitCode, 0);
    EXPECT_LT(run.exitCode, 128);
    EXPECT_TRUE(contains(run.err, "no-such-option")) << run.err;
}

TEST(ConfigIntegration, ListPluginsShowsLoadedAndSkippedWithReasons)
{
    TemporaryDirectory plugins;
    const std::string redis = plugins.copyIn(pluginFile("libredis-group.so"));
    const std::string bad = plugins.write("libbad-group.so", "not ELF\n");
    const RunResult run = ServerProcess::run({"--list-plugins", "--plugins=" + plugins.path()});
    EXPECT_EQ(run.exitCode, 0) << run.err;
    bool loaded = false, skipped = false;
    for (const auto& line : linesOf(run.out))
    {
        if (contains(line, redis))
        {
            loaded = true;
            EXPECT_TRUE(contains(line, "load")) << line;
            EXPECT_TRUE(contains(line, "Redis")) << line;
        }
        if (contains(line, bad))
        {
            skipped = true;
            EXPECT_TRUE(contains(line, "skip")) << line;
            EXPECT_GT(line.size(), line.find(bad) + bad.size() + 5) << "a skipped plugin needs a reason: " << line;
        }
    }
    EXPECT_TRUE(loaded) << run.out;
    EXPECT_TRUE(skipped) << run.out;
    EXPECT_TRUE(contains(run.out, plugins.path())) << "says where it looked";
}

TEST(ConfigIntegration, ListPluginsShowsRejectedGroupsAsSkippedAndNoRawControlBytes)
{
    const std::string dir = std::string(LABMOCK_TEST_PLUGIN_DIR) + "/bad-name";
    const RunResult run = ServerProcess::run({"--list-plugins", "--plugins=" + dir});
    EXPECT_EQ(run.exitCode, 0) << run.err;
    EXPECT_TRUE(contains(run.out, "groups: Bad Name Survivor)")) << run.out;
    EXPECT_TRUE(contains(run.out, "group \"Stolen Files\" rejected: variable \"../../etc/passwd\"")) << run.out;
    EXPECT_TRUE(contains(run.out, "group \"Evil\\x1B[2J\\nGroup\" rejected")) << run.out;
    EXPECT_EQ(run.out.find('\x1b'), std::string::npos) << "a group name reached the terminal raw";
}
