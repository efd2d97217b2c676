//
// Response.h
//
// What an endpoint answers, before it is written to the connection.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_RESPONSE_INCLUDED
#define LABMOCK_RESPONSE_INCLUDED

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace labmock
{

/// Status, headers and a body that may point into shared, cached data (owner keeps
/// it alive), so a cached page is written without being copied. A plain value type.
struct Response
{
    int status = 200;
    std::string contentType = "text/plain; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string_view body;
    std::shared_ptr<const void> owner;

    /// A response that owns its body.
    static Response text(int status, std::string body, std::string contentType = "text/plain; charset=utf-8")
    {
        auto owned = std::make_shared<const std::string>(std::move(body));
        Response response;
        response.status = status;
        response.contentType = std::move(contentType);
        response.body = *owned;
        response.owner = std::move(owned);
        return response;
    }

    /// A response whose body is part of owner.
    static Response shared(std::shared_ptr<const void> owner, std::string_view body, std::string contentType)
    {
        Response response;
        response.contentType = std::move(contentType);
        response.body = body;
        response.owner = std::move(owner);
        return response;
    }
};

} // namespace labmock

#endif // LABMOCK_RESPONSE_INCLUDED
