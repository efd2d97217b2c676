//
// ProbesIntegrationTest.cpp
//
// Live probes against real PostgreSQL and Redis servers and the test's own listeners.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "OpsFixtures.h"
#include "ProbeServers.h"
#include "ServerProcess.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <utility>
#include <vector>

using labmock::test::contains;
using labmock::test::freePort;
using labmock::test::parseObject;
using labmock::test::pluginFile;
using labmock::test::PostgresServer;
using labmock::test::RedisServer;
using labmock::test::ServerProcess;
using labmock::test::SilentListener;
using labmock::test::TemporaryDirectory;

namespace
{

constexpr const char* PG_PASSWORD = "pg-probe-canary-71c3";
constexpr const char* PG_WRONG = "pg-wrong-canary-5e0a";
constexpr const char* REDIS_DEFAULT = "redis-default-canary-2b9f";
constexpr const char* REDIS_APP = "redis-app-canary-8d4e";
constexpr const char* REDIS_WRONG = "redis-wrong-canary-0c6a";

/// Probes on, a long interval (only the first round and on-demand runs happen in a test).
std::vector<std::string> probeArgs(const std::string& timeout = "3")
{
    return {"--define=probes.enabled=true", "--define=probes.interval=600", "--define=probes.timeout=" + timeout};
}

/// The "probe" object of group in /api/groups.
Poco::JSON::Object::Ptr probeOf(const ServerProcess& server, const std::string& group,
                                const std::map<std::string, std::string>& headers = {})
{
    const auto document = parseObject(server.get("/api/groups", headers).body);
    const auto groups = document->getArray("groups");
    for (std::size_t i = 0; i < groups->size(); ++i)
    {
        if (groups->getObject(i)->getValue<std::string>("name") == group)
            return groups->getObject(i)->getObject("probe");
    }
    return nullptr;
}

/// Waits for the log line of group's first probe result ("ok" or "failed"), then for the
/// JSON to show it: a request that meets another one's rebuild of the views is answered
/// from the views before it.
bool waitForProbe(const ServerProcess& server, const std::string& group, const std::string& state,
                  const std::map<std::string, std::string>& headers = {})
{
    if (!server.waitForLog("probe of group \"" + group + "\": " + state, 0, std::chrono::seconds(30)))
        return false;
    for (int attempt = 0; attempt < 100; ++attempt)
    {
        if (probeOf(server, group, headers)->getValue<std::string>("state") == state)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

ServerProcess::Environment postgresEnvironment(unsigned short port, const std::string& password)
{
    return {{"POSTGRES_HOST", "127.0.0.1"},
            {"POSTGRES_PORT", std::to_string(port)},
            {"POSTGRES_USER", "app"},
            {"POSTGRES_PASSWORD", password},
            {"POSTGRES_DB", "postgres"}};
}

/// Fails when text holds the canary anywhere.
void expectAbsent(const std::string& text, const std::string& canary, const std::string& where)
{
    EXPECT_FALSE(contains(text, canary)) << "the secret appears in " << where;
}

void expectNowhere(const ServerProcess& server, const std::string& canary)
{
    expectAbsent(server.get("/").body, canary, "the page");
    expectAbsent(server.get("/api/groups").body, canary, "the JSON");
    expectAbsent(server.get("/metrics").body, canary, "the metrics");
    expectAbsent(server.get("/readyz?verbose").body, canary, "/readyz");
    expectAbsent(server.log(), canary, "the log");
}

#define REQUIRE_POSTGRES()                                                                                             \
    if (!PostgresServer::available())                                                                                  \
    GTEST_SKIP() << "PostgreSQL is not installed (Debian package postgresql)"
#define REQUIRE_REDIS()                                                                                                \
    if (RedisServer::binary().empty())                                                                                 \
    GTEST_SKIP() << "redis-server is not installed (Debian package redis-server)"

} // namespace

TEST(ProbesIntegration, ProbesAreOffByDefault)
{
    ServerProcess server;
    const auto probe = probeOf(server, "PostgreSQL");
    ASSERT_TRUE(probe);
    EXPECT_EQ(probe->getValue<std::string>("state"), "not-probed");
    EXPECT_EQ(probe->getValue<std::string>("reason"), "probes.enabled=false");
    EXPECT_FALSE(contains(server.get("/").body, "class=\"probe"));
    EXPECT_EQ(server.request("POST", "/api/probes/run").status, 409);
    EXPECT_FALSE(contains(server.log(), "probe of group"));
}

/// The libraries mapped into process pid, as /proc/PID/maps lists them.
std::string mappedFiles(int pid)
{
    std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
    return {std::istreambuf_iterator<char>(maps), std::istreambuf_iterator<char>()};
}

TEST(ProbesIntegration, ClientLibrariesAreMappedOnlyOnceAProbeRuns)
{
    // Probes off: neither libpq nor OpenSSL is loaded, though the shipped plugins are.
    {
        ServerProcess server;
        ASSERT_TRUE(contains(server.get("/").body, "POSTGRES_USER"));
        const std::string maps = mappedFiles(server.pid());
        EXPECT_TRUE(contains(maps, "libpostgresql-group.so")) << maps;
        EXPECT_FALSE(contains(maps, "libpq.so")) << maps;
        EXPECT_FALSE(contains(maps, "libssl.so")) << maps;
    }
    // The first PostgreSQL probe loads its probe library, and libpq with it.
    ServerProcess server(probeArgs());
    ASSERT_TRUE(waitForProbe(server, "PostgreSQL", "failed")) << server.log();
    EXPECT_EQ(probeOf(server, "PostgreSQL")->getValue<std::string>("reason"), "POSTGRES_HOST is not set");
    const std::string maps = mappedFiles(server.pid());
    EXPECT_TRUE(contains(maps, "libpostgresql-probe.so")) << maps;
    EXPECT_TRUE(contains(maps, "libpq.so")) << maps;
}

TEST(ProbesIntegration, APluginCopiedWithoutItsProbeLibraryFailsItsProbeSayingWhy)
{
    TemporaryDirectory plugins;
    plugins.copyIn(pluginFile("libpostgresql-group.so"));
    auto args = probeArgs();
    args.push_back("--plugins=" + plugins.path());
    ServerProcess server(args, {{"POSTGRES_HOST", "127.0.0.1"}});
    ASSERT_TRUE(waitForProbe(server, "PostgreSQL", "failed")) << server.log();
    const std::string reason = probeOf(server, "PostgreSQL")->getValue<std::string>("reason");
    EXPECT_TRUE(contains(reason, plugins.file("postgresql/libpostgresql-probe.so"))) << reason;
    EXPECT_EQ(server.get("/").status, 200); // the group is still served
}

TEST(ProbesIntegration, ABadProbeLibraryFailsTheProbeNotTheServer)
{
    // A FIFO would block dlopen(), a cut-short copy would be a SIGBUS in the loader, and another
    // plugin's probe library would be called with the wrong arguments.
    const std::string original = pluginFile("postgresql/libpostgresql-probe.so");
    std::ifstream in(original, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    ASSERT_GT(bytes.size(), 20000u);
    const std::vector<std::pair<std::string, std::string>> cases{
        {"fifo", "is not a regular file"},
        {"truncated", "is truncated"},
        {"another plugin's", "exports no labmock_probe_postgresql"}};
    for (const auto& [kind, expected] : cases)
    {
        TemporaryDirectory plugins;
        plugins.copyIn(pluginFile("libpostgresql-group.so"));
        const std::string target = plugins.file("postgresql/libpostgresql-probe.so");
        if (kind == "fifo")
        {
            plugins.write("postgresql/placeholder", "");
            ASSERT_EQ(::mkfifo(target.c_str(), 0600), 0);
        }
        else if (kind == "truncated")
            plugins.write("postgresql/libpostgresql-probe.so", bytes.substr(0, 20000));
        else
        {
            std::ifstream other(pluginFile("json-groups/libjson-groups-probe.so"), std::ios::binary);
            plugins.write("postgresql/libpostgresql-probe.so",
                          {std::istreambuf_iterator<char>(other), std::istreambuf_iterator<char>()});
        }
        auto args = probeArgs();
        args.push_back("--plugins=" + plugins.path());
        ServerProcess server(args, {{"POSTGRES_HOST", "127.0.0.1"}});
        ASSERT_TRUE(waitForProbe(server, "PostgreSQL", "failed")) << kind << "\n" << server.log();
        const std::string reason = probeOf(server, "PostgreSQL")->getValue<std::string>("reason");
        EXPECT_TRUE(contains(reason, expected)) << kind << ": " << reason;
        EXPECT_EQ(server.get("/").status, 200) << kind;
        server.signal(SIGTERM);
        EXPECT_EQ(server.waitForExit(), 0) << kind << "\n" << server.log();
    }
}

TEST(ProbesIntegration, APluginReachedThroughASymbolicLinkFindsItsProbeLibraryBesideTheTarget)
{
    TemporaryDirectory plugins;
    ASSERT_EQ(::symlink(pluginFile("libpostgresql-group.so").c_str(), plugins.file("libpostgresql-group.so").c_str()),
              0);
    auto args = probeArgs();
    args.push_back("--plugins=" + plugins.path());
    ServerProcess server(args);
    ASSERT_TRUE(waitForProbe(server, "PostgreSQL", "failed")) << server.log();
    EXPECT_EQ(probeOf(server, "PostgreSQL")->getValue<std::string>("reason"), "POSTGRES_HOST is not set");
}

TEST(ProbesIntegration, PostgresRightCredentialsAreProvedWithTheServerVersion)
{
    REQUIRE_POSTGRES();
    PostgresServer postgres(PG_PASSWORD);
    ServerProcess server(probeArgs(), postgresEnvironment(postgres.port(), PG_PASSWORD));
    ASSERT_TRUE(waitForProbe(server, "PostgreSQL", "ok")) << server.log();
    const auto probe = probeOf(server, "PostgreSQL");
    EXPECT_EQ(probe->getValue<std::string>("state"), "ok");
    EXPECT_TRUE(contains(probe->getValue<std::string>("reason"), "authenticated as app"))
        << probe->getValue<std::string>("reason");
    const auto details = probe->getObject("details");
    EXPECT_TRUE(contains(details->getValue<std::string>("server"), "PostgreSQL 15"));
    EXPECT_EQ(details->getValue<std::string>("user"), "app");
    EXPECT_TRUE(contains(details->getValue<std::string>("tls"), "none"));
    EXPECT_GE(probe->getValue<double>("durationSeconds"), 0.0);
    EXPECT_GE(probe->getValue<long>("ageSeconds"), 0);
    EXPECT_FALSE(probe->getValue<std::string>("checkedAt").empty());

    const std::string page = server.get("/").body;
    EXPECT_TRUE(contains(page, "<p class=\"probe ok\"><b>probe ok</b> authenticated as app")) << page;
    const std::string metrics = server.get("/metrics").body;
    EXPECT_TRUE(contains(metrics, "labmock_probe_success{group=\"PostgreSQL\"} 1")) << metrics;
    EXPECT_TRUE(contains(metrics, "labmock_probe_duration_seconds{group=\"PostgreSQL\"} ")) << metrics;
    // Redis and App: Redis has a probe (failing here: no server), App's plugin has none.
    EXPECT_EQ(probeOf(server, "App")->getValue<std::string>("state"), "not-probed");
    expectNowhere(server, PG_PASSWORD);
}

TEST(ProbesIntegration, PostgresWrongPasswordFailsWithTheServersMessageAndNoPasswordAnywhere)
{
    REQUIRE_POSTGRES();
    PostgresServer postgres(PG_PASSWORD);
    ServerProcess server(probeArgs(), postgresEnvironment(postgres.port(), PG_WRONG));
    ASSERT_TRUE(waitForProbe(server, "PostgreSQL", "failed")) << server.log();
    const auto probe = probeOf(server, "PostgreSQL");
    EXPECT_EQ(probe->getValue<std::string>("state"), "failed");
    EXPECT_TRUE(contains(probe->getValue<std::string>("reason"), "password authentication failed for user \"app\""))
        << probe->getValue<std::string>("reason");
    EXPECT_TRUE(contains(server.get("/metrics").body, "labmock_probe_success{group=\"PostgreSQL\"} 0"));
    EXPECT_TRUE(contains(server.get("/").body, "<p class=\"probe failed\"><b>probe failed</b>"));
    expectNowhere(server, PG_WRONG);
    expectNowhere(server, PG_PASSWORD);
    expectAbsent(postgres.log(), PG_WRONG, "the PostgreSQL server's log");
    EXPECT_TRUE(contains(postgres.log(), "password authentication failed")) << postgres.log();
}

TEST(ProbesIntegration, PostgresDownFailsFastWithConnectionRefused)
{
    REQUIRE_POSTGRES();
    ServerProcess server(probeArgs("30"), postgresEnvironment(freePort(), PG_PASSWORD));
    ASSERT_TRUE(waitForProbe(server, "PostgreSQL", "failed")) << server.log();
    const auto probe = probeOf(server, "PostgreSQL");
    EXPECT_TRUE(contains(probe->getValue<std::string>("reason"), "Connection refused"))
        << probe->getValue<std::string>("reason");
    // Refused, not timed out: far below the 30 s deadline.
    EXPECT_LT(probe->getValue<double>("durationSeconds"), 30.0);
}

TEST(ProbesIntegration, PostgresThatNeverAnswersFailsAtTheDeadlineWhileThePageKeepsAnswering)
{
    REQUIRE_POSTGRES();
    SilentListener silent;
    ServerProcess server(probeArgs("2"), postgresEnvironment(silent.port(), PG_PASSWORD));
    // While the probe waits on the silent server, requests are answered.
    const auto during = probeOf(server, "PostgreSQL");
    const std::string state = during->getValue<std::string>("state");
    EXPECT_EQ(server.get("/").status, 200);
    ASSERT_TRUE(waitForProbe(server, "PostgreSQL", "failed")) << server.log();
    const auto probe = probeOf(server, "PostgreSQL");
    EXPECT_TRUE(contains(probe->getValue<std::string>("reason"), "no answer from 127.0.0.1:"))
        << probe->getValue<std::string>("reason");
    EXPECT_GE(probe->getValue<double>("durationSeconds"), 1.9);
    EXPECT_LT(probe->getValue<double>("durationSeconds"), 20.0);
    EXPECT_EQ(state, "pending") << "the first request came after the deadline; the machine is very slow";
}

TEST(ProbesIntegration, PostgresOverTlsReportsTheProtocolAndCipher)
{
    REQUIRE_POSTGRES();
    TemporaryDirectory keys;
    std::string output;
    if (labmock::test::runCommand("/usr/bin/openssl",
                                  {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                                   "/CN=localhost", "-keyout", keys.file("server.key"), "-out",
                                   keys.file("server.crt")},
                                  output)
        != 0)
        GTEST_SKIP() << "openssl cannot make a certificate: " << output;
    PostgresServer postgres(PG_PASSWORD, keys.file("server.crt"), keys.file("server.key"));
    auto args = probeArgs();
    args.push_back("--define=plugins.postgresql.sslmode=require");
    ServerProcess server(args, postgresEnvironment(postgres.port(), PG_PASSWORD));
    ASSERT_TRUE(waitForProbe(server, "PostgreSQL", "ok")) << server.log();
    const std::string tls = probeOf(server, "PostgreSQL")->getObject("details")->getValue<std::string>("tls");
    EXPECT_TRUE(contains(tls, "TLSv1.")) << tls;
}

TEST(ProbesIntegration, ABadSslModeIsAPluginErrorNamingTheKey)
{
    ServerProcess server({"--define=plugins.postgresql.sslmode=sometimes"});
    const std::string json = server.get("/api/groups").body;
    EXPECT_TRUE(contains(json, "plugins.postgresql.sslmode: expected disable")) << json;
}

TEST(ProbesIntegration, RedisCredentialsAreProvedForTheDefaultAndAnAclUser)
{
    REQUIRE_REDIS();
    RedisServer redis(REDIS_DEFAULT, REDIS_APP);
    const ServerProcess::Environment base{{"REDIS_HOST", "127.0.0.1"}, {"REDIS_PORT", std::to_string(redis.port())}};
    {
        auto env = base;
        env["REDIS_PASSWORD"] = REDIS_DEFAULT;
        ServerProcess server(probeArgs(), env);
        ASSERT_TRUE(waitForProbe(server, "Redis", "ok")) << server.log();
        const auto probe = probeOf(server, "Redis");
        EXPECT_TRUE(contains(probe->getObject("details")->getValue<std::string>("server"), "Redis 7"));
        EXPECT_EQ(probe->getObject("details")->getValue<std::string>("user"), "default");
        expectNowhere(server, REDIS_DEFAULT);
    }
    {
        auto env = base;
        env["REDIS_USER"] = "app";
        env["REDIS_PASSWORD"] = REDIS_APP;
        ServerProcess server(probeArgs(), env);
        ASSERT_TRUE(waitForProbe(server, "Redis", "ok")) << server.log();
        EXPECT_EQ(probeOf(server, "Redis")->getObject("details")->getValue<std::string>("user"), "app");
        EXPECT_TRUE(contains(server.get("/metrics").body, "labmock_probe_success{group=\"Redis\"} 1"));
        expectNowhere(server, REDIS_APP);
    }
}

TEST(ProbesIntegration, RedisWrongPasswordFailsWithTheServersMessageAndNoPasswordAnywhere)
{
    REQUIRE_REDIS();
    RedisServer redis(REDIS_DEFAULT, REDIS_APP);
    ServerProcess server(probeArgs(), {{"REDIS_HOST", "127.0.0.1"},
                                       {"REDIS_PORT", std::to_string(redis.port())},
                                       {"REDIS_USER", "app"},
                                       {"REDIS_PASSWORD", REDIS_WRONG}});
    ASSERT_TRUE(waitForProbe(server, "Redis", "failed")) << server.log();
    const std::string reason = probeOf(server, "Redis")->getValue<std::string>("reason");
    EXPECT_TRUE(contains(reason, "WRONGPASS")) << reason;
    expectNowhere(server, REDIS_WRONG);
    expectAbsent(redis.log(), REDIS_WRONG, "the Redis server's log");
}

TEST(ProbesIntegration, RedisDownFailsFastAndSilentRedisFailsAtTheDeadline)
{
    REQUIRE_REDIS();
    {
        ServerProcess server(probeArgs("30"),
                             {{"REDIS_HOST", "127.0.0.1"}, {"REDIS_PORT", std::to_string(freePort())}});
        ASSERT_TRUE(waitForProbe(server, "Redis", "failed")) << server.log();
        const auto probe = probeOf(server, "Redis");
        EXPECT_TRUE(contains(probe->getValue<std::string>("reason"), "Connection refused"))
            << probe->getValue<std::string>("reason") << "\n"
            << server.log();
        EXPECT_LT(probe->getValue<double>("durationSeconds"), 30.0);
    }
    {
        SilentListener silent;
        ServerProcess server(probeArgs("2"), {{"REDIS_HOST", "127.0.0.1"},
                                              {"REDIS_PORT", std::to_string(silent.port())},
                                              {"REDIS_PASSWORD", REDIS_WRONG}});
        EXPECT_EQ(server.get("/").status, 200);
        ASSERT_TRUE(waitForProbe(server, "Redis", "failed")) << server.log();
        const auto probe = probeOf(server, "Redis");
        EXPECT_TRUE(contains(probe->getValue<std::string>("reason"), "no answer from 127.0.0.1:"))
            << probe->getValue<std::string>("reason");
        EXPECT_GE(probe->getValue<double>("durationSeconds"), 1.9);
        expectNowhere(server, REDIS_WRONG);
    }
}

namespace
{

/// A hostile "Redis" on loopback: to whatever it is sent, it answers with start and then,
/// if flood, with an endless stream of 'A' until the client hangs up.
class HostileRedis
{
public:
    HostileRedis(std::string start, bool flood)
        : _socket(Poco::Net::SocketAddress("127.0.0.1", 0), 4),
          _thread(
              [this, start = std::move(start), flood]
              {
                  if (!_socket.poll(Poco::Timespan(30, 0), Poco::Net::Socket::SELECT_READ))
                      return;
                  Poco::Net::StreamSocket client = _socket.acceptConnection();
                  const std::string flow(64 * 1024, 'A');
                  try
                  {
                      client.sendBytes(start.data(), static_cast<int>(start.size()));
                      while (flood && !_stop)
                          client.sendBytes(flow.data(), static_cast<int>(flow.size()));
                      while (!_stop && !client.poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ))
                          ; // holds the connection open until the client hangs up
                  }
                  catch (const Poco::Exception&)
                  {
                      // the probe hung up
                  }
              })
    {
    }
    ~HostileRedis()
    {
        _stop = true;
        _socket.close();
        _thread.join();
    }
    unsigned short port() const
    {
        return _socket.address().port();
    }

private:
    Poco::Net::ServerSocket _socket;
    std::atomic<bool> _stop{false};
    std::thread _thread;
};

/// VmHWM of process pid in KiB: the most memory it has held.
long peakKibibytes(int pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6));
    return -1;
}

} // namespace

TEST(ProbesIntegration, AHostileRedisCanNeitherHoldAProbeNorMakeItAllocate)
{
    const std::vector<std::tuple<std::string, bool, std::string>> cases{
        {"-ERR ", true, "the reply is longer than 1048576 bytes"},                    // an endless line
        {"$1000000000\r\n", false, "a bulk string of 1000000000 bytes is more than"}, // a 1 GB announcement
        {"*2000000000\r\n", false, "an array reply was not expected"}};
    for (const auto& [start, flood, expected] : cases)
    {
        HostileRedis redis(start, flood);
        ServerProcess server(probeArgs("30"),
                             {{"REDIS_HOST", "127.0.0.1"}, {"REDIS_PORT", std::to_string(redis.port())}});
        ASSERT_TRUE(waitForProbe(server, "Redis", "failed")) << server.log();
        const std::string reason = probeOf(server, "Redis")->getValue<std::string>("reason");
        EXPECT_TRUE(contains(reason, expected)) << reason;
        EXPECT_LT(peakKibibytes(server.pid()), 100 * 1024) << "the server held what the peer sent";
    }
}

namespace
{

/// A drop-in directory with one group whose probe is declared as probe (JSON).
std::string dropIn(const TemporaryDirectory& dir, const std::string& probe)
{
    dir.write("groups/store.json",
              R"({"name": "Store", "vars": ["STORE_HOST", "STORE_PORT", "STORE_URL"], "probe": )" + probe + "}");
    return "--define=groups.path=" + dir.file("groups");
}

} // namespace

TEST(ProbesIntegration, GenericTcpProbeConnectsOrSaysWhyNot)
{
    TemporaryDirectory dir;
    SilentListener listener; // accepts connections: enough for a TCP probe
    auto args = probeArgs();
    args.push_back(dropIn(dir, R"({"tcp": {"host": "STORE_HOST", "port": "STORE_PORT"}})"));
    {
        ServerProcess server(args, {{"STORE_HOST", "127.0.0.1"}, {"STORE_PORT", std::to_string(listener.port())}});
        ASSERT_TRUE(waitForProbe(server, "Store", "ok")) << server.log();
        EXPECT_TRUE(
            contains(probeOf(server, "Store")->getValue<std::string>("reason"), "TCP connection to 127.0.0.1:"));
    }
    {
        ServerProcess server(args, {{"STORE_HOST", "127.0.0.1"}, {"STORE_PORT", std::to_string(freePort())}});
        ASSERT_TRUE(waitForProbe(server, "Store", "failed")) << server.log();
        EXPECT_TRUE(contains(probeOf(server, "Store")->getValue<std::string>("reason"), "Connection refused"));
    }
    {
        ServerProcess server(args, {{"STORE_HOST", "127.0.0.1"}});
        ASSERT_TRUE(waitForProbe(server, "Store", "failed")) << server.log();
        EXPECT_EQ(probeOf(server, "Store")->getValue<std::string>("reason"), "STORE_PORT is not set");
    }
}

TEST(ProbesIntegration, GenericHttpProbeTakesAnyAnswerBelow500AsReachable)
{
    TemporaryDirectory dir;
    // The target is a second lab-mock-server: /healthz answers 200, an unknown path 404,
    // /readyz 503 while a required variable is missing.
    ServerProcess target({"--define=logging.accessLog=false"});
    const std::string base = "http://127.0.0.1:" + std::to_string(target.port());
    auto args = probeArgs();
    args.push_back(dropIn(dir, R"({"http": {"url": "STORE_URL"}})"));
    for (const auto& [path, state, status] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"/healthz", "ok", "200 OK"}, {"/nothing-here", "ok", "404 Not Found"}, {"/readyz", "failed", "503 "}})
    {
        ServerProcess server(args, {{"STORE_URL", base + path}});
        ASSERT_TRUE(waitForProbe(server, "Store", state)) << path << "\n" << server.log();
        const auto probe = probeOf(server, "Store");
        EXPECT_TRUE(contains(probe->getObject("details")->getValue<std::string>("status"), status)) << path;
    }
    {
        SilentListener silent;
        auto slow = probeArgs("2");
        slow.push_back(args.back());
        ServerProcess server(slow, {{"STORE_URL", "http://127.0.0.1:" + std::to_string(silent.port()) + "/"}});
        ASSERT_TRUE(waitForProbe(server, "Store", "failed")) << server.log();
        EXPECT_TRUE(contains(probeOf(server, "Store")->getValue<std::string>("reason"), "no answer from"));
    }
}

TEST(ProbesIntegration, GenericHttpsProbeVerifiesTheCertificateAgainstTheSystemStore)
{
    TemporaryDirectory dir;
    TemporaryDirectory keys;
    std::string output;
    if (labmock::test::runCommand("/usr/bin/openssl",
                                  {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                                   "/CN=localhost", "-keyout", keys.file("server.key"), "-out",
                                   keys.file("server.crt")},
                                  output)
        != 0)
        GTEST_SKIP() << "openssl cannot make a certificate: " << output;
    // openssl s_server answers TLS with a certificate no system CA signed.
    const unsigned short port = freePort();
    Poco::Pipe in, out;
    Poco::ProcessHandle tlsServer =
        Poco::Process::launch("/usr/bin/openssl",
                              {"s_server", "-quiet", "-accept", "127.0.0.1:" + std::to_string(port), "-cert",
                               keys.file("server.crt"), "-key", keys.file("server.key"), "-www"},
                              &in, &out, &out);
    auto args = probeArgs();
    args.push_back(dropIn(dir, R"({"http": {"url": "STORE_URL"}})"));
    ASSERT_TRUE(labmock::test::waitForPort(port)) << "openssl s_server did not start";
    ServerProcess server(args, {{"STORE_URL", "https://localhost:" + std::to_string(port) + "/"}});
    ASSERT_TRUE(waitForProbe(server, "Store", "failed")) << server.log();
    const std::string reason = probeOf(server, "Store")->getValue<std::string>("reason");
    Poco::Process::kill(tlsServer);
    tlsServer.wait();
    EXPECT_TRUE(contains(reason, "certificate verify failed")) << reason;
}

TEST(ProbesIntegration, DropInProbeNamingAnUnknownVariableIsALoadErrorWithFileAndPath)
{
    TemporaryDirectory dir;
    dir.write("groups/bad.json",
              R"({"name": "Bad", "vars": ["A_HOST"], "probe": {"tcp": {"host": "A_HOST", "port": "A_PORT"}}})");
    dir.write("groups/kind.json", R"({"name": "Kind", "vars": ["B_URL"], "probe": {"ftp": {"url": "B_URL"}}})");
    ServerProcess server({"--define=groups.path=" + dir.file("groups")});
    const std::string json = server.get("/api/groups").body;
    EXPECT_TRUE(contains(
        json,
        "bad.json: line 1, column 73: group \\\"Bad\\\" probe.tcp: \\\"port\\\" names \\\"A_PORT\\\", which is not "
        "one of the group's vars"))
        << json;
    EXPECT_TRUE(
        contains(json, "kind.json: line 1, column 47: group \\\"Kind\\\" probe: unknown probe kind \\\"ftp\\\""))
        << json;
}

TEST(ProbesIntegration, ProbeResultsAreScrubbedOfSecretsAndLateOrThrowingProbesFail)
{
    const std::string plugins = "--plugins=" + std::string(LABMOCK_TEST_PLUGIN_DIR) + "/probing";
    const std::string token = "probe-token-canary-3f7a";
    {
        auto args = probeArgs();
        args.push_back(plugins);
        ServerProcess server(args, {{"PROBE_MODE", "ok"}, {"PROBE_TOKEN", token}});
        ASSERT_TRUE(waitForProbe(server, "Probed Group", "ok")) << server.log();
        const auto probe = probeOf(server, "Probed Group");
        EXPECT_EQ(probe->getValue<std::string>("reason"), "accepted token [redacted]");
        EXPECT_EQ(probe->getObject("details")->getValue<std::string>("token"), "[redacted]");
        EXPECT_EQ(probeOf(server, "Quiet Group")->getValue<std::string>("reason"), "no probe declared for this group");
        expectNowhere(server, token);
    }
    {
        auto args = probeArgs();
        args.push_back(plugins);
        ServerProcess server(args, {{"PROBE_MODE", "throw"}, {"PROBE_TOKEN", token}});
        ASSERT_TRUE(waitForProbe(server, "Probed Group", "failed")) << server.log();
        EXPECT_EQ(probeOf(server, "Probed Group")->getValue<std::string>("reason"),
                  "the probe threw: scripted failure with token [redacted]");
        expectNowhere(server, token);
    }
    {
        auto args = probeArgs("1");
        args.push_back(plugins);
        ServerProcess server(args, {{"PROBE_MODE", "late"}, {"PROBE_TOKEN", token}});
        ASSERT_TRUE(waitForProbe(server, "Probed Group", "failed")) << server.log();
        const auto probe = probeOf(server, "Probed Group");
        EXPECT_EQ(probe->getValue<std::string>("reason"), "no answer within probes.timeout (1 s)");
        EXPECT_TRUE(probe->getValue<bool>("running"));
        // Its late "ok" (2 s after the deadline) does not undo the failure.
        EXPECT_FALSE(server.waitForLog("probe of group \"Probed Group\": ok", 0, std::chrono::seconds(4)));
        EXPECT_EQ(probeOf(server, "Probed Group")->getValue<std::string>("state"), "failed");
    }
    {
        auto args = probeArgs();
        args.push_back(plugins);
        args.push_back("--define=plugins.probing.probe=false");
        ServerProcess server(args, {{"PROBE_MODE", "ok"}});
        EXPECT_EQ(probeOf(server, "Probed Group")->getValue<std::string>("reason"), "plugins.probing.probe=false");
    }
}

TEST(ProbesIntegration, OnDemandRunsAreGuardedAndReadinessCountsProbesOnlyWhenAsked)
{
    const std::string plugins = "--plugins=" + std::string(LABMOCK_TEST_PLUGIN_DIR) + "/probing";
    auto args = probeArgs();
    args.push_back(plugins);
    args.push_back("--define=auth.token=run-token");
    args.push_back("--define=readiness.requireProbes=true");
    ServerProcess server(args, {{"PROBE_MODE", "fail"}});
    ASSERT_TRUE(waitForProbe(server, "Probed Group", "failed", {{"Authorization", "Bearer run-token"}}))
        << server.log();
    EXPECT_EQ(server.get("/readyz").status, 503);
    EXPECT_TRUE(contains(server.get("/readyz?verbose").body, "[-]probe Probed Group failed\n"));
    EXPECT_TRUE(contains(server.get("/metrics").body, "labmock_ready 0"));

    EXPECT_EQ(server.request("POST", "/api/probes/run").status, 401);
    EXPECT_EQ(server
                  .request("POST", "/api/probes/run",
                           {{"Authorization", "Bearer run-token"}, {"Origin", "https://evil.example"}})
                  .status,
              403);
    EXPECT_EQ(server.get("/api/probes/run", {{"Authorization", "Bearer run-token"}}).status, 405);
    const std::map<std::string, std::string> auth{{"Authorization", "Bearer run-token"}};
    const std::string first = probeOf(server, "Probed Group", auth)->getValue<std::string>("checkedAt");
    const auto started = server.request("POST", "/api/probes/run", {{"Authorization", "Bearer run-token"}});
    EXPECT_EQ(started.status, 202) << started.body;
    // The group stays failed, so the log says nothing new; its check time moves on.
    bool again = false;
    for (int i = 0; i < 300 && !again; ++i)
    {
        again = probeOf(server, "Probed Group", auth)->getValue<std::string>("checkedAt") != first;
        if (!again)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(again) << "the on-demand run did not probe again";

    ServerProcess relaxed({plugins, "--define=probes.enabled=true"}, {{"PROBE_MODE", "fail"}});
    ASSERT_TRUE(waitForProbe(relaxed, "Probed Group", "failed")) << relaxed.log();
    EXPECT_EQ(relaxed.get("/readyz").status, 200) << "readiness.requireProbes is false by default";
}

TEST(ProbesIntegration, CheckWithProbeRunsThemOnceAndFailsWhenOneFails)
{
    const std::string plugins = "--plugins=" + std::string(LABMOCK_TEST_PLUGIN_DIR) + "/probing";
    const auto ok =
        ServerProcess::run({"--check", "--probe", plugins}, {{"PROBE_MODE", "ok"}, {"PROBE_TOKEN", "t0k3n-canary"}});
    EXPECT_EQ(ok.exitCode, 0) << ok.out << ok.err;
    EXPECT_TRUE(contains(ok.out, "probe Probed Group: ok: accepted token [redacted]")) << ok.out;
    EXPECT_TRUE(contains(ok.out, "probe Quiet Group: not-probed")) << ok.out;
    EXPECT_FALSE(contains(ok.out + ok.err, "t0k3n-canary"));
    const auto failed = ServerProcess::run({"--check", "--probe", plugins}, {{"PROBE_MODE", "fail"}});
    EXPECT_EQ(failed.exitCode, 1) << failed.out << failed.err;
    EXPECT_TRUE(contains(failed.out, "probe Probed Group: failed")) << failed.out;
    const auto plain = ServerProcess::run({"--check", plugins}, {{"PROBE_MODE", "fail"}});
    EXPECT_EQ(plain.exitCode, 0) << "without --probe, --check does not probe";
    EXPECT_FALSE(contains(plain.out, "probe Probed Group"));
}
