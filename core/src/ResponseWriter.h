//
// ResponseWriter.h
//
// Serialises a Response into the connection's output in one piece.
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

/// Serialises status line, fields and body into the connection's output buffer, which the
/// event loop sends in one write where the socket takes it. POCO 1.11's own path
/// (HTTPServerResponse::sendBuffer) fills a case-insensitive header map and formats it
/// through an ostream: in the profile that was more than the rest of a request's handling
/// together. The fields the connection already chose (Date, Server) are kept; Connection is
/// written from the keep-alive decision. Stateless.
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

    /// Writes answer for request; the body is left out for HEAD. A 400, or a request with a
    /// body (never read), ends the connection: response's keep-alive is cleared. Returns the
    /// body bytes written. Throws Poco::Net::NetException when response does not come from
    /// labmock's HttpServer (a ServerResponse).
    static std::size_t write(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                             const Response& answer);
};

} // namespace labmock

#endif // LABMOCK_RESPONSEWRITER_INCLUDED
