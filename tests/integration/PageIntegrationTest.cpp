//
// PageIntegrationTest.cpp
//
// Which instance answered, what else arrived, and a page that answers at a glance:
// the real binary, read as an operator reads it.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "SecretTestSupport.h"
#include "ServerProcess.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <gtest/gtest.h>

using labmock::test::findVariable;
using labmock::test::pageRow;
using labmock::test::parseJsonObject;
using labmock::test::ServerProcess;

namespace
{

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

const ServerProcess::Environment POD{
    {"POD_NAME", "lab-mock-server-7f9c-x2"}, {"POD_NAMESPACE", "lab"}, {"NODE_NAME", "node-3"}, {"POD_IP", "10.1.2.3"}};

Poco::JSON::Object::Ptr undeclaredEntry(const Poco::JSON::Object::Ptr& document, const std::string& name)
{
    const auto list = document->getArray("undeclared");
    for (std::size_t i = 0; list && i < list->size(); ++i)
        if (list->getObject(i)->getValue<std::string>("name") == name)
            return list->getObject(i);
    return nullptr;
}

} // namespace

TEST(PageIntegration, EveryViewSaysWhichInstanceAnswered)
{
    ServerProcess server({"--define=instance.name=replica-b"}, POD);

    const auto document = parseJsonObject(server.get("/api/groups").body);
    const auto instance = document->getObject("instance");
    ASSERT_TRUE(instance);
    EXPECT_EQ(instance->getValue<std::string>("name"), "replica-b");
    EXPECT_FALSE(instance->getValue<std::string>("hostname").empty());
    EXPECT_EQ(instance->getValue<std::string>("pod"), "lab-mock-server-7f9c-x2");
    EXPECT_EQ(instance->getValue<std::string>("namespace"), "lab");
    EXPECT_EQ(instance->getValue<std::string>("node"), "node-3");
    EXPECT_EQ(instance->getValue<std::string>("ip"), "10.1.2.3");
    EXPECT_GE(instance->getValue<int>("uptimeSeconds"), 0);
    EXPECT_LE(instance->getValue<std::string>("startTime"), instance->getValue<std::string>("readAt"));
    EXPECT_TRUE(contains(instance->getValue<std::string>("startTime"), "T"));

    const std::string page = server.get("/").body;
    for (const std::string& fact : std::vector<std::string>{
             "<dt>instance</dt><dd>replica-b</dd>", "<dt>pod</dt><dd>lab-mock-server-7f9c-x2</dd>",
             "<dt>namespace</dt><dd>lab</dd>", "<dt>node</dt><dd>node-3</dd>", "<dt>IP</dt><dd>10.1.2.3</dd>",
             "<dt>started</dt><dd>" + instance->getValue<std::string>("startTime") + "</dd>", "<dt>uptime</dt><dd>",
             "<dt>values read</dt><dd>" + instance->getValue<std::string>("readAt") + "</dd>"})
        EXPECT_TRUE(contains(page, fact)) << fact;
    EXPECT_FALSE(contains(page, "\x01")) << "the uptime is filled in";

    const auto version = parseJsonObject(server.get("/version").body)->getObject("instance");
    ASSERT_TRUE(version);
    EXPECT_EQ(version->getValue<std::string>("name"), "replica-b");
    EXPECT_EQ(version->getValue<std::string>("pod"), "lab-mock-server-7f9c-x2");
    EXPECT_EQ(version->getValue<std::string>("startTime"), instance->getValue<std::string>("startTime"));
    EXPECT_GE(version->getValue<int>("uptimeSeconds"), 0);

    auto env = POD;
    env["LABMOCK_INSTANCE_NAME"] = "replica-c";
    const auto check = ServerProcess::run({"--check"}, env);
    EXPECT_EQ(check.out.rfind("instance:     replica-c\n", 0), 0u) << check.out;
    EXPECT_TRUE(contains(check.out, "\npod:          lab-mock-server-7f9c-x2\n")) << check.out;
    EXPECT_TRUE(contains(check.out, "\nuptime:       ")) << check.out;
}

TEST(PageIntegration, InstanceNameDefaultsToTheHostName)
{
    ServerProcess server;
    const auto instance = parseJsonObject(server.get("/api/groups").body)->getObject("instance");
    EXPECT_EQ(instance->getValue<std::string>("name"), instance->getValue<std::string>("hostname"));
    EXPECT_TRUE(instance->isNull("pod"));
    EXPECT_FALSE(contains(server.get("/").body, "<dt>pod</dt>"));
}

TEST(PageIntegration, UndeclaredVariablesAreShownOnlyWhenAskedAndTyposAreFlagged)
{
    const ServerProcess::Environment env{{"POSGRES_PASSWORD", "typo-secret-value"},
                                         {"POSTGRES_PASSWORD", "declared"},
                                         {"OTHER_SETTING", "other-value"},
                                         {"LABMOCK_DISPLAY_UNDECLARED", "masked"}};
    ServerProcess server({}, env);
    const std::string api = server.get("/api/groups").body;
    const auto document = parseJsonObject(api);
    EXPECT_EQ(api.find("typo-secret-value"), std::string::npos);
    const auto typo = undeclaredEntry(document, "POSGRES_PASSWORD");
    ASSERT_TRUE(typo) << api;
    EXPECT_EQ(typo->getValue<std::string>("didYouMean"), "POSTGRES_PASSWORD");
    EXPECT_EQ(typo->getValue<bool>("masked"), true);
    EXPECT_EQ(undeclaredEntry(document, "OTHER_SETTING")->getValue<std::string>("value"), "other-value");
    EXPECT_EQ(undeclaredEntry(document, "LABMOCK_DISPLAY_UNDECLARED")->getValue<std::string>("configKey"),
              "display.undeclared");
    EXPECT_FALSE(undeclaredEntry(document, "POSTGRES_PASSWORD")) << "declared";

    const std::string page = server.get("/").body;
    const std::size_t section = page.find("<h2>Other environment variables</h2>");
    ASSERT_NE(section, std::string::npos);
    EXPECT_TRUE(contains(pageRow(page.substr(section), "POSGRES_PASSWORD"), "did you mean POSTGRES_PASSWORD?"));
    EXPECT_TRUE(contains(pageRow(page.substr(section), "LABMOCK_DISPLAY_UNDECLARED"), "sets display.undeclared"));
    EXPECT_FALSE(contains(page, "typo-secret-value"));

    ServerProcess names({"--define=display.undeclared=names"}, {{"OTHER_SETTING", "other-value"}});
    const auto namesDocument = parseJsonObject(names.get("/api/groups").body);
    ASSERT_TRUE(undeclaredEntry(namesDocument, "OTHER_SETTING"));
    EXPECT_TRUE(undeclaredEntry(namesDocument, "OTHER_SETTING")->isNull("value"));
    EXPECT_FALSE(contains(names.get("/").body, "other-value"));

    ServerProcess off({}, {{"OTHER_SETTING", "other-value"}});
    EXPECT_FALSE(parseJsonObject(off.get("/api/groups").body)->has("undeclared"));
    EXPECT_FALSE(contains(off.get("/").body, "Other environment variables"));
}

TEST(PageIntegration, ThePageNamesWhatIsMissingAndWarnsWhenEverythingIsShown)
{
    ServerProcess server({"--define=display.reveal=all"}, {{"POSTGRES_USER", "u"}, {"POSTGRES_PASSWORD", "pw"}});
    const std::string page = server.get("/").body;
    EXPECT_TRUE(contains(page, "All values, secrets included, are shown in plain text"));
    const std::size_t missing = page.find("<p class=\"absent\">Missing (required): ");
    ASSERT_NE(missing, std::string::npos) << page;
    const std::string line = page.substr(missing, page.find("</p>", missing) - missing);
    EXPECT_TRUE(contains(line, "<code>POSTGRES_<wbr>DB</code>")) << line;
    EXPECT_TRUE(contains(line, "<code>REDIS_<wbr>HOST</code>")) << line;
    EXPECT_FALSE(contains(line, "POSTGRES_<wbr>USER")) << line;
    const std::string password = pageRow(page, "POSTGRES_PASSWORD");
    EXPECT_TRUE(contains(password, "<span class=\"badge secret\">secret</span>")) << password;
    EXPECT_TRUE(contains(password, "<td class=\"value\">pw</td>")) << password;
    const std::string db = pageRow(page, "POSTGRES_DB");
    EXPECT_EQ(db.rfind("<tr class=\"problem\"", 0), 0u) << db;
    EXPECT_TRUE(contains(db, "<span class=\"badge missing\">missing</span>")) << db;
    EXPECT_TRUE(contains(db, ">None</td>")) << db;
}
