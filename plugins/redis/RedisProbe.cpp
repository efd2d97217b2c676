//
// RedisProbe.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "RedisProbe.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>
#include <Poco/Redis/Error.h>
#include <Poco/Redis/Exception.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>

namespace redis
{

namespace
{

using Clock = std::chrono::steady_clock;

std::string valueOf(const std::map<std::string, std::string>& values, const std::string& name)
{
    const auto found = values.find(name);
    return found == values.end() ? std::string() : found->second;
}

/// What is left until deadline, at least a millisecond (POCO takes 0 as "no timeout").
Poco::Timespan left(Clock::time_point deadline)
{
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now()).count();
    return Poco::Timespan(std::max<long long>(micros, 1000));
}

std::string seconds(Clock::duration duration)
{
    const long long tenths = std::chrono::duration_cast<std::chrono::milliseconds>(duration).count() / 100;
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

/// The field of an INFO answer ("redis_version:7.0.15"), or "".
std::string infoField(const std::string& info, const std::string& field)
{
    const Poco::StringTokenizer lines(info, "\n", Poco::StringTokenizer::TOK_TRIM);
    for (const auto& line : lines)
    {
        if (line.compare(0, field.size() + 1, field + ":") == 0)
            return line.substr(field.size() + 1);
    }
    return "";
}

} // namespace

labmock::ProbeResult RedisProbe::run(const std::map<std::string, std::string>& values, Clock::time_point deadline)
{
    const Clock::time_point start = Clock::now();
    labmock::ProbeResult result;
    const std::string host = valueOf(values, "REDIS_HOST");
    if (host.empty())
    {
        result.reason = "REDIS_HOST is not set";
        return result;
    }
    const std::string portText = valueOf(values, "REDIS_PORT").empty() ? "6379" : valueOf(values, "REDIS_PORT");
    unsigned port = 0;
    if (!Poco::NumberParser::tryParseUnsigned(portText, port) || port == 0 || port > 65535)
    {
        result.reason = "REDIS_PORT is not a port number";
        return result;
    }
    const std::string user = valueOf(values, "REDIS_USER");
    const std::string password = valueOf(values, "REDIS_PASSWORD");
    const std::string where = host + ":" + std::to_string(port);

    std::string step = "connecting";
    try
    {
        Poco::Redis::Client client;
        client.connect(host, static_cast<int>(port), left(deadline));
        const auto call = [&](Poco::Redis::Array command, const std::string& what)
        {
            step = what;
            client.setReceiveTimeout(left(deadline));
            return client.sendCommand(command);
        };
        const auto failure = [](const Poco::Redis::RedisType::Ptr& reply) -> std::string
        {
            if (reply && reply->isError())
                return static_cast<const Poco::Redis::Type<Poco::Redis::Error>*>(reply.get())->value().getMessage();
            return "";
        };
        if (!password.empty())
        {
            Poco::Redis::Array auth;
            auth << "AUTH";
            if (!user.empty())
                auth << user;
            auth << password;
            const std::string refused = failure(call(auth, "authenticating"));
            if (!refused.empty())
            {
                result.reason = "AUTH " + std::string(user.empty() ? "" : "as " + user + " ") + "refused: " + refused;
                return result;
            }
        }
        Poco::Redis::Array ping;
        ping << "PING";
        const auto pong = call(ping, "waiting for PONG");
        if (!failure(pong).empty())
        {
            result.reason = "PING refused: " + failure(pong);
            return result;
        }
        if (pong->toString() != "+PONG\r\n")
        {
            result.reason = "PING was not answered with PONG";
            return result;
        }
        Poco::Redis::Array info;
        info << "INFO"
             << "server";
        const auto server = call(info, "reading INFO server");
        if (server && server->isBulkString())
        {
            const auto& text = static_cast<const Poco::Redis::Type<Poco::Redis::BulkString>*>(server.get())->value();
            if (!text.isNull())
                result.details.emplace_back("server", "Redis " + infoField(text.value(), "redis_version"));
        }
        Poco::Redis::Array whoami;
        whoami << "ACL"
               << "WHOAMI";
        const auto who = call(whoami, "reading ACL WHOAMI");
        std::string name = user.empty() ? "default" : user;
        if (who && who->isBulkString())
        {
            const auto& text = static_cast<const Poco::Redis::Type<Poco::Redis::BulkString>*>(who.get())->value();
            if (!text.isNull())
                name = text.value();
        }
        result.details.emplace_back("tls", "none");
        result.details.emplace_back("user", name);
        result.ok = true;
        result.reason = std::string(password.empty() ? "connected (no AUTH) as " : "authenticated as ") + name + " on "
                        + where + ", PING answered PONG";
        client.disconnect();
    }
    catch (const Poco::TimeoutException&)
    {
        result.reason = "no answer from " + where + " within " + seconds(deadline - start) + " (" + step + ")";
    }
    catch (const Poco::Exception& e)
    {
        // POCO's Redis stream turns a read timeout into "Lost connection": the clock tells.
        if (Clock::now() + std::chrono::milliseconds(10) >= deadline)
            result.reason = "no answer from " + where + " within " + seconds(deadline - start) + " (" + step + ")";
        else
            result.reason = step + " (" + where + ") failed: " + e.displayText();
    }
    return result;
}

} // namespace redis
