//
// ServerRequest.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "http/ServerRequest.h"

#include "http/ServerResponse.h"

namespace labmock
{

ServerRequest::ServerRequest(ServerResponse& response, const Poco::Net::SocketAddress& client,
                             const Poco::Net::SocketAddress& server, const Poco::Net::HTTPServerParams& params)
    : _response(response), _client(client), _server(server), _params(params)
{
}

void ServerRequest::reset()
{
    clear();
    setMethod(HTTP_GET);
    setURI("/");
    setVersion(HTTP_1_0);
}

std::istream& ServerRequest::stream()
{
    return _body;
}

const Poco::Net::SocketAddress& ServerRequest::clientAddress() const
{
    return _client;
}

const Poco::Net::SocketAddress& ServerRequest::serverAddress() const
{
    return _server;
}

const Poco::Net::HTTPServerParams& ServerRequest::serverParams() const
{
    return _params;
}

Poco::Net::HTTPServerResponse& ServerRequest::response() const
{
    return _response;
}

bool ServerRequest::secure() const
{
    return false;
}

} // namespace labmock
