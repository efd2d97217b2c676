//
// EndpointHandler.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "EndpointHandler.h"

#include "AccessLog.h"
#include "CorsPolicy.h"
#include "RequestMetrics.h"
#include "ResponseWriter.h"
#include "TokenAuthenticator.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Timestamp.h>

namespace labmock
{

EndpointHandler::EndpointHandler(const Context& context, std::size_t routeId, bool guarded, Endpoint endpoint)
    : _context(context), _routeId(routeId), _guarded(guarded), _endpoint(std::move(endpoint))
{
}

Response EndpointHandler::respond(const Poco::Net::HTTPServerRequest& request) const
{
    // POCO closes the connection without a response when a handler throws anything but
    // a Poco::Exception: every failure must become a 500 here.
    try
    {
        if (_guarded && !_context.authenticator.accepts(request))
        {
            Response denied = Response::text(401, "authentication required\n");
            denied.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"lab-mock-server\"");
            denied.headers.emplace_back("WWW-Authenticate", "Basic realm=\"lab-mock-server\", charset=\"UTF-8\"");
            _context.cors.decorate(request, denied); // so a cross-origin app sees the 401, not a network error
            return denied;
        }
        Response response = _endpoint(request);
        _context.cors.decorate(request, response);
        return response;
    }
    catch (const Poco::Exception& e)
    {
        Poco::Logger::get("http").error("request failed: " + e.displayText());
    }
    catch (const std::exception& e)
    {
        Poco::Logger::get("http").error(std::string("request failed: ") + e.what());
    }
    catch (...)
    {
        Poco::Logger::get("http").error("request failed: unknown exception");
    }
    return Response::text(500, "internal server error\n");
}

void EndpointHandler::handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
    const Poco::Timestamp start;
    const Response answer = respond(request);
    std::size_t bytes = 0;
    try
    {
        bytes = ResponseWriter::write(request, response, answer);
    }
    catch (const Poco::Exception& e)
    {
        // The client went away mid-response; nothing more to say to it.
        Poco::Logger::get("http").debug("response not delivered: " + e.displayText());
    }
    const double seconds = static_cast<double>(start.elapsed()) / 1e6;
    _context.metrics.record(_routeId, answer.status, seconds);
    if (_context.accessLog.enabled())
        _context.accessLog.record(request.clientAddress().host().toString(), request.getMethod(), request.getURI(),
                                  answer.status, bytes, seconds);
}

} // namespace labmock
