//
// TokenAuthenticator.h
//
// Optional access control for the page and API: one shared token.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_TOKENAUTHENTICATOR_INCLUDED
#define LABMOCK_TOKENAUTHENTICATOR_INCLUDED

#include <string>

namespace Poco::Net
{
class HTTPRequest;
}

namespace labmock
{

/// Accepts `Authorization: Bearer <token>` or HTTP Basic with the token as password
/// (any user name), compared in constant time. With no token configured every request
/// is accepted. Immutable; thread-safe.
class TokenAuthenticator
{
public:
    explicit TokenAuthenticator(std::string token);

    bool enabled() const;
    bool accepts(const Poco::Net::HTTPRequest& request) const;

    /// Compares without an early exit, so timing does not reveal a matching prefix.
    static bool equalConstantTime(const std::string& a, const std::string& b);

private:
    std::string _token;
};

} // namespace labmock

#endif // LABMOCK_TOKENAUTHENTICATOR_INCLUDED
