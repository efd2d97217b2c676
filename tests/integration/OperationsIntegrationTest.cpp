//
// OperationsIntegrationTest.cpp
//
// Probes, metrics, version, check mode, logging, signals and reload of the real binary.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "OpsFixtures.h"
#include "ServerProcess.h"

#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Path.h>

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <regex>
#include <set>
#include <sys/wait.h>
#include <thread>

using labmock::test::allShippedVariables;
using labmock::test::contains;
using labmock::test::linesOf;
using labmock::test::parseObject;
using labmock::test::pluginFile;
using labmock::test::readUntilClosed;
using labmock::test::RunResult;
using labmock::test::ServerProcess;
using labmock::test::TemporaryDirectory;
using labmock::test::waitUntilServerHasRead;

namespace
{

struct PromtoolResult
{
    bool found = false;
    int exitCode = -1;
    std::string output;
};

/// Runs `promtool check metrics` on text (the Debian package prometheus provides it).
PromtoolResult promtoolCheck(const std::string& text)
{
    PromtoolResult result;
    result.found = std::system("command -v promtool >/dev/null 2>&1") == 0;
    if (!result.found)
        return result;
    TemporaryDirectory dir;
    const std::string file = dir.write("metrics.txt", text);
    FILE* pipe = ::popen(("promtool check metrics < '" + file + "' 2>&1").c_str(), "r");
    if (!pipe)
        return result;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        result.output.append(buffer, n);
    const int status = ::pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

/// The value of the single sample matching the regular expression's first group; -1 if none.
long sampleValue(const std::string& metrics, const std::string& pattern)
{
    std::smatch match;
    const std::regex expression(pattern);
    return std::regex_search(metrics, match, expression) ? std::stol(match[1]) : -1;
}

/// Stops the server with SIGTERM and returns its exit code once its last log line is read.
int stopAndDrainLog(ServerProcess& server)
{
    server.signal(SIGTERM);
    const int exitCode = server.waitForExit();
    // The reader thread may still hold unread output after the exit; "stopped" is the last line.
    EXPECT_TRUE(server.waitForLog("stopped")) << server.log();
    return exitCode;
}

/// Sends SIGHUP and waits for the reload to be logged.
bool reload(const ServerProcess& server)
{
    const std::size_t from = server.log().size();
    server.signal(SIGHUP);
    return server.waitForLog("reloaded", from);
}

std::vector<std::string> groupNames(const ServerProcess& server)
{
    const auto document = parseObject(server.get("/api/groups").body);
    std::vector<std::string> names;
    const auto groups = document->getArray("groups");
    for (std::size_t g = 0; g < groups->size(); ++g)
        names.push_back(groups->getObject(static_cast<unsigned>(g))->getValue<std::string>("name"));
    return names;
}

/// Removes keys whose values change between two runs of the same configuration.
void dropVolatile(Poco::JSON::Object::Ptr object)
{
    static const std::set<std::string> volatileKeys{"time", "generatedAt", "uptimeSeconds", "startTime", "readAt"};
    std::vector<std::string> names;
    object->getNames(names);
    for (const auto& name : names)
    {
        if (volatileKeys.count(name))
            object->remove(name);
        else if (object->isObject(name))
            dropVolatile(object->getObject(name));
        else if (object->isArray(name))
        {
            const auto array = object->getArray(name);
            for (std::size_t i = 0; i < array->size(); ++i)
                if (array->isObject(static_cast<unsigned>(i)))
                    dropVolatile(array->getObject(static_cast<unsigned>(i)));
        }
    }
}

std::string canonical(const Poco::JSON::Object::Ptr& object)
{
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(object, out, 1); // parsed objects sort their keys
    return out.str();
}

} // namespace

// --- Probes --------------------------------------------------------------------------

TEST(Operations, HealthAndLivenessAnswerOk)
{
    ServerProcess server; // variables missing: liveness does not care
    for (const std::string target : {"/healthz", "/livez"})
    {
        const auto answer = server.get(target);
        EXPECT_EQ(answer.status, 200) << target;
        EXPECT_EQ(answer.body, "ok\n") << target;
        EXPECT_EQ(server.request("HEAD", target).status, 200) << target;
    }
}

TEST(Operations, ReadyzIs503WhileARequiredVariableIsMissing)
{
    auto env = allShippedVariables();
    env.erase("REDIS_PORT");
    ServerProcess server({}, env);
    EXPECT_EQ(server.get("/readyz").status, 503);
}

TEST(Operations, ReadyzIs200WhenEveryShippedVariableIsSet)
{
    ServerProcess server({}, allShippedVariables());
    const auto answer = server.get("/readyz");
    EXPECT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.body, "ok\n");
}

TEST(Operations, ReadyzIs200WithTheOriginalGroupsOnlyAndTheirVariablesSet)
{
    TemporaryDirectory noGroupFiles;
    ServerProcess server({"--define=groups.path=" + noGroupFiles.path()}, allShippedVariables());
    EXPECT_EQ(server.get("/readyz").status, 200);
}

TEST(Operations, ReadinessRequireAllFalseIs200WithMissingVariables)
{
    ServerProcess server({"--define=readiness.requireAll=false"}, {});
    const auto answer = server.get("/readyz");
    EXPECT_EQ(answer.status, 200) << answer.body;
    const auto verbose = server.get("/readyz?verbose");
    EXPECT_EQ(verbose.status, 200);
    EXPECT_TRUE(contains(verbose.body, "[+]Redis/REDIS_HOST missing")) << verbose.body;
}

TEST(Operations, ReadyzIs503WhenAPluginFailedToLoad)
{
    TemporaryDirectory plugins;
    for (const std::string name : {"libpostgresql-group.so", "libredis-group.so", "libapp-group.so"})
        plugins.copyIn(pluginFile(name));
    plugins.write("libbroken-group.so", "not a library\n");
    ServerProcess server({"--plugins=" + plugins.path()}, allShippedVariables());
    const auto verbose = server.get("/readyz?verbose");
    EXPECT_EQ(verbose.status, 503) << verbose.body;
    EXPECT_TRUE(contains(verbose.body, "[-]plugin libbroken-group.so: ")) << verbose.body;
    EXPECT_TRUE(contains(verbose.body, "[+]PostgreSQL/POSTGRES_USER ok")) << verbose.body;
}

TEST(Operations, ReadyzVerboseListsEachCheckAndNeverAValue)
{
    const std::string user = "user-value-5be1";
    const std::string password = "canary-7f3a9c";
    ServerProcess server({}, {{"POSTGRES_USER", user}, {"POSTGRES_PASSWORD", password}, {"REDIS_PORT", "6379"}});
    const auto verbose = server.get("/readyz?verbose");
    EXPECT_EQ(verbose.status, 503);
    const auto lines = linesOf(verbose.body);
    auto has = [&lines](const std::string& line) { return std::find(lines.begin(), lines.end(), line) != lines.end(); };
    EXPECT_TRUE(has("[+]PostgreSQL/POSTGRES_USER ok")) << verbose.body;
    EXPECT_TRUE(has("[+]PostgreSQL/POSTGRES_PASSWORD ok")) << verbose.body;
    EXPECT_TRUE(has("[-]PostgreSQL/POSTGRES_HOST missing")) << verbose.body;
    EXPECT_TRUE(has("[-]Redis/REDIS_HOST missing")) << verbose.body;
    EXPECT_TRUE(has("[+]Redis/REDIS_PORT ok")) << verbose.body;
    EXPECT_TRUE(has("[-]App/CSRF_SECRET missing")) << verbose.body;
    for (const auto& line : lines)
        EXPECT_TRUE(line.rfind("[+]", 0) == 0 || line.rfind("[-]", 0) == 0 || line.rfind("readyz check", 0) == 0)
            << "unexpected line: " << line;
    EXPECT_FALSE(contains(verbose.body, user));
    EXPECT_FALSE(contains(verbose.body, password));
    EXPECT_FALSE(contains(verbose.body, "6379"));
    // The plain probe stays short.
    EXPECT_FALSE(contains(server.get("/readyz").body, "POSTGRES"));
}

TEST(Operations, ReadinessFlipsWhenASecretFileAppears)
{
    TemporaryDirectory secrets;
    TemporaryDirectory noGroupFiles;
    auto env = allShippedVariables();
    env.erase("POSTGRES_PASSWORD");
    ServerProcess server({"--define=secrets.dirs=" + secrets.path(), "--define=groups.path=" + noGroupFiles.path()},
                         env);
    EXPECT_EQ(server.get("/readyz").status, 503);
    EXPECT_TRUE(contains(server.get("/readyz?verbose").body, "[-]PostgreSQL/POSTGRES_PASSWORD missing"));

    secrets.write("POSTGRES_PASSWORD", "from-a-file\n");
    const auto after = server.get("/readyz?verbose");
    EXPECT_EQ(after.status, 200) << "the next request sees the file, no restart: " << after.body;
    EXPECT_TRUE(contains(after.body, "[+]PostgreSQL/POSTGRES_PASSWORD ok"));
    EXPECT_FALSE(contains(after.body, "from-a-file"));

    secrets.remove("POSTGRES_PASSWORD");
    EXPECT_EQ(server.get("/readyz").status, 503) << "and the file's removal too";
}

// --- Metrics and version --------------------------------------------------------------

TEST(Operations, MetricsPassPromtoolAndCarryTheDocumentedSeries)
{
    ServerProcess server({}, {{"POSTGRES_USER", "lab"}});
    ASSERT_EQ(server.get("/").status, 200);
    ASSERT_EQ(server.get("/api/groups").status, 200);
    ASSERT_EQ(server.get("/api/groups").status, 200);
    ASSERT_EQ(server.get("/no-such-page").status, 404);
    ASSERT_EQ(server.request("POST", "/").status, 405);

    const auto answer = server.get("/metrics");
    ASSERT_EQ(answer.status, 200);
    EXPECT_EQ(answer.headers.get("Content-Type", "").rfind("text/plain; version=0.0.4", 0), 0u)
        << answer.headers.get("Content-Type", "");
    const std::string& metrics = answer.body;

    const PromtoolResult promtool = promtoolCheck(metrics);
    ASSERT_TRUE(promtool.found) << "promtool not found: install the Debian package prometheus (CI installs it)";
    EXPECT_EQ(promtool.exitCode, 0) << "promtool check metrics said:\n" << promtool.output << "\non:\n" << metrics;

    EXPECT_TRUE(contains(metrics, "labmock_variable_present{group=\"PostgreSQL\",variable=\"POSTGRES_USER\"} 1\n"))
        << metrics;
    EXPECT_TRUE(contains(metrics, "labmock_variable_present{group=\"Redis\",variable=\"REDIS_HOST\"} 0\n")) << metrics;
    EXPECT_TRUE(contains(metrics, "labmock_variable_present{group=\"App\",variable=\"CSRF_SECRET\"} 0\n")) << metrics;
    EXPECT_TRUE(contains(metrics, "labmock_plugin_load_errors 0\n")) << metrics;

    EXPECT_TRUE(contains(metrics, "# TYPE labmock_http_requests_total counter\n"));
    EXPECT_EQ(sampleValue(metrics, R"(labmock_http_requests_total\{route="/api/groups",code="200"\} ([0-9]+))"), 2);
    EXPECT_EQ(sampleValue(metrics, R"(labmock_http_requests_total\{route="/",code="200"\} ([0-9]+))"), 1);
    EXPECT_EQ(sampleValue(metrics, R"(labmock_http_requests_total\{route="unmatched",code="404"\} ([0-9]+))"), 1);
    EXPECT_EQ(sampleValue(metrics, R"(labmock_http_requests_total\{route="/",code="405"\} ([0-9]+))"), 1);
    EXPECT_FALSE(contains(metrics, "route=\"/version\",code=")) << "no series for what was never answered";

    EXPECT_TRUE(contains(metrics, "# TYPE labmock_http_request_duration_seconds histogram\n"));
    const long inf = sampleValue(
        metrics, R"(labmock_http_request_duration_seconds_bucket\{route="/api/groups",le="\+Inf"\} ([0-9]+))");
    EXPECT_EQ(inf, 2);
    EXPECT_EQ(sampleValue(metrics, R"(labmock_http_request_duration_seconds_count\{route="/api/groups"\} ([0-9]+))"),
              inf);
    EXPECT_TRUE(std::regex_search(
        metrics, std::regex(R"(labmock_http_request_duration_seconds_sum\{route="/api/groups"\} [0-9.e+-]+\n)")));

    EXPECT_TRUE(std::regex_search(metrics, std::regex(R"(labmock_build_info\{version="[^"]+",[^}]*\} 1\n)")))
        << metrics;
    EXPECT_TRUE(
        contains(metrics, "# TYPE labmock_access_log_dropped_total counter\nlabmock_access_log_dropped_total 0\n"))
        << metrics;
}

TEST(Operations, MetricsEscapeLabelValuesAndStillPassPromtool)
{
    TemporaryDirectory groups;
    groups.write("odd.json", R"({"name": "Quote \" back \\ slash", "description": "odd", "vars": ["ODD_VAR"]})");
    ServerProcess server({"--define=groups.path=" + groups.path()}, {{"ODD_VAR", "1"}});
    const auto metrics = server.get("/metrics").body;
    EXPECT_TRUE(contains(metrics, R"(labmock_variable_present{group="Quote \" back \\ slash",variable="ODD_VAR"} 1)"))
        << metrics;
    const PromtoolResult promtool = promtoolCheck(metrics);
    ASSERT_TRUE(promtool.found) << "promtool not found: install the Debian package prometheus (CI installs it)";
    EXPECT_EQ(promtool.exitCode, 0) << promtool.output;
}

TEST(Operations, VersionDescribesTheBuildAndEachPlugin)
{
    ServerProcess server({"--define=groups.path=" LABMOCK_SOURCE_DIR "/etc/examples"});
    const auto answer = server.get("/version");
    ASSERT_EQ(answer.status, 200);
    EXPECT_EQ(answer.headers.get("Content-Type", ""), "application/json");
    const auto document = parseObject(answer.body);
    const std::string version = document->getValue<std::string>("version");
    EXPECT_TRUE(std::regex_match(version, std::regex("[0-9]+\\.[0-9]+\\.[0-9]+.*"))) << version;
    const RunResult cli = ServerProcess::run({"--version"});
    EXPECT_EQ(cli.out.rfind("lab-mock-server " + version, 0), 0u) << cli.out;
    EXPECT_FALSE(document->getValue<std::string>("revision").empty());
    EXPECT_EQ(document->getValue<std::string>("poco").rfind("1.", 0), 0u) << document->getValue<std::string>("poco");
    EXPECT_FALSE(document->getValue<std::string>("compiler").empty());

    const auto plugins = document->getArray("plugins");
    ASSERT_TRUE(plugins);
    std::map<std::string, std::vector<std::string>> groupsByFile;
    for (std::size_t i = 0; i < plugins->size(); ++i)
    {
        const auto plugin = plugins->getObject(static_cast<unsigned>(i));
        const std::string file = plugin->getValue<std::string>("file");
        EXPECT_TRUE(Poco::File(file).exists()) << file;
        EXPECT_GT(plugin->getValue<int>("abiVersion"), 0) << file;
        const auto groups = plugin->getArray("groups");
        ASSERT_TRUE(groups) << file;
        for (std::size_t g = 0; g < groups->size(); ++g)
            groupsByFile[Poco::Path(file).getFileName()].push_back(
                groups->getElement<std::string>(static_cast<unsigned>(g)));
    }
    EXPECT_EQ(groupsByFile["libpostgresql-group.so"], std::vector<std::string>{"PostgreSQL"});
    EXPECT_EQ(groupsByFile["libredis-group.so"], std::vector<std::string>{"Redis"});
    EXPECT_EQ(groupsByFile["libapp-group.so"], std::vector<std::string>{"App"});
    EXPECT_EQ(groupsByFile["libjson-groups-group.so"], std::vector<std::string>{"Object store"});
}

// --- Check mode -----------------------------------------------------------------------

TEST(Operations, CheckExitsZeroWhenEveryRequiredVariableIsSetAndOneOtherwise)
{
    const RunResult allSet = ServerProcess::run({"--check"}, allShippedVariables());
    EXPECT_EQ(allSet.exitCode, 0) << allSet.out << allSet.err;

    auto env = allShippedVariables();
    env.erase("CSRF_SECRET");
    const RunResult oneMissing = ServerProcess::run({"--check"}, env);
    EXPECT_EQ(oneMissing.exitCode, 1) << oneMissing.out << oneMissing.err;
    EXPECT_TRUE(std::regex_search(oneMissing.out, std::regex("App +CSRF_SECRET +missing"))) << oneMissing.out;

    EXPECT_EQ(ServerProcess::run({"--check"}, {}).exitCode, 1);
    EXPECT_EQ(ServerProcess::run({"--check", "--define=readiness.requireAll=false"}, env).exitCode, 1)
        << "--check reports required variables whatever readiness says";
}

TEST(Operations, CheckPrintsAnAlignedTableWithAHeaderLine)
{
    TemporaryDirectory noGroupFiles;
    const RunResult run =
        ServerProcess::run({"--check", "--define=groups.path=" + noGroupFiles.path()},
                           {{"POSTGRES_USER", "lab"}, {"POSTGRES_PASSWORD", "pw"}, {"REDIS_HOST", "r"}});
    ASSERT_EQ(run.exitCode, 1);
    EXPECT_FALSE(contains(run.out, "pw\n")) << "masked by default";
    // The instance block first, then a blank line, then the table.
    EXPECT_EQ(run.out.rfind("instance:", 0), 0u) << run.out;
    const std::size_t table = run.out.find("\n\nGROUP");
    ASSERT_NE(table, std::string::npos) << run.out;
    const auto lines = linesOf(run.out.substr(table + 2));
    ASSERT_FALSE(lines.empty());
    const std::string& header = lines[0];
    const std::vector<std::string> columns{"GROUP", "VARIABLE", "STATE", "SOURCE", "VALUE"};
    std::vector<std::size_t> starts;
    for (const auto& column : columns)
    {
        const std::size_t at = header.find(column);
        ASSERT_NE(at, std::string::npos) << "header lacks " << column << ": " << header;
        starts.push_back(at);
    }
    EXPECT_EQ(starts[0], 0u);
    std::size_t rows = 0;
    for (std::size_t i = 1; i < lines.size() && !lines[i].empty(); ++i, ++rows)
    {
        const std::string& row = lines[i];
        for (std::size_t c = 1; c < starts.size(); ++c)
        {
            ASSERT_GT(row.size(), starts[c]) << "row too short: " << row;
            EXPECT_NE(row[starts[c]], ' ') << "column " << columns[c] << " misaligned in: " << row;
            EXPECT_EQ(row[starts[c] - 1], ' ') << "column " << columns[c] << " misaligned in: " << row;
        }
    }
    EXPECT_EQ(rows, 10u) << run.out; // the original's 8 and Redis's optional REDIS_USER, REDIS_PASSWORD
    EXPECT_TRUE(std::regex_search(run.out, std::regex("PostgreSQL +POSTGRES_USER +set +env +lab\n"))) << run.out;
    EXPECT_TRUE(std::regex_search(run.out, std::regex("PostgreSQL +POSTGRES_DB +missing +[a-z]+ +None\n"))) << run.out;
}

TEST(Operations, CheckJsonIsTheSameDocumentAsApiGroups)
{
    TemporaryDirectory groups;
    groups.write("cache.json", R"({"name": "Cache", "description": "c", "vars": ["MEMCACHED_HOST"]})");
    groups.write("zz-broken.json", "{");
    const std::vector<std::string> args{"--define=groups.path=" + groups.path()};
    const ServerProcess::Environment env{
        {"POSTGRES_USER", "lab"}, {"POSTGRES_PASSWORD", "pw"}, {"MEMCACHED_HOST", "mc"}, {"REDIS_HOST", "<&>"}};

    std::vector<std::string> checkArgs = args;
    checkArgs.push_back("--check");
    checkArgs.push_back("--format=json");
    const RunResult check = ServerProcess::run(checkArgs, env);
    EXPECT_EQ(check.exitCode, 1);
    const auto fromCheck = parseObject(check.out);

    ServerProcess server(args, env);
    const auto fromServer = parseObject(server.get("/api/groups").body);
    dropVolatile(fromCheck);
    dropVolatile(fromServer);
    EXPECT_EQ(canonical(fromCheck), canonical(fromServer));
    EXPECT_EQ(fromCheck->getArray("errors")->size(), 1u);
}

// --- Logging --------------------------------------------------------------------------

TEST(Operations, JsonLogLinesAllParseAndAccessLinesCarryTheirFields)
{
    ServerProcess server({"--define=logging.format=json"}, {{"POSTGRES_USER", "lab"}});
    ASSERT_EQ(server.get("/").status, 200);
    ASSERT_EQ(server.get("/api/groups?x=1").status, 200);
    ASSERT_EQ(server.get("/nope").status, 404);
    ASSERT_EQ(server.request("DELETE", "/api/groups").status, 405);
    EXPECT_EQ(stopAndDrainLog(server), 0);

    std::map<std::string, int> statusByPath;
    std::size_t lines = 0;
    for (const auto& line : linesOf(server.log()))
    {
        if (line.empty())
            continue;
        ++lines;
        Poco::JSON::Object::Ptr entry;
        try
        {
            entry = parseObject(line);
        }
        catch (const Poco::Exception& e)
        {
            ADD_FAILURE() << "not a JSON log line: " << line << " (" << e.displayText() << ")";
            continue;
        }
        catch (const std::exception& e)
        {
            ADD_FAILURE() << "not a JSON log line: " << line << " (" << e.what() << ")";
            continue;
        }
        EXPECT_TRUE(entry->has("time") && entry->has("level") && entry->has("message")) << line;
        if (entry->optValue<std::string>("logger", "") != "access")
            continue;
        for (const std::string field : {"method", "path", "status", "bytes", "durationMs"})
            EXPECT_TRUE(entry->has(field)) << field << " missing in " << line;
        EXPECT_TRUE(entry->get("status").isNumeric()) << line;
        EXPECT_TRUE(entry->get("bytes").isNumeric()) << line;
        EXPECT_TRUE(entry->get("durationMs").isNumeric()) << line;
        statusByPath[entry->getValue<std::string>("method") + " " + entry->getValue<std::string>("path")] =
            entry->getValue<int>("status");
    }
    EXPECT_GE(lines, 3u) << "start-up, access and shutdown lines";
    EXPECT_EQ(statusByPath["GET /"], 200) << server.log();
    EXPECT_EQ(statusByPath["GET /api/groups"], 200) << "the path, never the query: " << server.log();
    EXPECT_EQ(statusByPath["GET /nope"], 404) << server.log();
    EXPECT_EQ(statusByPath["DELETE /api/groups"], 405) << server.log();
}

TEST(Operations, AccessLogSkipsProbesByDefaultButNotTheApi)
{
    ServerProcess server;
    ASSERT_EQ(server.get("/healthz").status, 200);
    ASSERT_EQ(server.get("/livez").status, 200);
    server.get("/readyz");
    ASSERT_EQ(server.get("/api/groups").status, 200);
    EXPECT_EQ(stopAndDrainLog(server), 0);
    const std::string log = server.log();
    EXPECT_TRUE(contains(log, " GET /api/groups 200 ")) << log;
    EXPECT_FALSE(contains(log, "/healthz")) << log;
    EXPECT_FALSE(contains(log, "/livez")) << log;
    EXPECT_FALSE(contains(log, "GET /readyz")) << log;

    // The skip list is a setting: emptied, probes are logged too.
    ServerProcess verbose({"--define=logging.accessLog.skipPaths="});
    ASSERT_EQ(verbose.get("/healthz").status, 200);
    EXPECT_EQ(stopAndDrainLog(verbose), 0);
    EXPECT_TRUE(contains(verbose.log(), " GET /healthz 200 ")) << verbose.log();
}

TEST(Operations, AccessLogOmitsSchemeUserInfoAndHostOfAnAbsoluteFormTarget)
{
    ServerProcess server;
    const std::string answer = server.raw("GET http://alice:canary-url-pw@canary-host:8080/api/groups?x=1 HTTP/1.1\r\n"
                                          "Host: 127.0.0.1\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(answer.rfind("HTTP/1.1 ", 0), 0u) << answer;
    EXPECT_EQ(stopAndDrainLog(server), 0);
    const std::string log = server.log();
    EXPECT_TRUE(contains(log, " GET /api/groups ")) << log;
    EXPECT_FALSE(contains(log, "canary-url-pw")) << log;
    EXPECT_FALSE(contains(log, "alice")) << log;
    EXPECT_FALSE(contains(log, "canary-host")) << log;
}

TEST(Operations, CanarySecretNeverAppearsInAnyLogLineInAnyMode)
{
    const std::string canary = "canary-7f3a9c";
    const std::string fileCanary = "canary-file-51e0";
    TemporaryDirectory secrets;
    secrets.write("CSRF_SECRET", fileCanary + "\n");
    const std::vector<std::vector<std::string>> modes{
        {},
        {"--define=logging.level=trace", "--define=display.reveal=all"},
        {"--define=logging.format=json", "--define=logging.level=trace", "--define=display.reveal=all"},
        {"--define=logging.level=debug", "--define=display.reveal=none"},
    };
    for (const auto& mode : modes)
    {
        std::vector<std::string> args = mode;
        args.push_back("--define=secrets.dirs=" + secrets.path());
        std::string label;
        for (const auto& arg : mode)
            label += arg + " ";
        ServerProcess server(args, {{"POSTGRES_PASSWORD", canary}, {"POSTGRES_USER", "lab"}});

        const auto page = server.get("/");
        ASSERT_EQ(page.status, 200) << label;
        if (contains(label, "reveal=all"))
        {
            // The canary did reach the process, so its absence below means something.
            EXPECT_TRUE(contains(page.body, canary)) << label;
            EXPECT_TRUE(contains(page.body, fileCanary)) << label;
        }
        server.get("/api/groups");
        server.get("/metrics");
        server.get("/version");
        server.get("/nope");
        const auto verbose = server.get("/readyz?verbose");
        EXPECT_FALSE(contains(verbose.body, canary)) << label;
        EXPECT_FALSE(contains(verbose.body, fileCanary)) << label;
        EXPECT_TRUE(reload(server)) << label << server.log();
        secrets.write("CSRF_SECRET", fileCanary + "\n"); // a rotation rebuilds the snapshot
        server.get("/");
        EXPECT_EQ(stopAndDrainLog(server), 0) << label;
        EXPECT_FALSE(contains(server.log(), canary)) << label << "\n" << server.log();
        EXPECT_FALSE(contains(server.log(), fileCanary)) << label << "\n" << server.log();
    }

    // --check prints values on stdout by design (reveal=all), never in its log on stderr.
    const RunResult check =
        ServerProcess::run({"--check", "--define=logging.level=trace", "--define=display.reveal=all",
                            "--define=secrets.dirs=" + secrets.path()},
                           {{"POSTGRES_PASSWORD", canary}});
    EXPECT_TRUE(contains(check.out, canary));
    EXPECT_FALSE(contains(check.err, canary)) << check.err;
    EXPECT_FALSE(contains(check.err, fileCanary)) << check.err;
}

// --- Signals --------------------------------------------------------------------------

TEST(Operations, SigtermTurnsReadinessOffDuringTheDrainAndExitsZero)
{
    ServerProcess server({"--define=shutdown.drainDelay=2", "--define=readiness.requireAll=false"});
    ASSERT_EQ(server.get("/readyz").status, 200);
    server.signal(SIGTERM);
    bool sawNotReady = false;
    std::string failure;
    for (int attempt = 0; attempt < 2000 && !sawNotReady; ++attempt)
    {
        try
        {
            const auto answer = server.get("/readyz");
            sawNotReady = answer.status == 503;
            if (sawNotReady)
            {
                EXPECT_EQ(answer.body, "shutting down\n");
            }
        }
        catch (const Poco::Exception& e)
        {
            failure = e.displayText();
            break;
        }
    }
    EXPECT_TRUE(sawNotReady) << "the listener closed before /readyz answered 503: " << failure;
    EXPECT_EQ(server.waitForExit(), 0) << server.log();
}

TEST(Operations, RequestInFlightDuringSigtermCompletes)
{
    ServerProcess server;
    Poco::Net::StreamSocket client(Poco::Net::SocketAddress("127.0.0.1", server.port()));
    const std::string head = "GET /api/groups HTTP/1.1\r\nHost: t\r\n";
    client.sendBytes(head.data(), static_cast<int>(head.size()));
    ASSERT_TRUE(waitUntilServerHasRead(server.port(), client.address().port()))
        << "no server thread took the first half of the request";

    const std::size_t from = server.log().size();
    server.signal(SIGTERM);
    ASSERT_TRUE(server.waitForLog("shutting down", from)) << server.log();
    const std::string rest = "Connection: close\r\n\r\n";
    client.sendBytes(rest.data(), static_cast<int>(rest.size()));
    const std::string answer = readUntilClosed(client);

    EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
    const std::size_t bodyStart = answer.find("\r\n\r\n");
    ASSERT_NE(bodyStart, std::string::npos) << answer;
    EXPECT_NO_THROW(parseObject(answer.substr(bodyStart + 4))) << "the whole body arrived";
    EXPECT_EQ(server.waitForExit(), 0) << server.log();
}

TEST(Operations, SecondSignalDuringShutdownDoesNotKillIt)
{
    ServerProcess server({"--define=shutdown.drainDelay=2"});
    server.signal(SIGINT);
    ASSERT_TRUE(server.waitForLog("shutting down")) << server.log();
    server.signal(SIGINT);
    server.signal(SIGTERM);
    server.signal(SIGHUP);
    server.signal(SIGQUIT);
    EXPECT_EQ(server.waitForExit(), 0) << "130 would mean the second SIGINT killed it\n" << server.log();
}

TEST(Operations, Sigusr1IsIgnoredNotFatal)
{
    ServerProcess server;
    const std::size_t before = server.log().size();
    server.signal(SIGUSR1);
    ASSERT_TRUE(server.waitForLog("SIGUSR1 ignored", before)) << server.log();
    EXPECT_EQ(server.get("/healthz").status, 200);
}

TEST(Operations, ShutdownEndsWithinTheTimeoutDespiteASlowClient)
{
    ServerProcess server({"--define=shutdown.timeout=1"});
    // A client that sent half a header and stays: POCO holds that connection's lock while it
    // waits for the rest, which must not hold the shutdown up.
    Poco::Net::StreamSocket slow(Poco::Net::SocketAddress("127.0.0.1", server.port()));
    const std::string half = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    slow.sendBytes(half.data(), static_cast<int>(half.size()));
    ASSERT_TRUE(waitUntilServerHasRead(server.port(), slow.address().port())) << server.log();
    server.signal(SIGTERM);
    EXPECT_EQ(server.waitForExit(std::chrono::seconds(8)), 0) << server.log();
}

TEST(Operations, MalformedReadyzQueryIsNotAServerError)
{
    ServerProcess server;
    for (const char* target : {"/readyz?verbose&x=%zz", "/readyz?%", "/readyz?verbose=1&&&", "/readyz?x=verbose"})
    {
        const int status = server.get(target).status;
        EXPECT_TRUE(status == 200 || status == 503) << target << " gave " << status;
    }
    EXPECT_TRUE(contains(server.get("/readyz?x=1&verbose").body, "readyz check")) << "verbose after another field";
    EXPECT_FALSE(contains(server.get("/readyz?x=verbose").body, "readyz check")) << "a value is not the flag";
    EXPECT_FALSE(contains(server.log(), "request failed")) << server.log();
}

TEST(Operations, SighupKeepsTheServerRunning)
{
    ServerProcess server({}, {{"POSTGRES_USER", "lab"}});
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(reload(server)) << server.log();
    EXPECT_EQ(server.waitForExit(std::chrono::milliseconds(0)), -1) << "SIGHUP must not end the process";
    EXPECT_EQ(server.get("/healthz").status, 200);
    EXPECT_TRUE(contains(server.get("/").body, "lab"));
}

TEST(Operations, SighupLoadsAddedPluginsAndDropsRemovedOnes)
{
    TemporaryDirectory plugins;
    plugins.copyIn(pluginFile("libpostgresql-group.so"));
    plugins.copyIn(pluginFile("libredis-group.so"));
    ServerProcess server({"--plugins=" + plugins.path()}, {{"CSRF_SECRET", "s"}});
    EXPECT_EQ(groupNames(server), (std::vector<std::string>{"PostgreSQL", "Redis"}));

    plugins.copyIn(pluginFile("libapp-group.so"));
    ASSERT_TRUE(reload(server)) << server.log();
    EXPECT_EQ(groupNames(server), (std::vector<std::string>{"PostgreSQL", "Redis", "App"}));
    EXPECT_TRUE(contains(server.get("/").body, "<h2>App</h2>"));
    EXPECT_TRUE(contains(server.get("/version").body, "libapp-group.so"));

    plugins.remove("libredis-group.so");
    ASSERT_TRUE(reload(server)) << server.log();
    EXPECT_EQ(groupNames(server), (std::vector<std::string>{"PostgreSQL", "App"}));
    EXPECT_FALSE(contains(server.get("/").body, "<h2>Redis</h2>"));
    EXPECT_FALSE(contains(server.get("/version").body, "libredis-group.so"));
    EXPECT_FALSE(contains(server.get("/metrics").body, "group=\"Redis\""));
    EXPECT_EQ(server.get("/healthz").status, 200);
}

TEST(Operations, SighupRereadsJsonGroupFiles)
{
    TemporaryDirectory groups;
    ServerProcess server({"--define=groups.path=" + groups.path()}, {{"MEMCACHED_HOST", "mc"}});
    EXPECT_EQ(groupNames(server), (std::vector<std::string>{"PostgreSQL", "Redis", "App"}));

    groups.write("cache.json", R"({"name": "Cache", "description": "c", "vars": ["MEMCACHED_HOST"]})");
    ASSERT_TRUE(reload(server)) << server.log();
    EXPECT_EQ(groupNames(server), (std::vector<std::string>{"PostgreSQL", "Redis", "App", "Cache"}));

    // A broken file is reported; the good one keeps serving.
    groups.write("queue.json", "{\"name\": ");
    ASSERT_TRUE(reload(server)) << server.log();
    EXPECT_EQ(groupNames(server), (std::vector<std::string>{"PostgreSQL", "Redis", "App", "Cache"}));
    EXPECT_EQ(parseObject(server.get("/api/groups").body)->getArray("errors")->size(), 1u);
}

TEST(Operations, SighupUnderLoadLosesNoRequest)
{
    TemporaryDirectory plugins;
    for (const std::string name : {"libpostgresql-group.so", "libredis-group.so", "libjson-groups-group.so"})
        plugins.copyIn(pluginFile(name));
    ServerProcess server({"--plugins=" + plugins.path()}, {{"POSTGRES_USER", "lab"}});

    constexpr int CLIENTS = 2;
    constexpr int MIN_REQUESTS = 300;
    constexpr int MAX_REQUESTS = 20000; // bounds the loop if reloads stall
    std::atomic<bool> reloadsDone{false};
    std::mutex mutex;
    std::condition_variable started;
    int startedClients = 0;
    std::vector<int> ok(CLIENTS, 0), failed(CLIENTS, 0);
    std::vector<std::string> firstFailure(CLIENTS);

    std::vector<std::thread> clients;
    for (int c = 0; c < CLIENTS; ++c)
    {
        clients.emplace_back(
            [&, c]
            {
                Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
                session.setKeepAlive(true);
                session.setTimeout(Poco::Timespan(10, 0));
                for (int i = 0; i < MAX_REQUESTS && (i < MIN_REQUESTS || !reloadsDone); ++i)
                {
                    try
                    {
                        Poco::Net::HTTPRequest request("GET", "/api/groups", Poco::Net::HTTPMessage::HTTP_1_1);
                        session.sendRequest(request);
                        Poco::Net::HTTPResponse response;
                        std::string body;
                        Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
                        if (response.getStatus() == 200 && contains(body, "\"groups\""))
                            ++ok[c];
                        else
                        {
                            ++failed[c];
                            if (firstFailure[c].empty())
                                firstFailure[c] = "status " + std::to_string(response.getStatus());
                        }
                    }
                    catch (const Poco::Exception& e)
                    {
                        ++failed[c];
                        if (firstFailure[c].empty())
                            firstFailure[c] = e.displayText();
                        session.reset();
                    }
                    if (i == 0)
                    {
                        const std::lock_guard<std::mutex> lock(mutex);
                        ++startedClients;
                        started.notify_all();
                    }
                }
            });
    }
    {
        std::unique_lock<std::mutex> lock(mutex);
        EXPECT_TRUE(started.wait_for(lock, std::chrono::seconds(20), [&] { return startedClients == CLIENTS; }));
    }
    // Each reload really changes the catalog: the App plugin comes and goes.
    int reloads = 0;
    for (int r = 0; r < 6; ++r)
    {
        if (r % 2 == 0)
            plugins.copyIn(pluginFile("libapp-group.so"));
        else
            plugins.remove("libapp-group.so");
        if (reload(server))
            ++reloads;
    }
    reloadsDone = true;
    for (auto& client : clients)
        client.join();

    EXPECT_EQ(reloads, 6) << server.log();
    for (int c = 0; c < CLIENTS; ++c)
    {
        EXPECT_GE(ok[c], MIN_REQUESTS) << "client " << c;
        EXPECT_EQ(failed[c], 0) << "client " << c << ": first failure: " << firstFailure[c];
    }
    EXPECT_EQ(server.waitForExit(std::chrono::milliseconds(0)), -1);
}
