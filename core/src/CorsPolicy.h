//
// CorsPolicy.h
//
// Cross-origin access for a single-page app served from elsewhere.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_CORSPOLICY_INCLUDED
#define LABMOCK_CORSPOLICY_INCLUDED

#include "Response.h"

#include <string>
#include <vector>

namespace Poco::Net
{
class HTTPRequest;
}

namespace labmock
{

/// Allows the exact origins of cors.allowOrigins (never a wildcard) to read the page
/// and API with credentials, and answers their preflight OPTIONS. Immutable; thread-safe.
class CorsPolicy
{
public:
    explicit CorsPolicy(std::vector<std::string> allowedOrigins);

    bool enabled() const;

    /// Adds the CORS headers to response when request comes from an allowed origin.
    void decorate(const Poco::Net::HTTPRequest& request, Response& response) const;

    /// The answer to a preflight OPTIONS: 204 with the allowed methods and headers (the
    /// handler adds the origin grant, as for every response), or 403 for another origin.
    Response preflight(const Poco::Net::HTTPRequest& request) const;

private:
    bool allows(const Poco::Net::HTTPRequest& request) const;

    std::vector<std::string> _origins;
};

} // namespace labmock

#endif // LABMOCK_CORSPOLICY_INCLUDED
