//
// RequestParser.h
//
// Reads the head of one HTTP/1.x request, strictly: one unambiguous framing or an error.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_REQUESTPARSER_INCLUDED
#define LABMOCK_REQUESTPARSER_INCLUDED

#include <cstddef>
#include <string_view>

namespace Poco::Net
{
class HTTPRequest;
}

namespace labmock
{

/// Parses a request head (request line and header fields up to the empty line) out of the
/// bytes received so far, as RFC 9112 asks and no more leniently: bare LF line ends, obs-fold,
/// whitespace before a colon, control bytes, Transfer-Encoding, a missing or repeated Host on
/// HTTP/1.1, and any Content-Length but exactly one number are refused, so that this server
/// and any proxy in front of it cannot disagree about where a request ends.
/// Incremental: bytes may arrive one at a time; call parse() again with everything received
/// since the request began, reset() before the next request. Used by one thread.
class RequestParser
{
public:
    enum class Result
    {
        Incomplete, ///< the head has not ended yet: read more
        Complete,   ///< the head is parsed into the request; consumed() bytes are its head
        Invalid     ///< answer status() with reason() and close the connection
    };

    /// The longest request line (method, target and version) accepted; longer is 414.
    static constexpr std::size_t MAX_REQUEST_LINE = 8 * 1024;
    /// The longest head accepted, request line included; longer is 431.
    static constexpr std::size_t MAX_HEAD = 16 * 1024;
    /// The most header fields accepted; more is 431.
    static constexpr std::size_t MAX_FIELDS = 100;

    /// Looks for a complete head at the start of data; when there is one, fills request
    /// (method, target, version, fields in order); after Invalid it may hold part of them.
    Result parse(std::string_view data, Poco::Net::HTTPRequest& request);

    /// Forgets the request parsed or begun, for the next one on the connection.
    void reset();

    /// Bytes of data the head took (leading empty lines included), after Complete.
    std::size_t consumed() const;

    /// The status to answer with after Invalid: 400, 414, 431 or 505.
    int status() const;

    /// Why the request was refused after Invalid: a short text without its bytes, for the
    /// response body and the log.
    const char* reason() const;

    /// After Complete: whether the client allows the connection to stay open (HTTP/1.1
    /// unless "Connection: close"; HTTP/1.0 only with "Connection: keep-alive").
    bool keepAlive() const;

    /// After Complete: the request announces a body (Content-Length above zero).
    bool hasBody() const;

private:
    Result fail(int status, const char* reason);
    Result parseHead(std::string_view head, Poco::Net::HTTPRequest& request);

    std::size_t _scanned = 0; ///< bytes already checked for line ends
    std::size_t _start = 0;   ///< where the request line begins (after leading empty lines)
    std::size_t _consumed = 0;
    int _status = 0;
    const char* _reason = "";
    bool _keepAlive = false;
    bool _hasBody = false;
};

} // namespace labmock

#endif // LABMOCK_REQUESTPARSER_INCLUDED
