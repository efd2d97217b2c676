//
// ServerRequest.h
//
// The request a handler sees: Poco's HTTPServerRequest over our event-driven connection.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_SERVERREQUEST_INCLUDED
#define LABMOCK_SERVERREQUEST_INCLUDED

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/SocketAddress.h>

#include <sstream>

namespace labmock
{

class ServerResponse;

/// A parsed request head with the addresses of its connection. Requests have no body
/// stream here: the connection layer does not read bodies (a request that has one is
/// answered and its connection closed), so stream() is always empty. One per connection,
/// reused request after request; used by the connection's loop thread only.
class ServerRequest : public Poco::Net::HTTPServerRequest
{
public:
    /// The references must outlive the request.
    ServerRequest(ServerResponse& response, const Poco::Net::SocketAddress& client,
                  const Poco::Net::SocketAddress& server, const Poco::Net::HTTPServerParams& params);

    /// Empties method, target, version and fields for the next request.
    void reset();

    std::istream& stream() override;
    const Poco::Net::SocketAddress& clientAddress() const override;
    const Poco::Net::SocketAddress& serverAddress() const override;
    const Poco::Net::HTTPServerParams& serverParams() const override;
    Poco::Net::HTTPServerResponse& response() const override;
    bool secure() const override;

private:
    ServerResponse& _response;
    const Poco::Net::SocketAddress& _client;
    const Poco::Net::SocketAddress& _server;
    const Poco::Net::HTTPServerParams& _params;
    std::istringstream _body;
};

} // namespace labmock

#endif // LABMOCK_SERVERREQUEST_INCLUDED
