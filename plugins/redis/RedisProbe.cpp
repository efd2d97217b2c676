//
// RedisProbe.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "RedisProbe.h"

#include "DeadlineSocketImpl.h"
#include "ProbeClock.h"

#include <Poco/Exception.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/NumberParser.h>
#include <Poco/Redis/Array.h>
#include <Poco/Redis/Error.h>
#include <Poco/Redis/Exception.h>
#include <Poco/Redis/RedisStream.h>
#include <Poco/Redis/Type.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>
#include <cstdint>
#include <ios>
#include <string>

namespace redis
{

namespace
{

using Clock = std::chrono::steady_clock;
using labmock_plugins::ProbeClock;

std::string valueOf(const std::map<std::string, std::string>& values, const std::string& name)
{
    const auto found = values.find(name);
    return found == values.end() ? std::string() : found->second;
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

/// All replies of one probe together; INFO server, the longest, is a few kilobytes.
constexpr std::size_t REPLY_BUDGET = 1 << 20;

/// One reply, read with POCO's Redis types, except where POCO would trust the server with
/// memory: a bulk string is refused before it is allocated when it announces more than what
/// is left of the budget, and an array (none of the probe's commands answers with one) is refused.
Poco::Redis::RedisType::Ptr readReply(Poco::Redis::RedisInputStream& input, std::size_t remaining)
{
    const int marker = input.get();
    if (marker == std::char_traits<char>::eof())
        throw Poco::IOException("the connection was closed");
    if (marker == '*')
        throw Poco::ProtocolException("an array reply was not expected");
    if (marker != '$')
    {
        Poco::Redis::RedisType::Ptr reply = Poco::Redis::RedisType::createRedisType(static_cast<char>(marker));
        if (reply.isNull())
            throw Poco::ProtocolException("not a Redis reply");
        reply->read(input);
        return reply;
    }
    Poco::Int64 length = 0;
    if (!Poco::NumberParser::tryParse64(input.getline(), length) || length < -1)
        throw Poco::ProtocolException("a bulk string without a valid length");
    if (length == -1)
        return new Poco::Redis::Type<Poco::Redis::BulkString>(Poco::Redis::BulkString());
    if (static_cast<std::uint64_t>(length) > remaining)
        throw Poco::ProtocolException("a bulk string of " + std::to_string(length)
                                      + " bytes is more than a probe reads");
    std::string text(static_cast<std::size_t>(length), '\0');
    input.read(text.data(), length);
    input.getline(); // its CRLF
    return new Poco::Redis::Type<Poco::Redis::BulkString>(Poco::Redis::BulkString(text));
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
        // POCO's Redis streams and types over a socket that holds the deadline and a byte
        // budget (Poco::Redis::Client bounds neither the time of a reply nor its size).
        auto* bounded = new DeadlineSocketImpl(deadline, REPLY_BUDGET);
        Poco::Net::StreamSocket socket(bounded); // takes ownership
        socket.connect(Poco::Net::SocketAddress(host, static_cast<Poco::UInt16>(port)), ProbeClock::left(deadline));
        socket.setSendTimeout(ProbeClock::left(deadline));
        Poco::Redis::RedisOutputStream output(socket);
        Poco::Redis::RedisInputStream input(socket);
        input.exceptions(std::ios::badbit); // what the socket throws reaches the catch below
        const auto call = [&](const Poco::Redis::Array& command, const std::string& what)
        {
            step = what;
            output << command.toString();
            output.flush();
            return readReply(input, bounded->remaining());
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
        socket.close();
    }
    catch (const Poco::TimeoutException&)
    {
        result.reason =
            "no answer from " + where + " within " + ProbeClock::seconds(deadline - start) + " (" + step + ")";
    }
    catch (const Poco::Exception& e)
    {
        // A read cut off at the deadline may surface as a closed stream: the clock tells.
        if (Clock::now() + std::chrono::milliseconds(10) >= deadline)
            result.reason =
                "no answer from " + where + " within " + ProbeClock::seconds(deadline - start) + " (" + step + ")";
        else
            result.reason = step + " (" + where + ") failed: " + e.displayText();
    }
    return result;
}

} // namespace redis
