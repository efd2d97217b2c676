//
// EndpointHandler.h
//
// Answers one request with an endpoint's Response: the one handler class of the server.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_ENDPOINTHANDLER_INCLUDED
#define LABMOCK_ENDPOINTHANDLER_INCLUDED

#include "Response.h"

#include <Poco/Net/HTTPRequestHandler.h>

#include <cstddef>
#include <functional>

namespace labmock
{

class AccessLog;
class CorsPolicy;
class RequestMetrics;
class TokenAuthenticator;

/// Wraps an endpoint function with what every response needs: access control for
/// guarded routes, CORS, security headers, HEAD without a body, a 500 instead of a
/// dropped connection when anything throws, the access log and request metrics.
/// Created per request by the Router; used by one thread.
class EndpointHandler : public Poco::Net::HTTPRequestHandler
{
public:
    using Endpoint = std::function<Response(const Poco::Net::HTTPServerRequest&)>;

    /// Shared by all handlers; outlives the HTTP server.
    struct Context
    {
        RequestMetrics& metrics;
        AccessLog& accessLog;
        const TokenAuthenticator& authenticator;
        const CorsPolicy& cors;
    };

    EndpointHandler(const Context& context, std::size_t routeId, bool guarded, Endpoint endpoint);

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

private:
    Response respond(const Poco::Net::HTTPServerRequest& request) const;

    const Context& _context;
    std::size_t _routeId;
    bool _guarded;
    Endpoint _endpoint;
};

} // namespace labmock

#endif // LABMOCK_ENDPOINTHANDLER_INCLUDED
