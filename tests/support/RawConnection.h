//
// RawConnection.h
//
// One TCP connection to a server on loopback that sends bytes as they are and reads HTTP
// responses with a deadline, so a server that hangs fails a test instead of stalling it.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_TEST_RAWCONNECTION_INCLUDED
#define LABMOCK_TEST_RAWCONNECTION_INCLUDED

#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/Timespan.h>

#include <chrono>
#include <optional>
#include <string>
#include <sys/socket.h>

namespace labmock::test
{

/// One HTTP response as it came over the wire.
struct RawResponse
{
    std::string version; ///< "HTTP/1.1" or whatever the status line said.
    int status = 0;      ///< 0 when the status line was not HTTP.
    std::string head;    ///< The status line and the header block, without the blank line.
    std::string body;    ///< Framed by Content-Length, or everything up to the close.
    bool closes = false; ///< The response carries "Connection: close".

    /// The first value of header name (case-insensitive), or "".
    std::string header(const std::string& name) const
    {
        const std::string wanted = "\r\n" + Poco::toLower(name) + ":";
        const std::string lowered = Poco::toLower(head);
        const std::size_t at = lowered.find(wanted);
        if (at == std::string::npos)
            return {};
        const std::size_t begin = at + wanted.size();
        const std::size_t end = head.find("\r\n", begin);
        return Poco::trim(head.substr(begin, end == std::string::npos ? std::string::npos : end - begin));
    }
};

/// A client connection to 127.0.0.1:port for hostile and protocol tests: sends any bytes
/// (NULs, bare LFs, 100 KB lines), reads responses one by one, and tells whether the server
/// closed. Every read waits at most until its deadline. One test thread.
class RawConnection
{
public:
    using Clock = std::chrono::steady_clock;

    explicit RawConnection(unsigned short port) : _socket(Poco::Net::SocketAddress("127.0.0.1", port))
    {
        _socket.setSendTimeout(Poco::Timespan(5, 0));
    }

    /// Sends all bytes; false when the server reset or closed the connection first (it may
    /// have answered already: read on).
    bool send(const std::string& bytes)
    {
        try
        {
            std::size_t done = 0;
            while (done < bytes.size())
            {
                // MSG_NOSIGNAL: a server that closes early must not kill the test with SIGPIPE.
                const int n =
                    _socket.sendBytes(bytes.data() + done, static_cast<int>(bytes.size() - done), MSG_NOSIGNAL);
                if (n <= 0)
                    return false;
                done += static_cast<std::size_t>(n);
            }
            return true;
        }
        catch (const Poco::Exception&)
        {
            return false;
        }
    }

    /// Reads the next response (a HEAD answer has no body). Empty when the connection ends
    /// or the deadline passes before a whole response arrived; what did arrive stays in
    /// pending().
    std::optional<RawResponse> readResponse(bool head = false,
                                            std::chrono::milliseconds limit = std::chrono::seconds(5))
    {
        const Clock::time_point deadline = Clock::now() + limit;
        std::size_t headEnd;
        while ((headEnd = _input.find("\r\n\r\n")) == std::string::npos)
        {
            if (!fill(deadline))
                return std::nullopt;
        }
        RawResponse response;
        response.head = _input.substr(0, headEnd);
        const std::size_t space = response.head.find(' ');
        response.version = response.head.substr(0, space);
        int status = 0;
        if (space != std::string::npos && Poco::NumberParser::tryParse(response.head.substr(space + 1, 3), status))
            response.status = status;
        response.closes = Poco::icompare(response.header("Connection"), "close") == 0;

        const std::string length = response.header("Content-Length");
        const bool bodyless = head || (response.status >= 100 && response.status < 200) || response.status == 204
                              || response.status == 304;
        std::size_t bodyLength = 0;
        if (bodyless)
            bodyLength = 0;
        else if (!length.empty())
        {
            Poco::UInt64 parsed = 0;
            if (!Poco::NumberParser::tryParseUnsigned64(length, parsed))
                return std::nullopt;
            bodyLength = static_cast<std::size_t>(parsed);
        }
        else
        {
            // No framing: the body runs to the close.
            while (fill(deadline))
            {
            }
            if (!_closed)
                return std::nullopt;
            bodyLength = _input.size() - headEnd - 4;
        }
        while (_input.size() < headEnd + 4 + bodyLength)
        {
            if (!fill(deadline))
                return std::nullopt;
        }
        response.body = _input.substr(headEnd + 4, bodyLength);
        _input.erase(0, headEnd + 4 + bodyLength);
        return response;
    }

    /// Waits until the server closes the connection (end of stream or reset); false when it
    /// is still open at the deadline. Bytes that arrive meanwhile are kept in pending().
    bool waitForClose(std::chrono::milliseconds limit = std::chrono::seconds(3))
    {
        const Clock::time_point deadline = Clock::now() + limit;
        while (fill(deadline))
        {
        }
        return _closed;
    }

    /// Bytes received but not yet returned as a response.
    const std::string& pending() const
    {
        return _input;
    }

    bool closed() const
    {
        return _closed;
    }

private:
    /// Reads what is there within the deadline; false at the end of the stream, a reset or the deadline.
    bool fill(Clock::time_point deadline)
    {
        if (_closed)
            return false;
        const auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now());
        if (left.count() <= 0)
            return false;
        try
        {
            if (!_socket.poll(Poco::Timespan(left.count()), Poco::Net::Socket::SELECT_READ))
                return false;
            char buffer[8192];
            const int n = _socket.receiveBytes(buffer, sizeof buffer);
            if (n <= 0)
            {
                _closed = true;
                return false;
            }
            _input.append(buffer, static_cast<std::size_t>(n));
            return true;
        }
        catch (const Poco::Exception&)
        {
            _closed = true; // a reset ends the exchange like a close
            return false;
        }
    }

    Poco::Net::StreamSocket _socket;
    std::string _input;
    bool _closed = false;
};

} // namespace labmock::test

#endif // LABMOCK_TEST_RAWCONNECTION_INCLUDED
