//
// JsonLogFormatterTest.cpp
//
// JsonLogFormatter: one JSON object per message, with the access-log fields typed.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "JsonLogFormatter.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Message.h>
#include <Poco/RegularExpression.h>

#include <gtest/gtest.h>

using labmock::JsonLogFormatter;
using Poco::JSON::Object;

namespace
{

Object::Ptr formatted(const Poco::Message& message, std::string* raw = nullptr)
{
    JsonLogFormatter formatter;
    std::string text;
    formatter.format(message, text);
    if (raw)
        *raw = text;
    return Poco::JSON::Parser().parse(text).extract<Object::Ptr>();
}

} // namespace

TEST(JsonLogFormatter, WritesTimeLevelLoggerAndMessage)
{
    const Poco::Message message("lab-mock-server", "listening on 127.0.0.1:8080", Poco::Message::PRIO_INFORMATION);
    std::string raw;
    const Object::Ptr object = formatted(message, &raw);
    EXPECT_EQ(raw.find('\n'), std::string::npos) << "one line per message";
    EXPECT_EQ(object->size(), 4u);
    EXPECT_EQ(object->getValue<std::string>("level"), "information");
    EXPECT_EQ(object->getValue<std::string>("logger"), "lab-mock-server");
    EXPECT_EQ(object->getValue<std::string>("message"), "listening on 127.0.0.1:8080");
    const Poco::RegularExpression iso8601("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$");
    EXPECT_TRUE(iso8601.match(object->getValue<std::string>("time"))) << object->getValue<std::string>("time");
    EXPECT_LT(raw.find("\"time\""), raw.find("\"level\""));
    EXPECT_LT(raw.find("\"level\""), raw.find("\"logger\""));
    EXPECT_LT(raw.find("\"logger\""), raw.find("\"message\""));
}

TEST(JsonLogFormatter, NamesEveryLevel)
{
    const std::vector<std::pair<Poco::Message::Priority, std::string>> levels{
        {Poco::Message::PRIO_FATAL, "fatal"},   {Poco::Message::PRIO_CRITICAL, "critical"},
        {Poco::Message::PRIO_ERROR, "error"},   {Poco::Message::PRIO_WARNING, "warning"},
        {Poco::Message::PRIO_NOTICE, "notice"}, {Poco::Message::PRIO_INFORMATION, "information"},
        {Poco::Message::PRIO_DEBUG, "debug"},   {Poco::Message::PRIO_TRACE, "trace"}};
    for (const auto& [priority, name] : levels)
        EXPECT_EQ(formatted(Poco::Message("x", "y", priority))->getValue<std::string>("level"), name);
}

TEST(JsonLogFormatter, AddsAccessLogFieldsWithNumbersAsNumbers)
{
    Poco::Message message("access", "127.0.0.1 GET /404 404 10 0.250ms", Poco::Message::PRIO_INFORMATION);
    message.set("client", "127.0.0.1");
    message.set("method", "GET");
    message.set("path", "/404");
    message.set("status", "404");
    message.set("bytes", "10");
    message.set("durationMs", "0.250");
    message.set("unrelated", "not a field");
    std::string raw;
    const Object::Ptr object = formatted(message, &raw);
    EXPECT_EQ(object->getValue<std::string>("client"), "127.0.0.1");
    EXPECT_EQ(object->getValue<std::string>("method"), "GET");
    EXPECT_TRUE(object->get("path").isString()) << "a path that looks like a number stays a string";
    EXPECT_EQ(object->getValue<std::string>("path"), "/404");
    EXPECT_TRUE(object->get("status").isNumeric());
    EXPECT_EQ(object->getValue<int>("status"), 404);
    EXPECT_EQ(object->getValue<int>("bytes"), 10);
    EXPECT_DOUBLE_EQ(object->getValue<double>("durationMs"), 0.25);
    EXPECT_FALSE(object->has("unrelated"));
    EXPECT_LT(raw.find("\"message\""), raw.find("\"client\""));
    EXPECT_LT(raw.find("\"bytes\""), raw.find("\"durationMs\""));
}

TEST(JsonLogFormatter, StaysValidJsonWhateverTheText)
{
    const std::string text = "quote \" backslash \\ newline \n tab \t control \x01 caf\xc3\xa9 </script>";
    const Object::Ptr object = formatted(Poco::Message("x", text, Poco::Message::PRIO_WARNING));
    EXPECT_EQ(object->getValue<std::string>("message"), text);
}

TEST(JsonLogFormatter, ListsItsFields)
{
    EXPECT_EQ(JsonLogFormatter::fields(),
              (std::vector<std::string>{"client", "method", "path", "status", "bytes", "durationMs"}));
}
