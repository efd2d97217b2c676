//
// AccessLog.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "AccessLog.h"

#include "Disclosure.h"

#include <Poco/Logger.h>
#include <Poco/NumberFormatter.h>

#include <algorithm>

namespace labmock
{

AccessLog::AccessLog(Poco::Logger& logger, bool enabled, const std::vector<std::string>& skipPaths,
                     const std::string& basePath, std::size_t capacity)
    : _logger(logger), _enabled(enabled), _capacity(std::max<std::size_t>(capacity, 1))
{
    for (const auto& path : skipPaths)
        _skipPaths.push_back(basePath + path);
    _writer = std::thread(&AccessLog::writeQueued, this);
}

AccessLog::~AccessLog()
{
    stop();
}

bool AccessLog::enabled() const
{
    return _enabled && _logger.information();
}

void AccessLog::record(const std::string& client, const std::string& method, const std::string& target, int status,
                       std::size_t bytes, double seconds)
{
    if (!enabled())
        return;
    const std::string path = pathOf(target);
    if (std::find(_skipPaths.begin(), _skipPaths.end(), path) != _skipPaths.end())
        return;
    const std::string safePath = Disclosure::printable(path);
    const std::string safeMethod = Disclosure::printable(method);
    const std::string duration = Poco::NumberFormatter::format(seconds * 1000, 3);
    Poco::Message message(_logger.name(),
                          client + " " + safeMethod + " " + safePath + " " + std::to_string(status) + " "
                              + std::to_string(bytes) + " " + duration + "ms",
                          Poco::Message::PRIO_INFORMATION);
    message.set("client", client);
    message.set("method", safeMethod);
    message.set("path", safePath);
    message.set("status", std::to_string(status));
    message.set("bytes", std::to_string(bytes));
    message.set("durationMs", duration);

    std::unique_lock<std::mutex> lock(_mutex);
    if (_stopping)
    {
        lock.unlock();
        _logger.log(message);
        return;
    }
    if (_queue.size() >= _capacity)
    {
        _dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    _queue.push_back(std::move(message));
    const bool wasEmpty = _queue.size() == 1; // the writer waits only on an empty queue
    lock.unlock();
    if (wasEmpty)
        _queued.notify_one();
}

void AccessLog::stop()
{
    {
        const std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _queued.notify_one();
    std::call_once(_joined, [this] { _writer.join(); }); // a second caller waits for the first
}

std::uint64_t AccessLog::dropped() const
{
    return _dropped.load(std::memory_order_relaxed);
}

void AccessLog::renderMetrics(std::string& out) const
{
    out += "# HELP labmock_access_log_dropped_total Access log lines dropped: the log fell behind or failed.\n"
           "# TYPE labmock_access_log_dropped_total counter\n"
           "labmock_access_log_dropped_total "
           + std::to_string(dropped()) + "\n";
}

std::string AccessLog::pathOf(const std::string& target)
{
    const std::string bare = target.substr(0, target.find_first_of("?#")); // the query could carry a secret
    if (bare.empty() || bare[0] == '/' || bare == "*")
        return bare;
    // Absolute form (a proxy's request): scheme://user:password@host/path. The user info
    // ends at the last '@': a password may hold a '/' (cutting a path with an '@' too short).
    const std::size_t scheme = bare.find("://");
    const std::size_t at = bare.rfind('@');
    const std::size_t authority = at != std::string::npos ? at : scheme != std::string::npos ? scheme + 3 : 0;
    const std::size_t slash = bare.find('/', authority);
    return slash == std::string::npos ? "/" : bare.substr(slash);
}

void AccessLog::writeQueued()
{
    std::vector<Poco::Message> batch;
    std::unique_lock<std::mutex> lock(_mutex);
    for (;;)
    {
        _queued.wait(lock, [this] { return _stopping || !_queue.empty(); });
        if (_queue.empty())
            return; // stopping, and every line written
        batch.swap(_queue);
        lock.unlock();
        for (const auto& message : batch)
        {
            try
            {
                _logger.log(message);
            }
            catch (...)
            {
                _dropped.fetch_add(1, std::memory_order_relaxed); // a failing channel must not end the server
            }
        }
        batch.clear();
        lock.lock();
    }
}

} // namespace labmock
