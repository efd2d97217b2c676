//
// AccessLog.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "AccessLog.h"

#include "Disclosure.h"

#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/NumberFormatter.h>

#include <algorithm>

namespace labmock
{

AccessLog::AccessLog(Poco::Logger& logger, bool enabled, const std::vector<std::string>& skipPaths,
                     const std::string& basePath)
    : _logger(logger), _enabled(enabled)
{
    for (const auto& path : skipPaths)
        _skipPaths.push_back(basePath + path);
}

bool AccessLog::enabled() const
{
    return _enabled && _logger.information();
}

void AccessLog::record(const std::string& client, const std::string& method, const std::string& path, int status,
                       std::size_t bytes, double seconds) const
{
    if (!enabled())
        return;
    const std::string bare = path.substr(0, path.find('?')); // the query could carry a secret
    if (std::find(_skipPaths.begin(), _skipPaths.end(), bare) != _skipPaths.end())
        return;
    const std::string safePath = Disclosure::printable(bare);
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
    _logger.log(message);
}

} // namespace labmock
