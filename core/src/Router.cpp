//
// Router.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Router.h"

#include "CorsPolicy.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/String.h>

#include <algorithm>

namespace labmock
{

namespace
{

/// The path part of a request target in origin form; "" for any other form.
std::string targetPath(const std::string& uri)
{
    if (uri.empty() || uri[0] != '/')
        return "";
    return uri.substr(0, uri.find_first_of("?#"));
}

} // namespace

Router::Router(std::string basePath, std::vector<Route> routes, EndpointHandler::Context context, bool probesOnly)
    : _basePath(std::move(basePath)), _routes(std::move(routes)), _context(context), _probesOnly(probesOnly)
{
}

std::vector<std::string> Router::metricLabels(const std::vector<Route>& routes)
{
    std::vector<std::string> labels;
    for (const auto& route : routes)
        labels.push_back(route.path);
    labels.emplace_back(UNMATCHED);
    return labels;
}

Poco::Net::HTTPRequestHandler* Router::fallback(int status, std::string body, std::string allow,
                                                std::size_t routeId) const
{
    return new EndpointHandler(_context, std::min(routeId, _routes.size()), false,
                               [status, body = std::move(body), allow = std::move(allow)](const auto&)
                               {
                                   Response response = Response::text(status, body);
                                   if (!allow.empty())
                                       response.headers.emplace_back("Allow", allow);
                                   return response;
                               });
}

Poco::Net::HTTPRequestHandler* Router::createRequestHandler(const Poco::Net::HTTPServerRequest& request)
{
    // POCO 1.11 answers any version string; only HTTP/1.x requests are trusted here.
    const std::string& version = request.getVersion();
    if (version != Poco::Net::HTTPMessage::HTTP_1_1 && version != Poco::Net::HTTPMessage::HTTP_1_0)
        return fallback(400, "bad request: unsupported HTTP version\n");

    std::string path = targetPath(request.getURI());
    if (path.empty())
        return fallback(400, "bad request: expected a path\n");
    if (!_basePath.empty())
    {
        if (path == _basePath)
            path = "/";
        else if (Poco::startsWith(path, _basePath + "/"))
            path.erase(0, _basePath.size());
        else if (!_probesOnly) // the kubelet's probes stay at the root, whatever the base path
            return fallback(404, "not found\n");
    }

    for (std::size_t id = 0; id < _routes.size(); ++id)
    {
        const Route& route = _routes[id];
        if (route.path != path || (_probesOnly && !route.probe))
            continue;
        const std::string& method = request.getMethod();
        if (route.post)
        {
            if (method == Poco::Net::HTTPRequest::HTTP_POST)
                return new EndpointHandler(_context, id, route.guarded, route.endpoint);
            return fallback(405, "method not allowed\n", "POST", id);
        }
        if (method == Poco::Net::HTTPRequest::HTTP_GET || method == Poco::Net::HTTPRequest::HTTP_HEAD)
            return new EndpointHandler(_context, id, route.guarded, route.endpoint);
        const bool cors = route.corsAllowed && _context.cors.enabled();
        if (method == Poco::Net::HTTPRequest::HTTP_OPTIONS && cors)
        {
            const CorsPolicy& policy = _context.cors;
            return new EndpointHandler(_context, id, false, [&policy](const auto& r) { return policy.preflight(r); });
        }
        return fallback(405, "method not allowed\n", cors ? "GET, HEAD, OPTIONS" : "GET, HEAD", id);
    }
    return fallback(404, "not found\n");
}

} // namespace labmock
