//
// AccessLog.h
//
// One log line per request, without query strings or any value, written off the request path.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_ACCESSLOG_INCLUDED
#define LABMOCK_ACCESSLOG_INCLUDED

#include <Poco/Message.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace Poco
{
class Logger;
}

namespace labmock
{

/// Writes `client method path status bytes duration` to the "access" logger, with the same
/// fields as message parameters for the JSON formatter. Paths in skipPaths (the probes, by
/// default) are not logged. Only the path of a request target is logged: never its query
/// string, nor the scheme, user info and host of an absolute-form target.
///
/// record() only queues the line: a writer thread of its own hands queued lines to the
/// logger in batches, so a slow log never slows a request. When capacity lines wait, a new
/// line is dropped and counted instead. stop() (or destruction) writes every queued line.
/// Thread-safe.
class AccessLog
{
public:
    /// Lines that may wait for the writer before new ones are dropped.
    static constexpr std::size_t DEFAULT_CAPACITY = 8192;

    /// skipPaths are below basePath, as routes are.
    AccessLog(Poco::Logger& logger, bool enabled, const std::vector<std::string>& skipPaths,
              const std::string& basePath, std::size_t capacity = DEFAULT_CAPACITY);

    /// Stops the writer after it wrote every queued line.
    ~AccessLog();

    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    /// False when access logging is off or below the logger's level: callers skip building fields.
    bool enabled() const;

    /// Queues the line of one request; never waits for the log to be written.
    void record(const std::string& client, const std::string& method, const std::string& target, int status,
                std::size_t bytes, double seconds);

    /// Writes every queued line and stops the writer; later lines are written at once.
    void stop();

    /// Lines dropped because capacity lines were waiting, or because the log's channel threw.
    std::uint64_t dropped() const;

    /// Appends labmock_access_log_dropped_total in Prometheus text format 0.0.4.
    void renderMetrics(std::string& out) const;

    /// The path of a request target, without query string or fragment: an absolute-form
    /// target (http://user:pw@host/p) loses scheme, user info and host; one without a path, "/".
    static std::string pathOf(const std::string& target);

private:
    void writeQueued();

    Poco::Logger& _logger;
    bool _enabled;
    std::vector<std::string> _skipPaths;
    std::size_t _capacity;

    std::mutex _mutex;
    std::condition_variable _queued;
    std::vector<Poco::Message> _queue; // guarded by _mutex
    bool _stopping = false;            // guarded by _mutex
    std::atomic<std::uint64_t> _dropped{0};
    std::once_flag _joined;
    std::thread _writer;
};

} // namespace labmock

#endif // LABMOCK_ACCESSLOG_INCLUDED
