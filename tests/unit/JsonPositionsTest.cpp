//
// JsonPositionsTest.cpp
//
// JsonPositions: the line and column of a JSON syntax error and of each member, and a scan
// that refuses what POCO's parser refuses.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "JsonPositions.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

#include <string>

using jsongroups::JsonPositions;

namespace
{

bool pocoParses(const std::string& text)
{
    try
    {
        Poco::JSON::Parser parser;
        parser.parse(text);
        return true;
    }
    catch (const Poco::Exception&)
    {
        return false;
    }
}

} // namespace

TEST(JsonPositions, FindsTheFirstSyntaxErrorByLineAndColumn)
{
    EXPECT_EQ(JsonPositions::scan("{\n  \"a\": 1,\n  \"b\" 2\n}").error(),
              "line 3, column 7: expected ':' after the member name \"b\"");
    EXPECT_EQ(JsonPositions::scan("[1, 2").error(), "line 1, column 6: the text ends inside an array");
    EXPECT_EQ(JsonPositions::scan("{\"a\": tru}").error(), "line 1, column 7: expected true");
    EXPECT_EQ(JsonPositions::scan("{} x").error(), "line 1, column 4: unexpected text after the JSON value");
    EXPECT_EQ(JsonPositions::scan("").error(), "line 1, column 1: the file holds no JSON value");
    // A column counts characters, not bytes.
    EXPECT_EQ(JsonPositions::scan("[\"\xc3\xa9\xc3\xa9\", x]").error(),
              "line 1, column 8: expected a value, found 'x'");
}

TEST(JsonPositions, LocatesMembersAndElementsByPointer)
{
    const JsonPositions positions =
        JsonPositions::scan("[\n  {\"name\": \"A\",\n   \"vars\": [\"X\",\n            \"Y\"]}\n]");
    EXPECT_TRUE(positions.valid());
    EXPECT_EQ(positions.error(), "");
    EXPECT_EQ(positions.at("/0"), "line 2, column 3");
    EXPECT_EQ(positions.at("/0/name"), "line 2, column 4");
    EXPECT_EQ(positions.at("/0/vars"), "line 3, column 4");
    EXPECT_EQ(positions.at("/0/vars/1"), "line 4, column 13");
    EXPECT_EQ(positions.at("/1"), "");
}

TEST(JsonPositions, RefusesWhatPocoRefuses)
{
    const std::string deep = std::string(129, '[') + std::string(129, ']');
    for (const std::string& text :
         {std::string("[\"\xff\"]"), std::string("[\"\xc0\xaf\"]"), std::string("[\"\xed\xa0\x80\"]"),
          std::string("[\"\xf4\x90\x80\x80\"]"), std::string("[\"\\ud800\"]"), std::string("[\"\\udc00\"]"),
          std::string("[\"\\ud800\\u0041\"]"), std::string("[1e999]"), std::string("[99999999999999999999999]"),
          std::string("[-99999999999999999999999]"), std::string("[01]"), std::string("[1.]"), std::string("[1,]"),
          std::string("{\"a\":1,}"), std::string("\xef\xbb\xbf[1]"), std::string("[\"a\x01\"]"),
          std::string("\"text\""), std::string("1"), deep})
    {
        EXPECT_FALSE(pocoParses(text)) << text;
        EXPECT_FALSE(JsonPositions::scan(text).valid()) << text;
    }
    for (const std::string& text : {std::string("[\"\\ud83d\\ude00\", \"\xf0\x9f\x98\x80\", 1e308, -1.5e-999, 0]"),
                                    std::string(128, '[') + std::string(128, ']'), std::string("{\"a\": null}")})
    {
        EXPECT_TRUE(pocoParses(text)) << text;
        EXPECT_TRUE(JsonPositions::scan(text).valid()) << text << ": " << JsonPositions::scan(text).error();
    }
}
