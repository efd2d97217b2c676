//
// ResponseWriter.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ResponseWriter.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>

namespace labmock
{

namespace
{

/// Bodies up to this size are copied behind the header and sent with it; larger ones
/// follow in a second call rather than being copied.
constexpr std::size_t COALESCE_LIMIT = 64 * 1024;

} // namespace

std::size_t ResponseWriter::write(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                                  const Response& answer)
{
    if (request.getVersion() != Poco::Net::HTTPMessage::HTTP_1_0)
        response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1); // never echo a bogus version
    // No endpoint reads a request body: one left unread would be parsed as the next request
    // (request smuggling behind a proxy that reuses connections), so such a connection ends.
    const bool unreadBody =
        request.getChunkedTransferEncoding() || (request.hasContentLength() && request.getContentLength64() != 0);
    if (answer.status == 400 || unreadBody)
        response.setKeepAlive(false);
    const auto status = static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status);
    const bool head = request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD;

    // The socket is reached through POCO's own request class: this writer serves HTTPServer only.
    auto* connection = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
    if (!connection)
        throw Poco::Net::NetException("ResponseWriter needs a request of Poco::Net::HTTPServer");

    std::string out;
    out.reserve(512 + (answer.body.size() <= COALESCE_LIMIT ? answer.body.size() : 0));
    out += response.getVersion();
    out += ' ';
    out += std::to_string(answer.status);
    out += ' ';
    out += Poco::Net::HTTPResponse::getReasonForStatus(status);
    out += "\r\n";
    for (const auto& [name, value] : response) // Date, Connection, Server: POCO's choices
    {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    // A 204 or 304 has no content: no Content-Type, and no Content-Length (RFC 9110).
    const bool hasContent = answer.status != 204 && answer.status != 304 && answer.status >= 200;
    if (hasContent)
    {
        out += "Content-Type: ";
        out += answer.contentType;
        out += "\r\n";
    }
    out += SECURITY_HEADERS;
    bool hasPolicy = false;
    for (const auto& [name, value] : answer.headers)
    {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
        hasPolicy = hasPolicy || name == "Content-Security-Policy";
    }
    if (!hasPolicy)
    {
        out += "Content-Security-Policy: ";
        out += DEFAULT_POLICY;
        out += "\r\n";
    }
    if (hasContent)
    {
        out += "Content-Length: ";
        out += std::to_string(answer.body.size());
        out += "\r\n";
    }
    out += "\r\n";

    Poco::Net::StreamSocket& socket = connection->socket();
    const bool coalesce = !head && answer.body.size() <= COALESCE_LIMIT;
    if (coalesce)
        out.append(answer.body.data(), answer.body.size());
    socket.sendBytes(out.data(), static_cast<int>(out.size()));
    if (!head && !coalesce)
        socket.sendBytes(answer.body.data(), static_cast<int>(answer.body.size()));
    return head ? 0 : answer.body.size();
}

} // namespace labmock
