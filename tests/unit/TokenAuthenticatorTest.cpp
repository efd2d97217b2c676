//
// TokenAuthenticatorTest.cpp
//
// TokenAuthenticator: Bearer or Basic with the token, nothing else.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "TokenAuthenticator.h"

#include <Poco/Base64Encoder.h>
#include <Poco/Net/HTTPRequest.h>

#include <gtest/gtest.h>

#include <sstream>

using labmock::TokenAuthenticator;

namespace
{

Poco::Net::HTTPRequest withAuthorization(const std::string& value)
{
    Poco::Net::HTTPRequest request("GET", "/", Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("Authorization", value);
    return request;
}

std::string basic(const std::string& user, const std::string& password)
{
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << user << ":" << password;
    encoder.close();
    return "Basic " + out.str();
}

} // namespace

TEST(TokenAuthenticator, DisabledWithoutATokenAcceptsEverything)
{
    const TokenAuthenticator auth("");
    EXPECT_FALSE(auth.enabled());
    EXPECT_TRUE(auth.accepts(Poco::Net::HTTPRequest("GET", "/", Poco::Net::HTTPMessage::HTTP_1_1)));
    EXPECT_TRUE(auth.accepts(withAuthorization("Bearer anything")));
}

TEST(TokenAuthenticator, AcceptsTheBearerToken)
{
    const TokenAuthenticator auth("s3cr3t-token");
    EXPECT_TRUE(auth.enabled());
    EXPECT_TRUE(auth.accepts(withAuthorization("Bearer s3cr3t-token")));
    EXPECT_TRUE(auth.accepts(withAuthorization("bearer s3cr3t-token"))); // schemes are case-insensitive
}

TEST(TokenAuthenticator, AcceptsBasicWithTheTokenAsPasswordAndAnyUser)
{
    const TokenAuthenticator auth("s3cr3t-token");
    EXPECT_TRUE(auth.accepts(withAuthorization(basic("operator", "s3cr3t-token"))));
    EXPECT_TRUE(auth.accepts(withAuthorization(basic("", "s3cr3t-token"))));
}

TEST(TokenAuthenticator, RejectsAWrongToken)
{
    const TokenAuthenticator auth("s3cr3t-token");
    EXPECT_FALSE(auth.accepts(withAuthorization("Bearer wrong")));
    EXPECT_FALSE(auth.accepts(withAuthorization("Bearer s3cr3t-token2")));
    EXPECT_FALSE(auth.accepts(withAuthorization("Bearer s3cr3t")));
    EXPECT_FALSE(auth.accepts(withAuthorization("Bearer S3CR3T-TOKEN")));
    EXPECT_FALSE(auth.accepts(withAuthorization(basic("s3cr3t-token", "wrong")))); // the user name is not the token
}

TEST(TokenAuthenticator, RejectsMissingAndMalformedCredentials)
{
    const TokenAuthenticator auth("s3cr3t-token");
    EXPECT_FALSE(auth.accepts(Poco::Net::HTTPRequest("GET", "/", Poco::Net::HTTPMessage::HTTP_1_1)));
    for (const char* value :
         {"", "Bearer", "Bearer ", "s3cr3t-token", "Token s3cr3t-token", "Basic", "Basic !!!notbase64",
          "Basic czNjcjN0LXRva2Vu" /* base64 of the token without a colon */, "Digest username=x"})
        EXPECT_FALSE(auth.accepts(withAuthorization(value))) << "Authorization: " << value;
}

TEST(TokenAuthenticator, ComparesWholeValues)
{
    EXPECT_TRUE(TokenAuthenticator::equalConstantTime("abc", "abc"));
    EXPECT_TRUE(TokenAuthenticator::equalConstantTime("", ""));
    EXPECT_FALSE(TokenAuthenticator::equalConstantTime("abc", "abd"));
    EXPECT_FALSE(TokenAuthenticator::equalConstantTime("abc", "abcd"));
    EXPECT_FALSE(TokenAuthenticator::equalConstantTime("abc", ""));
    EXPECT_FALSE(TokenAuthenticator::equalConstantTime(std::string("a\0b", 3), "a"));
}
