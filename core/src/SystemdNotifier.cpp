//
// SystemdNotifier.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "SystemdNotifier.h"

#include <Poco/Environment.h>
#include <Poco/Logger.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <systemd/sd-daemon.h>

namespace labmock
{

namespace
{

/// A status line as systemd shows it: one line, whatever the caller passed.
std::string oneLine(std::string text)
{
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return text;
}

std::uint64_t monotonicMicroseconds()
{
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<std::uint64_t>(now.tv_sec) * 1000000u + static_cast<std::uint64_t>(now.tv_nsec) / 1000u;
}

} // namespace

SystemdNotifier::SystemdNotifier() : _enabled(Poco::Environment::has("NOTIFY_SOCKET"))
{
    if (!_enabled)
        return;
    try
    {
        _libsystemd.load("libsystemd.so.0");
        _sdNotify = reinterpret_cast<decltype(&::sd_notify)>(_libsystemd.getSymbol("sd_notify"));
        const auto watchdogEnabled =
            reinterpret_cast<decltype(&::sd_watchdog_enabled)>(_libsystemd.getSymbol("sd_watchdog_enabled"));
        std::uint64_t usec = 0;
        // Also checks $WATCHDOG_PID, when set, against this process.
        if (watchdogEnabled(0, &usec) > 0)
            _watchdogUsec = usec;
    }
    catch (const Poco::Exception& e)
    {
        _enabled = false;
        Poco::Logger::get("lab-mock-server")
            .error("$NOTIFY_SOCKET is set, but libsystemd cannot be used: " + e.displayText()
                   + "; the service manager is not told that the server is ready");
    }
}

SystemdNotifier::~SystemdNotifier()
{
    {
        const std::lock_guard<std::mutex> lock(_mutex);
        _closing = true;
    }
    _wake.notify_all();
    if (_sender.joinable())
        _sender.join();
}

bool SystemdNotifier::enabled() const
{
    return _enabled;
}

bool SystemdNotifier::watchdogEnabled() const
{
    return _watchdogUsec > 0;
}

Poco::Timespan SystemdNotifier::watchdogTimeout() const
{
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(_watchdogUsec));
}

Poco::Timespan SystemdNotifier::heartbeatInterval() const
{
    if (_watchdogUsec == 0)
        return Poco::Timespan();
    return Poco::Timespan(
        std::max<Poco::Timespan::TimeDiff>(10000, static_cast<Poco::Timespan::TimeDiff>(_watchdogUsec / 4)));
}

void SystemdNotifier::ready(const std::string& status)
{
    const std::lock_guard<std::mutex> lock(_stateMutex);
    if (_stopping)
        return;
    notify("READY=1\nSTATUS=" + oneLine(status));
}

void SystemdNotifier::reloading(const std::string& status)
{
    const std::lock_guard<std::mutex> lock(_stateMutex);
    if (_stopping)
        return;
    notify("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(monotonicMicroseconds()) + "\nSTATUS=" + oneLine(status));
}

void SystemdNotifier::stopping(const std::string& status)
{
    const std::lock_guard<std::mutex> lock(_stateMutex);
    _stopping = true;
    notify("STOPPING=1\nSTATUS=" + oneLine(status));
}

void SystemdNotifier::expectHeartbeats(std::size_t loops)
{
    const std::lock_guard<std::mutex> lock(_mutex);
    _expected = loops;
    _beaten.clear();
    if (_enabled && _watchdogUsec > 0 && !_sender.joinable())
        _sender = std::thread([this] { sendWatchdogs(); });
}

void SystemdNotifier::heartbeat()
{
    if (_watchdogUsec == 0)
        return;
    {
        const std::lock_guard<std::mutex> lock(_mutex);
        if (_expected == 0)
            return;
        const std::thread::id self = std::this_thread::get_id();
        if (std::find(_beaten.begin(), _beaten.end(), self) == _beaten.end())
            _beaten.push_back(self);
        if (_beaten.size() < _expected)
            return;
        _beaten.clear();
        _watchdogDue = true;
    }
    _wake.notify_one();
}

void SystemdNotifier::sendWatchdogs()
{
    std::unique_lock<std::mutex> lock(_mutex);
    for (;;)
    {
        _wake.wait(lock, [this] { return _watchdogDue || _closing; });
        if (_closing)
            return;
        _watchdogDue = false;
        lock.unlock();
        notify("WATCHDOG=1");
        lock.lock();
    }
}

void SystemdNotifier::notify(const std::string& state)
{
    if (!_enabled)
        return;
    const int result = _sdNotify(0, state.c_str());
    if (result < 0)
        Poco::Logger::get("lab-mock-server")
            .warning("cannot notify systemd ($NOTIFY_SOCKET): " + std::string(std::strerror(-result)));
}

} // namespace labmock
