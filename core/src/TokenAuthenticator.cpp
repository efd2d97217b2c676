//
// TokenAuthenticator.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "TokenAuthenticator.h"

#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/SHA2Engine.h>

namespace labmock
{

TokenAuthenticator::TokenAuthenticator(std::string token) : _token(std::move(token))
{
}

bool TokenAuthenticator::enabled() const
{
    return !_token.empty();
}

bool TokenAuthenticator::equalConstantTime(const std::string& a, const std::string& b)
{
    // Compare digests: equal lengths whatever the inputs, so length is not revealed either.
    Poco::SHA2Engine da, db;
    da.update(a);
    db.update(b);
    const auto& x = da.digest();
    const auto& y = db.digest();
    unsigned char difference = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
        difference |= static_cast<unsigned char>(x[i] ^ y[i]);
    return difference == 0;
}

bool TokenAuthenticator::accepts(const Poco::Net::HTTPRequest& request) const
{
    if (!enabled())
        return true;
    if (!request.hasCredentials())
        return false;
    try
    {
        std::string scheme, info;
        request.getCredentials(scheme, info);
        if (Poco::icompare(scheme, "Bearer") == 0)
            return equalConstantTime(info, _token);
        if (Poco::icompare(scheme, "Basic") == 0)
            return equalConstantTime(Poco::Net::HTTPBasicCredentials(request).getPassword(), _token);
    }
    catch (const Poco::Exception&)
    {
        // A malformed header is simply not a credential.
    }
    return false;
}

} // namespace labmock
