//
// SystemdNotifierTest.cpp
//
// SystemdNotifier against a datagram socket of the test's own: nothing without
// $NOTIFY_SOCKET, and WATCHDOG=1 only once every expected event loop thread has beaten.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "SystemdNotifier.h"
#include "TemporaryDirectory.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <future>
#include <optional>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

namespace
{

using labmock::SystemdNotifier;
using labmock::test::TemporaryDirectory;

/// The manager's end, bound to a path; receive() waits only when told to.
class Manager
{
public:
    explicit Manager(const std::string& path)
    {
        _fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
        if (_fd < 0 || ::bind(_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
            throw std::runtime_error("cannot bind " + path);
    }

    ~Manager()
    {
        ::close(_fd);
    }

    /// A message already sent (sd_notify returns once it is queued), or nothing. WATCHDOG=1
    /// goes out from the notifier's own thread: wait for it up to limit.
    std::optional<std::string> receive(std::chrono::milliseconds limit = std::chrono::milliseconds(0))
    {
        pollfd readable{_fd, POLLIN, 0};
        if (limit.count() > 0 && ::poll(&readable, 1, static_cast<int>(limit.count())) <= 0)
            return std::nullopt;
        char buffer[4096];
        const ssize_t n = ::recv(_fd, buffer, sizeof buffer, 0);
        if (n < 0)
            return std::nullopt;
        return std::string(buffer, static_cast<std::size_t>(n));
    }

private:
    int _fd = -1;
};

/// Sets the variables systemd would, for the lifetime of a test.
class ServiceEnvironment
{
public:
    ServiceEnvironment(const std::string& socket, const char* watchdogUsec)
    {
        ::setenv("NOTIFY_SOCKET", socket.c_str(), 1);
        if (watchdogUsec)
            ::setenv("WATCHDOG_USEC", watchdogUsec, 1);
        ::unsetenv("WATCHDOG_PID");
    }

    ~ServiceEnvironment()
    {
        ::unsetenv("NOTIFY_SOCKET");
        ::unsetenv("WATCHDOG_USEC");
    }
};

TEST(SystemdNotifier, DoesNothingWithoutNotifySocket)
{
    ::unsetenv("NOTIFY_SOCKET");
    ::setenv("WATCHDOG_USEC", "1000000", 1);
    SystemdNotifier notifier;
    ::unsetenv("WATCHDOG_USEC");
    EXPECT_FALSE(notifier.enabled());
    EXPECT_FALSE(notifier.watchdogEnabled());
    EXPECT_EQ(notifier.heartbeatInterval().totalMicroseconds(), 0);
}

TEST(SystemdNotifier, StatusIsOneLineAndNothingFollowsStopping)
{
    TemporaryDirectory dir;
    Manager manager(dir.file("notify"));
    const ServiceEnvironment env(dir.file("notify"), nullptr);
    SystemdNotifier notifier;
    ASSERT_TRUE(notifier.enabled());
    notifier.ready("serving 8 variables,\n2 missing");
    EXPECT_EQ(manager.receive(), std::optional<std::string>("READY=1\nSTATUS=serving 8 variables, 2 missing"));
    notifier.stopping("shutting down");
    EXPECT_EQ(manager.receive(), std::optional<std::string>("STOPPING=1\nSTATUS=shutting down"));
    // A reload that ends during shutdown does not announce the service ready again.
    notifier.reloading("reloading");
    notifier.ready("serving");
    EXPECT_EQ(manager.receive(), std::nullopt);
}

TEST(SystemdNotifier, WatchdogNeedsABeatFromEveryLoop)
{
    TemporaryDirectory dir;
    Manager manager(dir.file("notify"));
    const ServiceEnvironment env(dir.file("notify"), "2000000");
    SystemdNotifier notifier;
    ASSERT_TRUE(notifier.watchdogEnabled());
    EXPECT_EQ(notifier.heartbeatInterval().totalMilliseconds(), 500);
    notifier.expectHeartbeats(2);

    // Two loop threads, alive together (a thread id may be reused once one has ended).
    std::promise<void> firstBeaten, secondGo, secondBeaten, release;
    const std::shared_future<void> released = release.get_future().share();
    std::thread first(
        [&]
        {
            for (int i = 0; i < 10; ++i)
                notifier.heartbeat();
            firstBeaten.set_value();
            released.wait();
        });
    std::thread second(
        [&]
        {
            secondGo.get_future().wait();
            notifier.heartbeat();
            secondBeaten.set_value();
            released.wait();
        });
    // One loop beats again and again while the other is wedged: no WATCHDOG=1.
    firstBeaten.get_future().wait();
    EXPECT_EQ(manager.receive(), std::nullopt);
    // The second loop beats: one WATCHDOG=1, and the next round starts empty.
    secondGo.set_value();
    secondBeaten.get_future().wait();
    EXPECT_EQ(manager.receive(std::chrono::seconds(20)), std::optional<std::string>("WATCHDOG=1"));
    // Nothing else follows: neither a message the wedged round sent late nor a second one.
    EXPECT_EQ(manager.receive(std::chrono::milliseconds(200)), std::nullopt);
    release.set_value();
    first.join();
    second.join();
}

} // namespace
