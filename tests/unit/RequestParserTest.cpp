//
// RequestParserTest.cpp
//
// RequestParser: one unambiguous framing or a refusal, whole or byte by byte.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "http/RequestParser.h"

#include <Poco/Net/HTTPRequest.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using labmock::RequestParser;
using Result = RequestParser::Result;

namespace
{

struct Parsed
{
    Result result = Result::Incomplete;
    int status = 0;
    std::size_t consumed = 0;
    bool keepAlive = false;
    bool hasBody = false;
    Poco::Net::HTTPRequest request;
};

/// Feeds text at once, or growing by one byte at a time as a slow client would send it.
Parsed parse(const std::string& text, bool byteByByte = false)
{
    Parsed parsed;
    RequestParser parser;
    const std::size_t start = byteByByte ? 1 : text.size();
    for (std::size_t size = start; size <= text.size(); ++size)
    {
        parsed.result = parser.parse(std::string_view(text).substr(0, size), parsed.request);
        if (parsed.result != Result::Incomplete)
            break;
    }
    parsed.status = parser.status();
    parsed.consumed = parser.consumed();
    parsed.keepAlive = parser.keepAlive();
    parsed.hasBody = parser.hasBody();
    return parsed;
}

} // namespace

TEST(RequestParser, ParsesARequestHeadWholeOrByteByByte)
{
    const std::string head = "GET /api/groups?pretty=1 HTTP/1.1\r\nHost: example.org\r\nAccept:  */* \r\n"
                             "X-Empty:\r\n\r\n";
    for (const bool byteByByte : {false, true})
    {
        const Parsed parsed = parse(head + "GET /next", byteByByte);
        ASSERT_EQ(parsed.result, Result::Complete) << byteByByte;
        EXPECT_EQ(parsed.consumed, head.size());
        EXPECT_EQ(parsed.request.getMethod(), "GET");
        EXPECT_EQ(parsed.request.getURI(), "/api/groups?pretty=1");
        EXPECT_EQ(parsed.request.getVersion(), "HTTP/1.1");
        EXPECT_EQ(parsed.request.get("Host"), "example.org");
        EXPECT_EQ(parsed.request.get("Accept"), "*/*"); // surrounding whitespace is not part of the value
        EXPECT_EQ(parsed.request.get("X-Empty"), "");
        EXPECT_TRUE(parsed.keepAlive);
        EXPECT_FALSE(parsed.hasBody);
    }
}

TEST(RequestParser, WaitsForTheEmptyLine)
{
    for (const std::string partial : {"", "GET", "GET / HTTP/1.1\r", "GET / HTTP/1.1\r\nHost: x\r\n",
                                      "GET / HTTP/1.1\r\nHost: x\r\n\r", "\r\n", "\r"})
        EXPECT_EQ(parse(partial).result, Result::Incomplete) << partial;
}

TEST(RequestParser, SkipsEmptyLinesBeforeTheRequestLine)
{
    const std::string request = "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n";
    const Parsed parsed = parse(request + "GET");
    ASSERT_EQ(parsed.result, Result::Complete);
    EXPECT_EQ(parsed.consumed, request.size());
    EXPECT_EQ(parse(std::string(20, '\r') + "GET / HTTP/1.1\r\nHost: x\r\n\r\n").status, 400);
}

TEST(RequestParser, DecidesKeepAliveByVersionAndConnection)
{
    EXPECT_TRUE(parse("GET / HTTP/1.1\r\nHost: x\r\n\r\n").keepAlive);
    EXPECT_FALSE(parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").keepAlive);
    EXPECT_FALSE(parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: TE, Close\r\n\r\n").keepAlive);
    EXPECT_FALSE(parse("GET / HTTP/1.0\r\n\r\n").keepAlive);
    EXPECT_TRUE(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive);
    EXPECT_FALSE(parse("GET / HTTP/1.0\r\nConnection: upgrade\r\n\r\n").keepAlive);
}

TEST(RequestParser, NotesABodyItWillNotRead)
{
    EXPECT_FALSE(parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").hasBody);
    EXPECT_FALSE(parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 000\r\n\r\n").hasBody);
    const Parsed post = parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n");
    EXPECT_EQ(post.result, Result::Complete);
    EXPECT_TRUE(post.hasBody);
    EXPECT_EQ(parse("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n").result,
              Result::Complete);
}

TEST(RequestParser, RefusesAmbiguousOrMalformedRequests)
{
    const std::vector<std::pair<std::string, int>> cases{
        {"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +1\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n", 400},
        {"GET / HTTP/1.1\nHost: x\n\n", 400},
        {"GET / HTTP/1.1\r\nHost: x\n\r\n", 400},
        {"GET / HTTP/1.1\r\n\r\n", 400},                                 // HTTP/1.1 without Host
        {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},           // two Hosts
        {"GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n", 400},           // two Hosts on 1.0 too
        {"GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n", 400}, // obs-fold
        {"GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n\tfolded\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400}, // whitespace before the colon
        {"GET / HTTP/1.1\r\nHost\t: x\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\n: x\r\nHost: x\r\n\r\n", 400},
        {std::string("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", 37), 400},
        {"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x7f\r\n\r\n", 400},
        {"GET /a\x01 HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"GET /\x80 HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400}, // two spaces
        {"GET / HTTP/1.1 \r\nHost: x\r\n\r\n", 400},
        {"GET /\r\nHost: x\r\n\r\n", 400}, // HTTP/0.9 style
        {" / HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"G(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"GET / FOO/9.9\r\nHost: x\r\n\r\n", 400},
        {"GET / http/1.1\r\nHost: x\r\n\r\n", 400},
        {"GET / HTTP/1.10\r\nHost: x\r\n\r\n", 400},
        {"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505},
        {"GET / HTTP/0.9\r\nHost: x\r\n\r\n", 505},
        {"GET / HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\n\r\n", 417},
        {"\r\r\n", 400},
    };
    for (const auto& [text, status] : cases)
    {
        for (const bool byteByByte : {false, true})
        {
            const Parsed parsed = parse(text, byteByByte);
            EXPECT_EQ(parsed.result, Result::Invalid) << text;
            EXPECT_EQ(parsed.status, status) << text;
        }
    }
}

TEST(RequestParser, LimitsTheRequestLineAndTheHead)
{
    const std::string longTarget = "GET /" + std::string(RequestParser::MAX_REQUEST_LINE, 'a');
    EXPECT_EQ(parse(longTarget).status, 414) << "refused before the line ends";
    EXPECT_EQ(parse(longTarget + " HTTP/1.1\r\nHost: x\r\n\r\n").status, 414);

    std::string manyFields = "GET / HTTP/1.1\r\nHost: x\r\n";
    for (std::size_t i = 0; i < RequestParser::MAX_FIELDS; ++i)
        manyFields += "X-" + std::to_string(i) + ": 1\r\n";
    EXPECT_EQ(parse(manyFields + "\r\n").status, 431);

    const std::string bigField = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(RequestParser::MAX_HEAD, 'b');
    EXPECT_EQ(parse(bigField).status, 431) << "refused before the head ends";
    EXPECT_EQ(parse(bigField + "\r\n\r\n").status, 431);
    EXPECT_EQ(parse(bigField, true).status, 431);
}

TEST(RequestParser, ReasonsNeverCarryTheRequestsBytes)
{
    RequestParser parser;
    Poco::Net::HTTPRequest request;
    ASSERT_EQ(parser.parse("GET / HTTP/1.1\r\nHost: x\r\nX-Secret-Canary: a\0b\r\n\r\n", request), Result::Incomplete)
        << "a string literal stops at the NUL";
    ASSERT_EQ(parser.parse(std::string_view("GET / HTTP/1.1\r\nHost: x\r\nX-Secret-Canary: a\0b\r\n\r\n", 51), request),
              Result::Invalid);
    EXPECT_EQ(std::string(parser.reason()).find("Canary"), std::string::npos) << parser.reason();
}

TEST(RequestParser, ResetsForTheNextRequest)
{
    RequestParser parser;
    Poco::Net::HTTPRequest first;
    ASSERT_EQ(parser.parse("GET / HTTP/1.0\r\nContent-Length: 3\r\n\r\n", first), Result::Complete);
    EXPECT_TRUE(parser.hasBody());
    parser.reset();
    Poco::Net::HTTPRequest second;
    ASSERT_EQ(parser.parse("HEAD /x HTTP/1.1\r\nHost: x\r\n\r\n", second), Result::Complete);
    EXPECT_FALSE(parser.hasBody());
    EXPECT_TRUE(parser.keepAlive());
    EXPECT_EQ(second.getMethod(), "HEAD");
}
