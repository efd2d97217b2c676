//
// OpsFixtures.h
//
// Small header-only helpers for the core, configuration and operations integration tests.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_TEST_OPSFIXTURES_INCLUDED
#define LABMOCK_TEST_OPSFIXTURES_INCLUDED

#include "ServerProcess.h"
#include "TemporaryDirectory.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/StringTokenizer.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace labmock::test
{

/// A plugin built next to the binary under test, e.g. pluginFile("libapp-group.so").
inline std::string pluginFile(const std::string& name)
{
    return std::string(LABMOCK_BUILD_PLUGIN_DIR) + "/" + name;
}

/// Parses a JSON object; fails the calling test with the text when it is not one.
inline Poco::JSON::Object::Ptr parseObject(const std::string& text)
{
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var root = parser.parse(text);
    if (root.type() != typeid(Poco::JSON::Object::Ptr))
        throw std::runtime_error("not a JSON object: " + text);
    return root.extract<Poco::JSON::Object::Ptr>();
}

/// The lines of text, without their line ends; no trailing empty line.
inline std::vector<std::string> linesOf(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
    {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

inline bool contains(const std::string& haystack, const std::string& needle)
{
    return haystack.find(needle) != std::string::npos;
}

/// Every variable of the shipped groups, set: the three plugins' (etc/groups.d ships empty).
inline ServerProcess::Environment allShippedVariables()
{
    return {{"POSTGRES_USER", "lab"},  {"POSTGRES_PASSWORD", "pg-pass"}, {"POSTGRES_HOST", "db.lab"},
            {"POSTGRES_PORT", "5432"}, {"POSTGRES_DB", "labdb"},         {"REDIS_HOST", "cache.lab"},
            {"REDIS_PORT", "6379"},    {"CSRF_SECRET", "csrf-secret"}};
}

/// What came back on a raw connection, and whether the server ended it (EOF or reset)
/// rather than the wait running out.
struct RawAnswer
{
    std::string bytes;
    bool closedByServer = false;
};

/// Sends bytes on a fresh connection and reads until the server closes it or limit passes.
inline RawAnswer exchange(unsigned short port, const std::string& bytes,
                          std::chrono::milliseconds limit = std::chrono::seconds(5))
{
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
    socket.setReceiveTimeout(Poco::Timespan(0, static_cast<long>(limit.count()) * 1000));
    RawAnswer answer;
    try
    {
        socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
    }
    catch (const Poco::Net::NetException&)
    {
        // The server may close while a large request is still being sent; read what it said.
    }
    char buffer[4096];
    try
    {
        for (;;)
        {
            const int n = socket.receiveBytes(buffer, sizeof buffer);
            if (n <= 0)
            {
                answer.closedByServer = true;
                break;
            }
            answer.bytes.append(buffer, static_cast<std::size_t>(n));
        }
    }
    catch (const Poco::TimeoutException&)
    {
        answer.closedByServer = false;
    }
    catch (const Poco::Net::NetException&)
    {
        answer.closedByServer = true; // reset: closed without a graceful FIN
    }
    catch (const Poco::IOException&)
    {
        answer.closedByServer = true;
    }
    return answer;
}

/// Reads a whole HTTP/1.1 response with Connection: close from socket (until EOF).
inline std::string readUntilClosed(Poco::Net::StreamSocket& socket)
{
    std::string answer;
    char buffer[4096];
    socket.setReceiveTimeout(Poco::Timespan(15, 0));
    for (;;)
    {
        const int n = socket.receiveBytes(buffer, sizeof buffer);
        if (n <= 0)
            break;
        answer.append(buffer, static_cast<std::size_t>(n));
    }
    return answer;
}

/// Waits until the server side of the loopback connection serverPort <-> clientPort has
/// taken every byte sent to it out of its kernel receive queue (/proc/net/tcp), i.e. a
/// server thread is reading the request. False when that does not happen within limit.
inline bool waitUntilServerHasRead(unsigned short serverPort, unsigned short clientPort,
                                   std::chrono::milliseconds limit = std::chrono::seconds(10))
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline)
    {
        std::ifstream table("/proc/net/tcp");
        std::string line;
        std::getline(table, line); // header
        while (std::getline(table, line))
        {
            const Poco::StringTokenizer fields(line, " ", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
            if (fields.count() < 5)
                continue;
            auto portOf = [](const std::string& address)
            { return Poco::NumberParser::parseHex(address.substr(address.find(':') + 1)); };
            if (portOf(fields[1]) != serverPort || portOf(fields[2]) != clientPort)
                continue;
            const std::string& queues = fields[4]; // tx_queue:rx_queue
            if (Poco::NumberParser::parseHex(queues.substr(queues.find(':') + 1)) == 0)
                return true;
        }
        // The kernel offers no notification for another process's read; poll finely.
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
}

} // namespace labmock::test

#endif // LABMOCK_TEST_OPSFIXTURES_INCLUDED
