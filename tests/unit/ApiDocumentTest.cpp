//
// ApiDocumentTest.cpp
//
// ApiDocument: the JSON twin of the page parses, with null for missing and the errors.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ApiDocument.h"

#include "BuildInfo.h"
#include "EnvironmentGuard.h"
#include "TestCatalog.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/TextIterator.h>
#include <Poco/UTF8Encoding.h>

#include <gtest/gtest.h>

using labmock::ApiDocument;
using labmock::Disclosure;
using labmock::Settings;
using labmock::Snapshot;
using labmock::ValueResolver;
using labmock::test::catalogOf;
using labmock::test::EnvironmentGuard;
using labmock::test::variable;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace
{

const std::string DEFAULT_PATTERN = Settings().secretPattern;

Object::Ptr parse(const std::string& json)
{
    return Poco::JSON::Parser().parse(json).extract<Object::Ptr>();
}

/// groups[g].variables[v] of document.
Object::Ptr variableAt(const Object::Ptr& document, std::size_t g, std::size_t v)
{
    return document->getArray("groups")->getObject(g)->getArray("variables")->getObject(v);
}

} // namespace

class ApiDocumentTest : public testing::Test
{
protected:
    std::string render(Settings::Reveal reveal, std::vector<labmock::PluginError> errors = {}) const
    {
        const auto snapshot = Snapshot::take(
            catalogOf({{"First", "The first group", {variable("API_USER"), variable("API_PASSWORD")}},
                       {"Second", "", {variable("API_ABSENT", false, false), variable("API_PIN", true, true)}}},
                      std::move(errors)),
            ValueResolver({}, 1024));
        return ApiDocument::render(*snapshot, Disclosure(reveal, DEFAULT_PATTERN));
    }

    EnvironmentGuard _user{"API_USER", "lab-user"};
    EnvironmentGuard _password{"API_PASSWORD", "hunter2"};
    EnvironmentGuard _absent{"API_ABSENT", std::nullopt};
    EnvironmentGuard _pin{"API_PIN", "1234"};
};

TEST_F(ApiDocumentTest, ParsesAndDescribesTheService)
{
    const Object::Ptr document = parse(render(Settings::Reveal::Masked));
    EXPECT_EQ(document->getValue<std::string>("service"), "lab-mock-server");
    EXPECT_EQ(document->getValue<std::string>("version"), labmock::BuildInfo::VERSION);
    EXPECT_EQ(document->getValue<std::string>("reveal"), "masked");
    const Object::Ptr summary = document->getObject("summary");
    EXPECT_EQ(summary->getValue<int>("variables"), 4);
    EXPECT_EQ(summary->getValue<int>("set"), 3);
    EXPECT_EQ(summary->getValue<int>("missing"), 1);
    EXPECT_EQ(summary->getValue<int>("unreadable"), 0);
    EXPECT_EQ(summary->getValue<int>("requiredMissing"), 0); // API_ABSENT is optional
}

TEST_F(ApiDocumentTest, ListsGroupsAndVariablesInCatalogOrder)
{
    const Object::Ptr document = parse(render(Settings::Reveal::All));
    const Array::Ptr groups = document->getArray("groups");
    ASSERT_EQ(groups->size(), 2u);
    EXPECT_EQ(groups->getObject(0)->getValue<std::string>("name"), "First");
    EXPECT_EQ(groups->getObject(0)->getValue<std::string>("description"), "The first group");
    EXPECT_EQ(groups->getObject(0)->getValue<std::string>("plugin"), "test");
    EXPECT_EQ(groups->getObject(1)->getValue<std::string>("name"), "Second");

    const Object::Ptr user = variableAt(document, 0, 0);
    EXPECT_EQ(user->getValue<std::string>("name"), "API_USER");
    EXPECT_EQ(user->getValue<std::string>("state"), "set");
    EXPECT_EQ(user->getValue<std::string>("value"), "lab-user");
    EXPECT_EQ(user->getValue<std::string>("source"), "env");
    EXPECT_FALSE(user->getValue<bool>("secret"));
    EXPECT_TRUE(user->getValue<bool>("required"));
    EXPECT_FALSE(user->has("masked"));
}

TEST_F(ApiDocumentTest, MissingIsNull)
{
    const Object::Ptr absent = variableAt(parse(render(Settings::Reveal::All)), 1, 0);
    EXPECT_EQ(absent->getValue<std::string>("state"), "missing");
    ASSERT_TRUE(absent->has("value"));
    EXPECT_TRUE(absent->isNull("value"));
    EXPECT_EQ(absent->getValue<std::string>("source"), "none");
    EXPECT_FALSE(absent->getValue<bool>("required"));
}

TEST_F(ApiDocumentTest, MaskedSecretsCarryLengthAndFingerprintNotTheValue)
{
    const std::string json = render(Settings::Reveal::Masked);
    EXPECT_EQ(json.find("hunter2"), std::string::npos);
    EXPECT_EQ(json.find("1234"), std::string::npos);
    const Object::Ptr password = variableAt(parse(json), 0, 1);
    EXPECT_TRUE(password->isNull("value"));
    EXPECT_TRUE(password->getValue<bool>("secret"));
    EXPECT_TRUE(password->getValue<bool>("masked"));
    EXPECT_EQ(password->getValue<int>("length"), 7);
    EXPECT_EQ(password->getValue<std::string>("fingerprint"), "sha256:f52fbd32b2b3");
    const Object::Ptr pin = variableAt(parse(json), 1, 1);
    EXPECT_TRUE(pin->getValue<bool>("secret")); // flagged by its plugin
    EXPECT_TRUE(pin->isNull("value"));
}

TEST_F(ApiDocumentTest, RevealNoneHasNoValuesLengthsOrFingerprints)
{
    const std::string json = render(Settings::Reveal::None);
    EXPECT_EQ(json.find("hunter2"), std::string::npos);
    EXPECT_EQ(json.find("lab-user"), std::string::npos);
    EXPECT_EQ(json.find("fingerprint"), std::string::npos);
    EXPECT_EQ(json.find("length"), std::string::npos);
    const Object::Ptr document = parse(json);
    EXPECT_EQ(document->getValue<std::string>("reveal"), "none");
    EXPECT_EQ(variableAt(document, 0, 0)->getValue<std::string>("state"), "set");
    EXPECT_TRUE(variableAt(document, 0, 0)->isNull("value"));
}

TEST_F(ApiDocumentTest, ListsErrors)
{
    const Object::Ptr document =
        parse(render(Settings::Reveal::Masked, {{"broken", "/plugins/libbroken-group.so", "bad \"ELF\"\nheader"}}));
    const Array::Ptr errors = document->getArray("errors");
    ASSERT_EQ(errors->size(), 1u);
    EXPECT_EQ(errors->getObject(0)->getValue<std::string>("plugin"), "broken");
    EXPECT_EQ(errors->getObject(0)->getValue<std::string>("path"), "/plugins/libbroken-group.so");
    EXPECT_EQ(errors->getObject(0)->getValue<std::string>("message"), "bad \"ELF\"\\nheader");
    EXPECT_EQ(parse(render(Settings::Reveal::Masked))->getArray("errors")->size(), 0u);
}

TEST_F(ApiDocumentTest, KeepsTheDocumentedKeyOrder)
{
    const std::string json = render(Settings::Reveal::Masked);
    const auto at = [&json](const std::string& key) { return json.find("\"" + key + "\""); };
    EXPECT_LT(at("service"), at("version"));
    EXPECT_LT(at("version"), at("reveal"));
    EXPECT_LT(at("reveal"), at("instance"));
    EXPECT_LT(at("instance"), at("summary"));
    EXPECT_LT(at("summary"), at("groups"));
    EXPECT_LT(at("groups"), at("errors"));
    const std::size_t group = at("groups");
    const auto after = [&json, group](const std::string& key) { return json.find("\"" + key + "\"", group); };
    EXPECT_LT(after("name"), after("state"));
    EXPECT_LT(after("state"), after("value"));
    EXPECT_LT(after("value"), after("source"));
}

TEST(ApiDocument, ReportsProblemsAndWarnings)
{
    const EnvironmentGuard both("API_BOTH", "env");
    const EnvironmentGuard bothFile("API_BOTH_FILE", "/nonexistent/file");
    const EnvironmentGuard broken("API_BROKEN", std::nullopt);
    const EnvironmentGuard brokenFile("API_BROKEN_FILE", "/nonexistent/file");
    const auto snapshot =
        Snapshot::take(catalogOf({{"G", "", {variable("API_BOTH"), variable("API_BROKEN")}}}), ValueResolver({}, 64));
    const Object::Ptr document =
        parse(ApiDocument::render(*snapshot, Disclosure(Settings::Reveal::All, DEFAULT_PATTERN)));
    EXPECT_NE(variableAt(document, 0, 0)->getValue<std::string>("warning").find("both set"), std::string::npos);
    const Object::Ptr unreadable = variableAt(document, 0, 1);
    EXPECT_EQ(unreadable->getValue<std::string>("state"), "unreadable");
    EXPECT_EQ(unreadable->getValue<std::string>("path"), "/nonexistent/file");
    EXPECT_NE(unreadable->getValue<std::string>("reason").find("does not exist"), std::string::npos);
    EXPECT_TRUE(unreadable->isNull("value"));
}

TEST(ApiDocument, StaysValidUtf8AndSafeToEmbedWhateverTheValues)
{
    const std::string hostile = "</script><script>alert(1)</script>";
    const EnvironmentGuard html("API_HTML", hostile);
    const EnvironmentGuard binary("API_BINARY", "ok\xff\x01");
    const EnvironmentGuard unicode("API_UNICODE", "caf\xc3\xa9 \xf0\x9f\x94\x91");
    const auto snapshot =
        Snapshot::take(catalogOf({{"G", "", {variable("API_HTML"), variable("API_BINARY"), variable("API_UNICODE")}}}),
                       ValueResolver({}, 64));
    const std::string json = ApiDocument::render(*snapshot, Disclosure(Settings::Reveal::All, DEFAULT_PATTERN));

    Poco::UTF8Encoding utf8;
    Poco::TextIterator it(json, utf8), end(json);
    for (; it != end; ++it)
        ASSERT_NE(*it, -1) << "invalid UTF-8 in the document";
    EXPECT_EQ(json.find("</script>"), std::string::npos) << "a document embedded in HTML must not close a script";

    const Object::Ptr document = parse(json);
    EXPECT_EQ(variableAt(document, 0, 0)->getValue<std::string>("value"), hostile);
    EXPECT_EQ(variableAt(document, 0, 1)->getValue<std::string>("value"), "ok\\xFF\\x01");
    EXPECT_TRUE(variableAt(document, 0, 1)->getValue<bool>("escaped"));
    EXPECT_EQ(variableAt(document, 0, 2)->getValue<std::string>("value"), "caf\xc3\xa9 \xf0\x9f\x94\x91");
    EXPECT_FALSE(variableAt(document, 0, 2)->has("escaped"));
}

TEST(ApiDocument, ADescriptionWithInvalidUtf8StaysValidUtf8)
{
    const auto snapshot = Snapshot::take(catalogOf({{"G", "bad \xff\xfe desc", {}}}), ValueResolver({}, 64));
    const std::string json = ApiDocument::render(*snapshot, Disclosure(Settings::Reveal::All, DEFAULT_PATTERN));
    Poco::UTF8Encoding utf8;
    Poco::TextIterator it(json, utf8), end(json);
    for (; it != end; ++it)
        ASSERT_NE(*it, -1) << "invalid UTF-8 in the document";
    const Object::Ptr document = parse(json);
    EXPECT_EQ(document->getArray("groups")->getObject(0)->getValue<std::string>("description"), "bad \\xFF\\xFE desc");
}

TEST(ApiDocument, SaysWhichInstanceAnsweredAndWhenTheValuesWereRead)
{
    const auto instance = std::make_shared<const labmock::InstanceInfo>(
        "replica-b", "host-b", Poco::Timestamp() - 90 * Poco::Timespan::SECONDS, "web-7f9c", "lab", "node-3",
        "10.1.2.3");
    const auto snapshot =
        Snapshot::take(catalogOf({{"G", "", {variable("API_X")}}}), ValueResolver({}, 64), {instance, nullptr});
    const Object::Ptr document =
        parse(ApiDocument::render(*snapshot, Disclosure(Settings::Reveal::Masked, DEFAULT_PATTERN)));
    const Object::Ptr object = document->getObject("instance");
    ASSERT_TRUE(object);
    EXPECT_EQ(object->getValue<std::string>("name"), "replica-b");
    EXPECT_EQ(object->getValue<std::string>("hostname"), "host-b");
    EXPECT_EQ(object->getValue<std::string>("pod"), "web-7f9c");
    EXPECT_EQ(object->getValue<std::string>("namespace"), "lab");
    EXPECT_EQ(object->getValue<std::string>("node"), "node-3");
    EXPECT_EQ(object->getValue<std::string>("ip"), "10.1.2.3");
    EXPECT_EQ(object->getValue<std::string>("startTime"), labmock::InstanceInfo::iso8601(instance->startTime()));
    EXPECT_EQ(object->getValue<std::string>("readAt"), labmock::InstanceInfo::iso8601(snapshot->takenAt()));
    EXPECT_GE(object->getValue<int>("uptimeSeconds"), 90);
    EXPECT_LT(object->getValue<int>("uptimeSeconds"), 3600);

    const labmock::UptimeText live =
        ApiDocument::renderLive(*snapshot, Disclosure(Settings::Reveal::Masked, DEFAULT_PATTERN));
    const Poco::Timestamp later = instance->startTime() + 4000 * Poco::Timespan::SECONDS;
    EXPECT_EQ(parse(*live.at(later))->getObject("instance")->getValue<int>("uptimeSeconds"), 4000);
}

TEST(ApiDocument, ListsUndeclaredVariablesOnlyWhenCollected)
{
    const EnvironmentGuard typo("POSGRES_PASSWORD", "typo-secret-value");
    const EnvironmentGuard config("LABMOCK_DISPLAY_REVEAL", "masked");
    const EnvironmentGuard other("API_OTHER", "plain-other-value");
    const auto catalog = catalogOf({{"PostgreSQL", "", {variable("POSTGRES_PASSWORD", true)}}});
    const auto render = [&](Settings::Undeclared mode)
    {
        const auto rules = std::make_shared<const labmock::UndeclaredVariables>(mode, Settings::keys());
        const auto snapshot = Snapshot::take(catalog, ValueResolver({}, 64), {nullptr, rules});
        return ApiDocument::render(*snapshot, Disclosure(Settings::Reveal::Masked, DEFAULT_PATTERN));
    };
    const auto find = [](const Array::Ptr& list, const std::string& name)
    {
        for (std::size_t i = 0; i < list->size(); ++i)
            if (list->getObject(i)->getValue<std::string>("name") == name)
                return list->getObject(i);
        return Object::Ptr();
    };

    EXPECT_FALSE(parse(render(Settings::Undeclared::Off))->has("undeclared"));

    const std::string json = render(Settings::Undeclared::Masked);
    EXPECT_EQ(json.find("typo-secret-value"), std::string::npos);
    const Array::Ptr masked = parse(json)->getArray("undeclared");
    ASSERT_TRUE(masked);
    const Object::Ptr typoObject = find(masked, "POSGRES_PASSWORD");
    ASSERT_TRUE(typoObject);
    EXPECT_EQ(typoObject->getValue<std::string>("didYouMean"), "POSTGRES_PASSWORD");
    EXPECT_TRUE(typoObject->getValue<bool>("masked"));
    EXPECT_EQ(typoObject->getValue<std::string>("fingerprint"), Disclosure::fingerprint("typo-secret-value"));
    EXPECT_EQ(typoObject->getValue<std::string>("source"), "env");
    EXPECT_EQ(find(masked, "LABMOCK_DISPLAY_REVEAL")->getValue<std::string>("configKey"), "display.reveal");
    EXPECT_EQ(find(masked, "API_OTHER")->getValue<std::string>("value"), "plain-other-value");
    EXPECT_FALSE(find(masked, "POSTGRES_PASSWORD"));

    const Array::Ptr names = parse(render(Settings::Undeclared::Names))->getArray("undeclared");
    ASSERT_TRUE(find(names, "API_OTHER"));
    EXPECT_TRUE(find(names, "API_OTHER")->isNull("value"));
    EXPECT_FALSE(find(names, "POSGRES_PASSWORD")->has("fingerprint"));
}
