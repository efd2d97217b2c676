//
// ResponseWriter.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ResponseWriter.h"

#include "http/ServerResponse.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/NetException.h>
#include <Poco/String.h>

namespace labmock
{

namespace
{

void appendField(std::string& out, const std::string& name, const std::string& value)
{
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
}

} // namespace

std::size_t ResponseWriter::write(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                                  const Response& answer)
{
    auto* connection = dynamic_cast<ServerResponse*>(&response);
    if (!connection)
        throw Poco::Net::NetException("ResponseWriter needs a response of labmock's HttpServer");
    const bool http10 = request.getVersion() == Poco::Net::HTTPMessage::HTTP_1_0;
    // No endpoint reads a request body: one left unread would be parsed as the next request
    // (request smuggling behind a proxy that reuses connections), so such a connection ends.
    const bool unreadBody =
        request.getChunkedTransferEncoding() || (request.hasContentLength() && request.getContentLength64() != 0);
    if (answer.status == 400 || unreadBody)
        response.setKeepAlive(false);
    const bool keepAlive = response.getKeepAlive();
    const auto status = static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status);
    const bool head = request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD;

    std::string& out = connection->output();
    out.reserve(out.size() + 512 + (head ? 0 : answer.body.size()));
    out += http10 ? Poco::Net::HTTPMessage::HTTP_1_0 : Poco::Net::HTTPMessage::HTTP_1_1; // never a bogus version
    out += ' ';
    out += std::to_string(answer.status);
    out += ' ';
    out += Poco::Net::HTTPResponse::getReasonForStatus(status);
    out += "\r\n";
    for (const auto& [name, value] : response) // Date, Server: the connection's choices
    {
        if (Poco::icompare(name, Poco::Net::HTTPMessage::CONNECTION) != 0)
            appendField(out, name, value);
    }
    if (!keepAlive)
        out += "Connection: close\r\n";
    else if (http10)
        out += "Connection: keep-alive\r\n";
    // A 204 or 304 has no content: no Content-Type, and no Content-Length (RFC 9110).
    const bool hasContent = answer.status != 204 && answer.status != 304 && answer.status >= 200;
    if (hasContent)
        appendField(out, "Content-Type", answer.contentType);
    out += SECURITY_HEADERS;
    bool hasPolicy = false;
    for (const auto& [name, value] : answer.headers)
    {
        appendField(out, name, value);
        hasPolicy = hasPolicy || name == "Content-Security-Policy";
    }
    if (!hasPolicy)
        appendField(out, "Content-Security-Policy", DEFAULT_POLICY);
    if (hasContent)
        appendField(out, "Content-Length", std::to_string(answer.body.size()));
    out += "\r\n";
    if (head)
        return 0;
    out.append(answer.body.data(), answer.body.size());
    return answer.body.size();
}

} // namespace labmock
