//
// ConcurrencyIntegrationTest.cpp
//
// Every route of the real binary under load while reloads and stray signals arrive.
// Labelled `concurrency`: CI runs these under ThreadSanitizer as well.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "OpsFixtures.h"
#include "ServerProcess.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <functional>
#include <mutex>
#include <thread>

using labmock::test::contains;
using labmock::test::parseObject;
using labmock::test::pluginFile;
using labmock::test::ServerProcess;
using labmock::test::TemporaryDirectory;

namespace
{

/// Each route with what a sound answer looks like.
struct RouteCheck
{
    const char* target;
    std::function<bool(int status, const std::string& body)> sound;
};

const std::vector<RouteCheck>& routeChecks()
{
    static const std::vector<RouteCheck> checks{
        {"/", [](int s, const std::string& b) { return s == 200 && contains(b, "</html>"); }},
        {"/api/groups",
         [](int s, const std::string& b) { return s == 200 && parseObject(b)->getArray("groups")->size() >= 3; }},
        {"/healthz", [](int s, const std::string& b) { return s == 200 && b == "ok\n"; }},
        {"/livez", [](int s, const std::string& b) { return s == 200 && b == "ok\n"; }},
        {"/readyz?verbose",
         [](int s, const std::string& b) { return (s == 200 || s == 503) && contains(b, "readyz"); }},
        {"/metrics", [](int s, const std::string& b) { return s == 200 && contains(b, "labmock_variables"); }},
        {"/version",
         [](int s, const std::string& b) { return s == 200 && parseObject(b)->getArray("plugins")->size() >= 3; }},
    };
    return checks;
}

/// Clients that cycle through every route until stopped, and count answers that are not
/// sound (wrong status, garbled body, connection lost). Even clients keep their connection
/// alive; odd ones open a new connection per request, so connections close all the time
/// while reloads fork their plugin pre-flight children.
class RouteLoad
{
public:
    RouteLoad(unsigned short port, int clients)
    {
        for (int c = 0; c < clients; ++c)
            _threads.emplace_back([this, port, c] { run(port, c % 2 == 0); });
    }

    ~RouteLoad()
    {
        stop();
    }

    void stop()
    {
        _stop = true;
        for (auto& thread : _threads)
            if (thread.joinable())
                thread.join();
    }

    /// Blocks until at least n answers were checked.
    void waitForAnswers(long n) const
    {
        while (_answers < n && _failures == 0)
            std::this_thread::yield();
    }

    long answers() const
    {
        return _answers;
    }
    long failures() const
    {
        return _failures;
    }
    std::string firstFailure() const
    {
        const std::lock_guard<std::mutex> lock(_mutex);
        return _firstFailure;
    }

private:
    void fail(const std::string& what)
    {
        ++_failures;
        const std::lock_guard<std::mutex> lock(_mutex);
        if (_firstFailure.empty())
            _firstFailure = what;
    }

    void run(unsigned short port, bool keepAlive)
    {
        Poco::Net::HTTPClientSession session("127.0.0.1", port);
        session.setKeepAlive(keepAlive);
        session.setTimeout(Poco::Timespan(20, 0));
        for (std::size_t i = 0; !_stop; ++i)
        {
            const RouteCheck& check = routeChecks()[i % routeChecks().size()];
            try
            {
                Poco::Net::HTTPRequest request("GET", check.target, Poco::Net::HTTPMessage::HTTP_1_1);
                session.sendRequest(request);
                Poco::Net::HTTPResponse response;
                std::string body;
                Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
                if (!check.sound(static_cast<int>(response.getStatus()), body))
                    fail(std::string(check.target) + ": status " + std::to_string(response.getStatus()) + ", body "
                         + body.substr(0, 200));
            }
            catch (const std::exception& e)
            {
                fail(std::string(check.target) + ": " + e.what());
                session.reset();
            }
            ++_answers;
        }
    }

    std::atomic<bool> _stop{false};
    std::atomic<long> _answers{0};
    std::atomic<long> _failures{0};
    mutable std::mutex _mutex;
    std::string _firstFailure;
    std::vector<std::thread> _threads;
};

/// A plugin folder with the shipped plugins and a groups folder with one drop-in: every
/// reload loads, scans and swaps a whole catalog.
struct ReloadableSetup
{
    TemporaryDirectory plugins;
    TemporaryDirectory groups;

    ReloadableSetup()
    {
        for (const std::string name :
             {"libpostgresql-group.so", "libredis-group.so", "libapp-group.so", "libjson-groups-group.so"})
            plugins.copyIn(pluginFile(name));
        groups.write("cache.json", R"({"name": "Cache", "description": "c", "vars": ["MEMCACHED_HOST"]})");
    }

    std::vector<std::string> args() const
    {
        return {"--plugins=" + plugins.path(), "--define=groups.path=" + groups.path()};
    }
};

} // namespace

TEST(Concurrency, EveryRouteStaysSoundThroughAReloadStorm)
{
    constexpr int RELOADS = 100;
    ReloadableSetup setup;
    ServerProcess server(setup.args(), {{"POSTGRES_USER", "lab"}, {"POSTGRES_PASSWORD", "pw"}});
    RouteLoad load(server.port(), 2);
    load.waitForAnswers(50);

    for (int reload = 0; reload < RELOADS && load.failures() == 0; ++reload)
    {
        const std::size_t from = server.log().size();
        server.signal(SIGHUP);
        ASSERT_TRUE(server.waitForLog("reloaded", from, std::chrono::seconds(30)))
            << "reload " << reload << " did not finish\n"
            << server.log().substr(from);
    }
    load.stop();

    EXPECT_EQ(load.failures(), 0) << load.firstFailure();
    EXPECT_GT(load.answers(), RELOADS);
    server.signal(SIGTERM);
    EXPECT_EQ(server.waitForExit(), 0) << server.log();
}

TEST(Concurrency, StraySignalsUnderLoadAreLoggedNotFatal)
{
    ReloadableSetup setup;
    ServerProcess server(setup.args());
    RouteLoad load(server.port(), 2);
    load.waitForAnswers(20);
    for (const int signal : {SIGUSR1, SIGUSR2, SIGALRM, SIGHUP, SIGUSR2, SIGALRM, SIGUSR1})
    {
        const std::size_t from = server.log().size();
        server.signal(signal);
        ASSERT_TRUE(server.waitForLog(signal == SIGHUP ? "reloaded" : "ignored", from)) << server.log().substr(from);
    }
    load.waitForAnswers(load.answers() + 20);
    load.stop();
    EXPECT_EQ(load.failures(), 0) << load.firstFailure();
    EXPECT_EQ(server.get("/healthz").status, 200);
    server.signal(SIGTERM);
    EXPECT_EQ(server.waitForExit(), 0) << server.log();
}
