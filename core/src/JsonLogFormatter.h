//
// JsonLogFormatter.h
//
// Formats log messages as one JSON object per line (logging.format=json).
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_JSONLOGFORMATTER_INCLUDED
#define LABMOCK_JSONLOGFORMATTER_INCLUDED

#include <Poco/Formatter.h>

#include <string>
#include <vector>

namespace labmock
{

/// {"time": ISO 8601 UTC, "level", "logger", "message", then the access-log fields
/// (client, method, path, status, bytes, durationMs) when the message carries them}.
/// Stateless; Poco channels call it from any thread.
class JsonLogFormatter : public Poco::Formatter
{
public:
    void format(const Poco::Message& message, std::string& text) override;

    /// The message parameters that become JSON fields, in output order.
    static const std::vector<std::string>& fields();
};

} // namespace labmock

#endif // LABMOCK_JSONLOGFORMATTER_INCLUDED
