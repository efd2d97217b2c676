//
// ResponseWriter.h
//
// Writes a Response to the connection in one piece.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_RESPONSEWRITER_INCLUDED
#define LABMOCK_RESPONSEWRITER_INCLUDED

#include "Response.h"

#include <cstddef>

namespace Poco::Net
{
class HTTPServerRequest;
class HTTPServerResponse;
} // namespace Poco::Net

namespace labmock
{

/// Serialises status line, headers and body into one buffer and sends it with one call.
/// POCO 1.11's own path (HTTPServerResponse::sendBuffer) fills a case-insensitive header
/// map, formats it through an ostream and sends header and body separately: in the
/// profile that was more than the rest of a request's handling together. The headers
/// POCO's connection already chose (Date, Connection, Server) are kept. Stateless.
class ResponseWriter
{
public:
    /// Headers every response carries.
    static constexpr const char* SECURITY_HEADERS = "Cache-Control: no-store\r\n"
                                                    "X-Content-Type-Options: nosniff\r\n"
                                                    "Referrer-Policy: no-referrer\r\n"
                                                    "X-Frame-Options: DENY\r\n";

    /// The Content-Security-Policy of responses that bring no policy of their own.
    static constexpr const char* DEFAULT_POLICY = "default-src 'none'; frame-ancestors 'none'";

    /// Writes answer for request; the body is left out for HEAD. Returns the body bytes sent.
    /// Throws Poco::Exception when the client is gone, or when request does not come from
    /// Poco::Net::HTTPServer (the connection's socket is reached through it).
    static std::size_t write(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                             const Response& answer);
};

} // namespace labmock

#endif // LABMOCK_RESPONSEWRITER_INCLUDED
