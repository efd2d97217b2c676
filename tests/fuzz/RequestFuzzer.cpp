//
// RequestFuzzer.cpp
//
// Fuzzes the connection layer: bytes from a client -> parser -> Router -> handler -> response.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "AccessLog.h"
#include "CorsPolicy.h"
#include "RequestMetrics.h"
#include "Router.h"
#include "TokenAuthenticator.h"
#include "http/Connection.h"
#include "http/RequestParser.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequest.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace
{

void require(bool condition)
{
    if (!condition)
        std::abort();
}

/// The server side of every input: a Router with two routes, as the real one is built.
struct Fixture
{
    static labmock::Router::Route route(const std::string& path, const std::string& body)
    {
        return {path, false, true, path == "/healthz",
                [body](const Poco::Net::HTTPServerRequest&) { return labmock::Response::text(200, body); }};
    }

    std::vector<labmock::Router::Route> routes{route("/", "page\n"), route("/healthz", "ok\n")};
    labmock::RequestMetrics metrics{labmock::Router::metricLabels(routes)};
    labmock::AccessLog accessLog{Poco::Logger::get("fuzz-access"), false, {}, ""};
    labmock::TokenAuthenticator authenticator{""};
    labmock::CorsPolicy cors{{"https://ui.example.org"}};
    labmock::Router router{"", routes, {metrics, accessLog, authenticator, cors}};
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    Poco::Net::SocketAddress address{"127.0.0.1", 8080};
    labmock::ConnectionMetrics connectionMetrics;
    labmock::ConnectionMetrics::Listener& counters = connectionMetrics.add("fuzz");
};

/// Moves what the connection sent to the client side into output.
void collect(int client, std::string& output)
{
    char buffer[4096];
    for (ssize_t n; (n = ::recv(client, buffer, sizeof buffer, MSG_DONTWAIT)) > 0;)
        output.append(buffer, static_cast<std::size_t>(n));
}

/// Runs the connection as its event loop would, until it waits for input or is done;
/// false once it is done (closing, or the client's side ended).
bool drive(labmock::Connection& connection, Fixture& fixture, int client, std::string& output)
{
    char scratch[1024];
    for (int round = 0; round < 1000000; ++round)
    {
        collect(client, output);
        if (connection.hasOutput())
        {
            bool progress = false;
            const auto io = connection.flush(progress);
            if (io == labmock::Connection::Io::Closed)
                return false;
            if (io == labmock::Connection::Io::WouldBlock)
                continue;
        }
        if (connection.closing())
            return false;
        connection.serve(fixture.router, "Thu, 01 Jan 1970 00:00:00 GMT", "fuzz", false);
        if (connection.hasOutput() || connection.closing())
            continue;
        const auto io = connection.receive(scratch, sizeof scratch);
        if (io == labmock::Connection::Io::Closed)
            return false;
        if (io == labmock::Connection::Io::WouldBlock)
            return true;
    }
    std::abort(); // the connection neither waits nor ends
}

/// The status codes the connection layer answers a refused request with.
bool refusal(int status)
{
    return status == 400 || status == 408 || status == 414 || status == 417 || status == 431 || status == 505;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static Fixture fixture;
    const std::string input(reinterpret_cast<const char*>(data), size);

    int sockets[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sockets) != 0)
        return 0;
    const int client = sockets[1];
    std::string output;
    {
        labmock::Connection connection(sockets[0], fixture.address, fixture.address, *fixture.params, fixture.counters);
        // Three pieces, so a request may arrive split anywhere.
        const std::size_t piece = size / 3 + 1;
        bool open = true;
        for (std::size_t at = 0; at < size && open;)
        {
            const ssize_t sent = ::send(client, input.data() + at, std::min(piece, size - at), MSG_NOSIGNAL);
            if (sent > 0)
                at += static_cast<std::size_t>(sent);
            open = drive(connection, fixture, client, output);
        }
        ::shutdown(client, SHUT_WR);
        if (open)
            drive(connection, fixture, client, output);
        collect(client, output);
    } // closes the server side
    collect(client, output);
    ::close(client);

    // Every response is a status line of HTTP/1.0 or 1.1, and a refusal ends the connection.
    int lastStatus = 0;
    std::size_t responses = 0;
    for (std::size_t at = output.find("HTTP/1."); at != std::string::npos; at = output.find("HTTP/1.", at + 1))
    {
        require(output.size() >= at + 12 && (output[at + 7] == '0' || output[at + 7] == '1'));
        lastStatus = std::atoi(output.substr(at + 9, 3).c_str());
        require(lastStatus >= 100 && lastStatus <= 599);
        const std::size_t headEnd = output.find("\r\n\r\n", at);
        require(headEnd != std::string::npos);
        const std::string head = output.substr(at, headEnd - at + 2);
        if (refusal(lastStatus))
            require(head.find("\r\nConnection: close\r\n") != std::string::npos);
        ++responses;
    }
    require(output.empty() == (responses == 0));

    // A head the parser refuses is answered with its status and nothing else.
    labmock::RequestParser parser;
    Poco::Net::HTTPRequest request;
    if (parser.parse(input, request) == labmock::RequestParser::Result::Invalid)
        require(responses == 1 && lastStatus == parser.status());
    return 0;
}
