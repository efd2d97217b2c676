//
// SystemdNotifyIntegrationTest.cpp
//
// Type=notify, proved: the real binary with a datagram socket of the test's own as
// $NOTIFY_SOCKET, as systemd would run it. READY=1 comes once every listener accepts,
// SIGHUP gives RELOADING=1 then READY=1, SIGTERM gives STOPPING=1, and $WATCHDOG_USEC
// brings WATCHDOG=1 messages from the event loops.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ServerProcess.h"
#include "TemporaryDirectory.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

namespace
{

using labmock::test::ServerProcess;
using labmock::test::TemporaryDirectory;
using namespace std::chrono_literals;

/// The service manager's end: an AF_UNIX datagram socket bound to a path, as systemd's
/// notification socket is. One test thread.
class NotifySocket
{
public:
    explicit NotifySocket(const std::string& path) : _path(path)
    {
        _fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
        if (_fd < 0 || ::bind(_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
            throw std::runtime_error("cannot bind " + path + ": " + std::strerror(errno));
    }

    ~NotifySocket()
    {
        ::close(_fd);
    }

    NotifySocket(const NotifySocket&) = delete;
    NotifySocket& operator=(const NotifySocket&) = delete;

    const std::string& path() const
    {
        return _path;
    }

    /// The next message, or nothing within limit.
    std::optional<std::string> receive(std::chrono::milliseconds limit = 20s)
    {
        timeval timeout{};
        timeout.tv_sec = static_cast<time_t>(limit.count() / 1000);
        timeout.tv_usec = static_cast<suseconds_t>((limit.count() % 1000) * 1000);
        ::setsockopt(_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        char buffer[4096];
        const ssize_t n = ::recv(_fd, buffer, sizeof buffer, 0);
        if (n < 0)
            return std::nullopt;
        return std::string(buffer, static_cast<std::size_t>(n));
    }

    /// The next message that is not WATCHDOG=1 alone, or nothing within limit.
    std::optional<std::string> receiveState(std::chrono::milliseconds limit = 20s)
    {
        for (;;)
        {
            auto message = receive(limit);
            if (!message || *message != "WATCHDOG=1")
                return message;
        }
    }

private:
    std::string _path;
    int _fd = -1;
};

/// The binary with exactly env (and PATH), its output in a file; not waiting for anything.
class Server
{
public:
    Server(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
           const std::string& logPath)
        : _logPath(logPath)
    {
        std::vector<std::string> strings{ServerProcess::binary()};
        strings.insert(strings.end(), args.begin(), args.end());
        std::vector<std::string> environment{"PATH=/usr/local/bin:/usr/bin:/bin"};
        for (const auto& [name, value] : env)
            environment.push_back(name + "=" + value);
        std::vector<char*> argv, envp;
        for (auto& s : strings)
            argv.push_back(s.data());
        argv.push_back(nullptr);
        for (auto& s : environment)
            envp.push_back(s.data());
        envp.push_back(nullptr);
        _pid = ::fork();
        if (_pid == 0)
        {
            const int log = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            ::dup2(log, 1);
            ::dup2(log, 2);
            sigset_t none;
            sigemptyset(&none);
            ::sigprocmask(SIG_SETMASK, &none, nullptr);
            ::execve(argv[0], argv.data(), envp.data());
            ::_exit(127);
        }
    }

    ~Server()
    {
        if (_pid > 0 && _exitCode < 0)
        {
            ::kill(_pid, SIGKILL);
            ::waitpid(_pid, nullptr, 0);
        }
    }

    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    void signal(int signal) const
    {
        ::kill(_pid, signal);
    }

    /// The exit code; -1 if it has not exited within limit.
    int waitForExit(std::chrono::milliseconds limit = 20s)
    {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (_exitCode < 0)
        {
            int status = 0;
            if (::waitpid(_pid, &status, WNOHANG) == _pid)
                _exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            else if (std::chrono::steady_clock::now() > deadline)
                return -1;
            else
                std::this_thread::sleep_for(10ms); // polling a child's exit: no readiness signal exists
        }
        return _exitCode;
    }

    std::string log() const
    {
        std::ifstream in(_logPath);
        std::ostringstream out;
        out << in.rdbuf();
        return out.str();
    }

private:
    std::string _logPath;
    pid_t _pid = -1;
    int _exitCode = -1;
};

/// Connects to 127.0.0.1:port; true when the connection is accepted.
bool accepts(unsigned short port)
{
    try
    {
        Poco::Net::StreamSocket socket;
        socket.connect(Poco::Net::SocketAddress("127.0.0.1", port), Poco::Timespan(5, 0));
        return true;
    }
    catch (const Poco::Exception&)
    {
        return false;
    }
}

class SystemdNotify : public ::testing::Test
{
protected:
    TemporaryDirectory dir;
    NotifySocket notify{dir.file("notify")};

    std::map<std::string, std::string> environment() const
    {
        return {{"NOTIFY_SOCKET", notify.path()}};
    }

    std::vector<std::string> arguments() const
    {
        // Both listeners on free ports; STATUS names them.
        return {"--address=127.0.0.1", "--port=0", "--define", "http.probePort=0"};
    }
};

const std::regex STATUS("STATUS=serving ([0-9]+) variables, ([0-9]+) missing, on 127\\.0\\.0\\.1:([0-9]+); "
                        "probes on 127\\.0\\.0\\.1:([0-9]+)");

TEST_F(SystemdNotify, ReadyComesOnceBothListenersAccept)
{
    Server server(arguments(), environment(), dir.file("log"));
    const auto ready = notify.receive();
    ASSERT_TRUE(ready) << "no notification within the limit\n" << server.log();
    // The first message is READY=1 with its status: nothing was announced before it.
    std::smatch match;
    ASSERT_EQ(ready->rfind("READY=1\n", 0), 0u) << *ready;
    ASSERT_TRUE(std::regex_search(*ready, match, STATUS)) << *ready;
    // The page port and the probe port accept the moment READY=1 is read.
    EXPECT_TRUE(accepts(static_cast<unsigned short>(std::stoi(match[3]))));
    EXPECT_TRUE(accepts(static_cast<unsigned short>(std::stoi(match[4]))));
    // The original's 8 variables and Redis's optional two, none set in this environment.
    EXPECT_EQ(match[1], "10");
    EXPECT_EQ(match[2], "10");
    server.signal(SIGTERM);
    EXPECT_EQ(server.waitForExit(), 0) << server.log();
}

TEST_F(SystemdNotify, ReloadIsAnnouncedThenReadyAgain)
{
    auto env = environment();
    env["POSTGRES_USER"] = "lab";
    Server server(arguments(), env, dir.file("log"));
    const auto ready = notify.receive();
    ASSERT_TRUE(ready && ready->rfind("READY=1\n", 0) == 0) << server.log();
    EXPECT_NE(ready->find("serving 10 variables, 9 missing"), std::string::npos) << *ready;

    server.signal(SIGHUP);
    const auto reloading = notify.receive();
    ASSERT_TRUE(reloading) << server.log();
    EXPECT_EQ(reloading->rfind("RELOADING=1\n", 0), 0u) << *reloading;
    EXPECT_TRUE(std::regex_search(*reloading, std::regex("\nMONOTONIC_USEC=[0-9]+\n"))) << *reloading;
    const auto readyAgain = notify.receive();
    ASSERT_TRUE(readyAgain) << server.log();
    EXPECT_EQ(readyAgain->rfind("READY=1\n", 0), 0u) << *readyAgain;
    EXPECT_TRUE(std::regex_search(*readyAgain, STATUS)) << *readyAgain;
    EXPECT_NE(server.log().find("reloaded"), std::string::npos) << server.log();

    server.signal(SIGTERM);
    EXPECT_EQ(server.waitForExit(), 0) << server.log();
}

TEST_F(SystemdNotify, TermSendsStoppingFirst)
{
    Server server(arguments(), environment(), dir.file("log"));
    const auto ready = notify.receive();
    ASSERT_TRUE(ready && ready->rfind("READY=1\n", 0) == 0) << server.log();
    server.signal(SIGTERM);
    const auto stopping = notify.receive();
    ASSERT_TRUE(stopping) << server.log();
    EXPECT_EQ(stopping->rfind("STOPPING=1\n", 0), 0u) << *stopping;
    EXPECT_NE(stopping->find("STATUS=shutting down (SIGTERM)"), std::string::npos) << *stopping;
    EXPECT_EQ(server.waitForExit(), 0) << server.log();
    // Nothing after STOPPING=1: the socket stays silent once the process has gone.
    EXPECT_FALSE(notify.receive(1ms)) << "a message after the process ended";
}

TEST_F(SystemdNotify, WatchdogIsPettedByTheEventLoops)
{
    auto env = environment();
    env["WATCHDOG_USEC"] = "400000"; // 0.4 s: each loop beats every 0.1 s
    Server server(arguments(), env, dir.file("log"));
    const auto ready = notify.receiveState();
    ASSERT_TRUE(ready && ready->rfind("READY=1\n", 0) == 0) << server.log();
    int pets = 0;
    while (pets < 5)
    {
        const auto message = notify.receive();
        ASSERT_TRUE(message) << "only " << pets << " WATCHDOG=1 messages\n" << server.log();
        ASSERT_EQ(*message, "WATCHDOG=1");
        ++pets;
    }
    EXPECT_NE(server.log().find("systemd watchdog: 400 ms"), std::string::npos) << server.log();
    // The watchdog does not hide the other messages.
    server.signal(SIGHUP);
    const auto reloading = notify.receiveState();
    ASSERT_TRUE(reloading) << server.log();
    EXPECT_EQ(reloading->rfind("RELOADING=1\n", 0), 0u) << *reloading;
    const auto readyAgain = notify.receiveState();
    ASSERT_TRUE(readyAgain) << server.log();
    EXPECT_EQ(readyAgain->rfind("READY=1\n", 0), 0u) << *readyAgain;
    server.signal(SIGTERM);
    const auto stopping = notify.receiveState();
    ASSERT_TRUE(stopping) << server.log();
    EXPECT_EQ(stopping->rfind("STOPPING=1\n", 0), 0u) << *stopping;
    EXPECT_EQ(server.waitForExit(), 0) << server.log();
}

TEST_F(SystemdNotify, AManagerThatStopsReadingNeverBlocksTheEventLoops)
{
    auto env = environment();
    env["WATCHDOG_USEC"] = "40000"; // a WATCHDOG=1 every 10 ms
    auto args = arguments();
    args.push_back("--define");
    args.push_back("http.probePort=0");
    Server server(args, env, dir.file("log"));
    const auto ready = notify.receiveState();
    ASSERT_TRUE(ready && ready->rfind("READY=1\n", 0) == 0) << server.log();
    std::smatch match;
    ASSERT_TRUE(std::regex_search(*ready, match, STATUS)) << *ready;
    const auto port = static_cast<unsigned short>(std::stoi(match[3]));
    // Nothing is read from now on: the socket's queue (net.unix.max_dgram_qlen, 10 on Debian's
    // default kernel settings here) is full within a fraction of the 3 s, and a send to it blocks.
    const auto until = std::chrono::steady_clock::now() + 3s;
    int answered = 0;
    while (std::chrono::steady_clock::now() < until)
    {
        Poco::Net::HTTPClientSession session("127.0.0.1", port);
        session.setTimeout(Poco::Timespan(5, 0));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/livez", Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        session.receiveResponse(response).ignore(1 << 16);
        ASSERT_EQ(response.getStatus(), 200) << "after " << answered << " answers\n" << server.log();
        ++answered;
        server.signal(SIGHUP); // RELOADING=1 and READY=1 wait for the queue too, on their own thread
    }
    // The manager reads again: the stop is announced behind the queued messages.
    server.signal(SIGTERM);
    std::optional<std::string> state;
    while ((state = notify.receiveState()) && state->rfind("STOPPING=1\n", 0) != 0)
        ; // the reloads announced before it
    ASSERT_TRUE(state) << server.log();
    EXPECT_EQ(server.waitForExit(), 0) << server.log();
}

TEST_F(SystemdNotify, NoWatchdogForAnotherProcess)
{
    // $WATCHDOG_PID names the process systemd watches; any other process must not pet.
    auto env = environment();
    env["WATCHDOG_USEC"] = "400000";
    env["WATCHDOG_PID"] = "1";
    Server server(arguments(), env, dir.file("log"));
    const auto ready = notify.receive();
    ASSERT_TRUE(ready && ready->rfind("READY=1\n", 0) == 0) << server.log();
    server.signal(SIGTERM);
    // The next message is STOPPING=1, not WATCHDOG=1 (which would have come every 0.1 s).
    const auto next = notify.receive();
    ASSERT_TRUE(next) << server.log();
    EXPECT_EQ(next->rfind("STOPPING=1\n", 0), 0u) << *next;
    EXPECT_EQ(server.waitForExit(), 0) << server.log();
    EXPECT_EQ(server.log().find("systemd watchdog"), std::string::npos) << server.log();
}

} // namespace
