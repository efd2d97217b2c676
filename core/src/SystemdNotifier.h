//
// SystemdNotifier.h
//
// Tells systemd (Type=notify) when the server is ready, reloading or stopping, and pets its watchdog.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_SYSTEMDNOTIFIER_INCLUDED
#define LABMOCK_SYSTEMDNOTIFIER_INCLUDED

#include <Poco/SharedLibrary.h>
#include <Poco/Timespan.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace labmock
{

/// Sends sd_notify(3) messages (libsystemd) to the service manager named by $NOTIFY_SOCKET:
/// READY=1 with a STATUS= line once every listener accepts, RELOADING=1 … READY=1 around a
/// reload, STOPPING=1 when shutdown begins. Without $NOTIFY_SOCKET every call does nothing,
/// and libsystemd is not even loaded: it is opened only when a manager waits, so a start
/// outside systemd does not map it and its six libraries (about 2.5 ms of every start).
///
/// The watchdog (WatchdogSec=, seen as $WATCHDOG_USEC) is petted from the event loops, not
/// from a timer thread: each loop calls heartbeat() every heartbeatInterval() on its own
/// thread, and WATCHDOG=1 goes out only when every expected loop has beaten since the last
/// one, so a single wedged loop stops the petting and systemd restarts the server. The
/// message itself is sent by a thread of the notifier's (started only with a watchdog): a
/// manager that reads its socket slowly must never block an event loop.
///
/// All functions may be called from any thread.
class SystemdNotifier
{
public:
    /// Reads $NOTIFY_SOCKET and $WATCHDOG_USEC / $WATCHDOG_PID once.
    SystemdNotifier();

    /// Stops the watchdog thread.
    ~SystemdNotifier();

    SystemdNotifier(const SystemdNotifier&) = delete;
    SystemdNotifier& operator=(const SystemdNotifier&) = delete;

    /// True when a service manager waits for notifications ($NOTIFY_SOCKET is set).
    bool enabled() const;

    /// True when the manager expects WATCHDOG=1 messages (WatchdogSec= is set).
    bool watchdogEnabled() const;

    /// The watchdog timeout systemd enforces; zero when there is none.
    Poco::Timespan watchdogTimeout() const;

    /// How often each event loop should call heartbeat(): a quarter of the watchdog
    /// timeout, so a late beat or two never lets the timeout pass; zero when there is none.
    Poco::Timespan heartbeatInterval() const;

    /// READY=1 and STATUS=status (one line): the server accepts connections. Nothing once
    /// stopping() was sent (a reload that ends during shutdown does not undo it).
    void ready(const std::string& status);

    /// RELOADING=1 (with MONOTONIC_USEC=, which systemd 253 and later ask for) and STATUS=.
    /// Nothing once stopping() was sent.
    void reloading(const std::string& status);

    /// STOPPING=1 and STATUS=status: shutdown has begun.
    void stopping(const std::string& status);

    /// The number of event loops that must each beat between two WATCHDOG=1 messages.
    /// Until it is set (non-zero), heartbeats send nothing.
    void expectHeartbeats(std::size_t loops);

    /// Called periodically by each event loop on its own thread; has WATCHDOG=1 sent when
    /// every expected loop has beaten since the last one was sent. Never blocks on the socket.
    void heartbeat();

private:
    void notify(const std::string& state);
    /// The watchdog thread: sends WATCHDOG=1 each time heartbeat() says it is due.
    void sendWatchdogs();

    bool _enabled = false;
    Poco::SharedLibrary _libsystemd; ///< never unloaded
    int (*_sdNotify)(int, const char*) = nullptr;
    std::uint64_t _watchdogUsec = 0;
    std::mutex _stateMutex; ///< held while READY=1, RELOADING=1 or STOPPING=1 goes out: they keep their order
    bool _stopping = false;
    std::mutex _mutex; ///< guards what follows; never held while sending, as the event loops take it
    std::size_t _expected = 0;
    std::vector<std::thread::id> _beaten;
    bool _watchdogDue = false;
    bool _closing = false;
    std::condition_variable _wake;
    std::thread _sender;
};

} // namespace labmock

#endif // LABMOCK_SYSTEMDNOTIFIER_INCLUDED
