//
// Router.h
//
// The HTTP request handler factory: an ordered table of routes with fallbacks.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_ROUTER_INCLUDED
#define LABMOCK_ROUTER_INCLUDED

#include "EndpointHandler.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <cstdint>
#include <string>
#include <vector>

namespace labmock
{

/// Matches the request path (below http.basePath) against the routes in order; the first
/// match wins. What matches nothing gets a handler too — 400 for a request it cannot
/// trust, 404 for an unknown path, 405 with Allow for a method other than GET/HEAD,
/// the CORS preflight for OPTIONS — so the factory never returns null.
/// Every route answers GET and HEAD, or only POST (an action). Immutable after construction; called from any
/// server thread.
class Router : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    struct Route
    {
        std::string path; ///< exact path below the base path, e.g. "/api/groups"
        bool guarded;     ///< behind auth.token when one is set
        bool corsAllowed; ///< readable cross-origin when cors.allowOrigins is set
        bool probe;       ///< also served on the probe listener (http.probePort)
        EndpointHandler::Endpoint endpoint;
        bool post = false; ///< answers POST (an action) instead of GET and HEAD
    };

    /// The label of requests that matched no route, in metrics.
    static constexpr const char* UNMATCHED = "unmatched";

    /// With probesOnly, routes that are not probes answer 404 (the probe listener), and the
    /// probes answer at the root as well as below the base path.
    Router(std::string basePath, std::vector<Route> routes, EndpointHandler::Context context, bool probesOnly = false);

    /// Route paths in id order, then UNMATCHED: the label values of request metrics.
    static std::vector<std::string> metricLabels(const std::vector<Route>& routes);

    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    /// A fixed answer, counted under routeId (UNMATCHED by default) in metrics.
    Poco::Net::HTTPRequestHandler* fallback(int status, std::string body, std::string allow = "",
                                            std::size_t routeId = SIZE_MAX) const;

    std::string _basePath;
    std::vector<Route> _routes;
    EndpointHandler::Context _context;
    bool _probesOnly;
};

} // namespace labmock

#endif // LABMOCK_ROUTER_INCLUDED
