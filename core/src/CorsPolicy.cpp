//
// CorsPolicy.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "CorsPolicy.h"

#include <Poco/Net/HTTPRequest.h>

#include <algorithm>

namespace labmock
{

CorsPolicy::CorsPolicy(std::vector<std::string> allowedOrigins) : _origins(std::move(allowedOrigins))
{
}

bool CorsPolicy::enabled() const
{
    return !_origins.empty();
}

bool CorsPolicy::allows(const Poco::Net::HTTPRequest& request) const
{
    const std::string origin = request.get("Origin", ""); // a copy: the default is a temporary
    return !origin.empty() && std::find(_origins.begin(), _origins.end(), origin) != _origins.end();
}

void CorsPolicy::decorate(const Poco::Net::HTTPRequest& request, Response& response) const
{
    if (!enabled())
        return;
    response.headers.emplace_back("Vary", "Origin");
    if (!allows(request))
        return;
    response.headers.emplace_back("Access-Control-Allow-Origin", request.get("Origin"));
    response.headers.emplace_back("Access-Control-Allow-Credentials", "true");
}

Response CorsPolicy::preflight(const Poco::Net::HTTPRequest& request) const
{
    if (!allows(request))
        return Response::text(403, "origin not allowed\n");
    Response response = Response::text(204, ""); // the handler adds the origin grant, as for any response
    response.headers.emplace_back("Access-Control-Allow-Methods", "GET, HEAD");
    response.headers.emplace_back("Access-Control-Allow-Headers", "Authorization");
    response.headers.emplace_back("Access-Control-Max-Age", "600");
    return response;
}

} // namespace labmock
