//
// AccessLog.h
//
// One log line per request, without query strings or any value.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_ACCESSLOG_INCLUDED
#define LABMOCK_ACCESSLOG_INCLUDED

#include <cstddef>
#include <string>
#include <vector>

namespace Poco
{
class Logger;
}

namespace labmock
{

/// Writes `client method path status bytes duration` to the "access" logger, with the same
/// fields as message parameters for the JSON formatter. Paths in skipPaths (the probes, by
/// default) are not logged. The query string is never logged: it is the one part of a
/// request that could carry a secret. Thread-safe (Poco loggers are).
class AccessLog
{
public:
    /// skipPaths are below basePath, as routes are.
    AccessLog(Poco::Logger& logger, bool enabled, const std::vector<std::string>& skipPaths,
              const std::string& basePath);

    /// False when access logging is off or below the logger's level: callers skip building fields.
    bool enabled() const;

    void record(const std::string& client, const std::string& method, const std::string& path, int status,
                std::size_t bytes, double seconds) const;

private:
    Poco::Logger& _logger;
    bool _enabled;
    std::vector<std::string> _skipPaths;
};

} // namespace labmock

#endif // LABMOCK_ACCESSLOG_INCLUDED
