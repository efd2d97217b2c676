//
// JsonLogFormatter.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "JsonLogFormatter.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Object.h>
#include <Poco/Message.h>
#include <Poco/NumberParser.h>

#include <sstream>

namespace labmock
{

namespace
{

const char* levelName(Poco::Message::Priority priority)
{
    switch (priority)
    {
    case Poco::Message::PRIO_FATAL:
        return "fatal";
    case Poco::Message::PRIO_CRITICAL:
        return "critical";
    case Poco::Message::PRIO_ERROR:
        return "error";
    case Poco::Message::PRIO_WARNING:
        return "warning";
    case Poco::Message::PRIO_NOTICE:
        return "notice";
    case Poco::Message::PRIO_INFORMATION:
        return "information";
    case Poco::Message::PRIO_DEBUG:
        return "debug";
    case Poco::Message::PRIO_TRACE:
        break;
    }
    return "trace";
}

} // namespace

const std::vector<std::string>& JsonLogFormatter::fields()
{
    static const std::vector<std::string> names{"client", "method", "path", "status", "bytes", "durationMs"};
    return names;
}

void JsonLogFormatter::format(const Poco::Message& message, std::string& text)
{
    Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
    object.set("time", Poco::DateTimeFormatter::format(message.getTime(), "%Y-%m-%dT%H:%M:%S.%iZ"));
    object.set("level", levelName(message.getPriority()));
    object.set("logger", message.getSource());
    object.set("message", message.getText());
    for (const auto& field : fields())
    {
        if (!message.has(field))
            continue;
        const std::string& value = message.get(field);
        double number = 0;
        if (field != "path" && field != "client" && field != "method"
            && Poco::NumberParser::tryParseFloat(value, number))
            object.set(field, number);
        else
            object.set(field, value);
    }
    std::ostringstream out;
    object.stringify(out);
    text = out.str();
}

} // namespace labmock
