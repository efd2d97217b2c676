//
// InstanceInfo.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "InstanceInfo.h"

#include "Disclosure.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/String.h>

#include <cstdio>
#include <cstdlib>

namespace labmock
{

namespace
{

/// Taken when the core is loaded, before main(): the start of the process to a few milliseconds.
const Poco::Timestamp PROCESS_START;

/// An environment variable, trimmed and made printable; "" when unset.
std::string fromEnvironment(const char* name)
{
    const char* value = std::getenv(name);
    return value ? Disclosure::printable(Poco::trim(std::string(value))) : std::string();
}

std::string localHostName()
{
    try
    {
        return Disclosure::printable(Poco::Environment::nodeName());
    }
    catch (const Poco::Exception&)
    {
        return "unknown";
    }
}

Poco::Dynamic::Var orNull(const std::string& value)
{
    return value.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(value);
}

} // namespace

InstanceInfo InstanceInfo::detect(const std::string& configuredName)
{
    std::string host = localHostName();
    std::string name = Disclosure::printable(Poco::trim(configuredName));
    if (name.empty())
        name = host;
    return InstanceInfo(std::move(name), std::move(host), processStartTime(), fromEnvironment("POD_NAME"),
                        fromEnvironment("POD_NAMESPACE"), fromEnvironment("NODE_NAME"), fromEnvironment("POD_IP"));
}

InstanceInfo::InstanceInfo(std::string name, std::string hostName, Poco::Timestamp startTime, std::string pod,
                           std::string podNamespace, std::string node, std::string ip)
    : _name(std::move(name)), _hostName(std::move(hostName)), _startTime(startTime), _pod(std::move(pod)),
      _namespace(std::move(podNamespace)), _node(std::move(node)), _ip(std::move(ip))
{
}

const std::string& InstanceInfo::name() const
{
    return _name;
}

const std::string& InstanceInfo::hostName() const
{
    return _hostName;
}

const std::string& InstanceInfo::pod() const
{
    return _pod;
}

const std::string& InstanceInfo::podNamespace() const
{
    return _namespace;
}

const std::string& InstanceInfo::node() const
{
    return _node;
}

const std::string& InstanceInfo::ip() const
{
    return _ip;
}

Poco::Timestamp InstanceInfo::startTime() const
{
    return _startTime;
}

std::vector<std::pair<std::string, std::string>> InstanceInfo::facts() const
{
    std::vector<std::pair<std::string, std::string>> facts{{"instance", _name}, {"host", _hostName}};
    for (const auto& [label, value] : {std::pair<const char*, const std::string&>{"pod", _pod},
                                       {"namespace", _namespace},
                                       {"node", _node},
                                       {"IP", _ip}})
        if (!value.empty())
            facts.emplace_back(label, value);
    return facts;
}

Poco::JSON::Object::Ptr InstanceInfo::toJson(const Poco::Timestamp* readAt) const
{
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    object->set("name", _name);
    object->set("hostname", _hostName);
    object->set("pod", orNull(_pod));
    object->set("namespace", orNull(_namespace));
    object->set("node", orNull(_node));
    object->set("ip", orNull(_ip));
    object->set("startTime", iso8601(_startTime));
    if (readAt)
        object->set("readAt", iso8601(*readAt));
    return object;
}

Poco::Timestamp InstanceInfo::processStartTime()
{
    return PROCESS_START;
}

std::string InstanceInfo::iso8601(Poco::Timestamp time)
{
    return Poco::DateTimeFormatter::format(time, "%Y-%m-%dT%H:%M:%SZ");
}

std::string InstanceInfo::durationText(Poco::Timespan duration)
{
    if (duration < 0)
        duration = 0;
    const long long days = duration.days();
    const int hours = duration.hours();
    const int minutes = duration.minutes();
    const int seconds = duration.seconds();
    char text[64];
    if (days > 0)
        std::snprintf(text, sizeof text, "%lldd %02dh %02dm %02ds", days, hours, minutes, seconds);
    else if (hours > 0)
        std::snprintf(text, sizeof text, "%dh %02dm %02ds", hours, minutes, seconds);
    else if (minutes > 0)
        std::snprintf(text, sizeof text, "%dm %02ds", minutes, seconds);
    else
        std::snprintf(text, sizeof text, "%ds", seconds);
    return text;
}

} // namespace labmock
