//
// ConfigurationAuditTest.cpp
//
// ConfigurationAudit: unknown keys named with their source and the nearest known key; the
// one table of known keys (Settings::keys(), compared with the properties file by
// SettingsTest) is what Settings reads.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ConfigurationAudit.h"

#include "EnvironmentGuard.h"
#include "RecordingConfiguration.h"
#include "Settings.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using labmock::ConfigurationAudit;
using labmock::RecordingConfiguration;
using labmock::Settings;

namespace
{

ConfigurationAudit audit()
{
    return ConfigurationAudit(Settings::keys());
}

} // namespace

TEST(ConfigurationAudit, DistanceCountsASwapAsOneEdit)
{
    EXPECT_EQ(ConfigurationAudit::distance("http.prot", "http.port"), 1u);
    EXPECT_EQ(ConfigurationAudit::distance("http.port", "http.port"), 0u);
    EXPECT_EQ(ConfigurationAudit::distance("", "abc"), 3u);
    EXPECT_EQ(ConfigurationAudit::distance("kitten", "sitting"), 3u);
}

TEST(ConfigurationAudit, AMisspeltKeyInAFileIsNamedWithItsFileAndTheNearestKey)
{
    auto a = audit();
    a.addKeys({"http.port", "http.prot", "logging.level"}, "/etc/lab-mock-server/lab-mock-server.properties");
    const auto problems = a.coreProblems();
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0], "unknown key http.prot in /etc/lab-mock-server/lab-mock-server.properties "
                           "(did you mean http.port?)");
}

TEST(ConfigurationAudit, AKeyFarFromEveryKnownOneHasNoSuggestion)
{
    auto a = audit();
    a.addKeys({"completely.different"}, "--define");
    const auto problems = a.coreProblems();
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0], "unknown key completely.different in --define");
}

TEST(ConfigurationAudit, AnEnvironmentVariableIsNamedWithTheKeyItWouldSet)
{
    auto a = audit();
    a.addEnvironment({"LABMOCK_HTTP_PROT", "LABMOCK_HTTP_PORT", "LABMOCK_HTTP_BASEPATH", "PATH"});
    const auto problems = a.coreProblems();
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0], "unknown key LABMOCK_HTTP_PROT (http.prot) in the environment "
                           "(did you mean LABMOCK_HTTP_PORT?)");
}

TEST(ConfigurationAudit, AVariableInTheWrongCaseIsNotReadAndSaysSo)
{
    auto a = audit();
    a.addEnvironment({"LABMOCK_http_port"});
    const auto problems = a.coreProblems();
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0], "unknown key LABMOCK_http_port (http.port) in the environment "
                           "(did you mean LABMOCK_HTTP_PORT?)");
}

TEST(ConfigurationAudit, TheProcessEnvironmentIsListed)
{
    labmock::test::EnvironmentGuard guard("LABMOCK_AUDIT_TEST_KEY", std::string("x"));
    const auto names = ConfigurationAudit::environmentNames();
    EXPECT_NE(std::find(names.begin(), names.end(), "LABMOCK_AUDIT_TEST_KEY"), names.end());
    EXPECT_TRUE(
        std::all_of(names.begin(), names.end(), [](const std::string& n) { return n.rfind("LABMOCK_", 0) == 0; }));
}

TEST(ConfigurationAudit, PocoKeysAreLeftAlone)
{
    auto a = audit();
    a.addKeys({"application.logger", "system.x", "logging.loggers.root.level", "logging.channels.c1.class",
               "logging.formatters.f1.class"},
              "FILE");
    EXPECT_TRUE(a.coreProblems().empty());
    a.addKeys({"logging.levle"}, "FILE");
    ASSERT_EQ(a.coreProblems().size(), 1u);
    EXPECT_EQ(a.coreProblems()[0], "unknown key logging.levle in FILE (did you mean logging.level?)");
}

TEST(ConfigurationAudit, KeysOfAFileAreItsLeaves)
{
    std::istringstream text("http.port = 1\nlogging.accessLog = true\nlogging.accessLog.skipPaths = /a\na.b.c = 2\n");
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file = new Poco::Util::PropertyFileConfiguration(text);
    auto keys = ConfigurationAudit::leafKeys(*file);
    std::sort(keys.begin(), keys.end());
    EXPECT_EQ(keys,
              (std::vector<std::string>{"a.b.c", "http.port", "logging.accessLog", "logging.accessLog.skipPaths"}));
}

TEST(ConfigurationAudit, PluginKeysAreCheckedAgainstWhatThePluginRead)
{
    auto a = audit();
    a.addKeys({"plugins.json-groups.path", "plugins.json-groups.paht", "plugins.json-groups.probe",
               "plugins.json-group.path", "plugins.strict", "plugins.strikt"},
              "FILE");
    const auto core = a.coreProblems();
    ASSERT_EQ(core.size(), 1u);
    EXPECT_EQ(core[0], "unknown key plugins.strikt in FILE (did you mean plugins.strict?)");

    const auto problems = a.pluginProblems({{"json-groups", {"path"}}, {"redis", {}}});
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_EQ(problems[0], "unknown key plugins.json-groups.paht in FILE: plugin json-groups does not read it "
                           "(it reads: path, probe) (did you mean plugins.json-groups.path?)");
    EXPECT_EQ(problems[1], "unknown key plugins.json-group.path in FILE: no plugin json-group is loaded "
                           "(loaded: json-groups, redis) (did you mean plugins.json-groups.path?)");
}

TEST(ConfigurationAudit, PluginKeysFromTheEnvironmentAreCheckedToo)
{
    auto a = audit();
    a.addEnvironment({"LABMOCK_PLUGINS_JSON_GROUPS_PATH", "LABMOCK_PLUGINS_JSON_GROUPS_PAHT", "LABMOCK_PLUGINS_PATH",
                      "LABMOCK_PLUGINS_NOPE_X"});
    EXPECT_TRUE(a.coreProblems().empty());
    const auto problems = a.pluginProblems({{"json-groups", {"path"}}});
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_EQ(problems[0], "unknown key LABMOCK_PLUGINS_JSON_GROUPS_PAHT (plugins.json.groups.paht) in the "
                           "environment: plugin json-groups does not read it (it reads: path, probe) "
                           "(did you mean LABMOCK_PLUGINS_JSON_GROUPS_PATH?)");
    EXPECT_EQ(problems[1], "unknown key LABMOCK_PLUGINS_NOPE_X (plugins.nope.x) in the environment: no loaded "
                           "plugin reads it (loaded: json-groups)");
}

TEST(ConfigurationAudit, APluginThatListsItsKeysReadsThemAll)
{
    auto a = audit();
    a.addKeys({"plugins.dyn.anything.at.all", "plugins.part.groups.x", "plugins.part.other"}, "FILE");
    const auto problems = a.pluginProblems({{"dyn", {"*"}}, {"part", {"groups.*"}}});
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].rfind("unknown key plugins.part.other in FILE: plugin part does not read it", 0), 0u)
        << problems[0];
}

TEST(ConfigurationAudit, SettingsReadOnlyKeysOfTheTable)
{
    Poco::AutoPtr<Poco::Util::MapConfiguration> map = new Poco::Util::MapConfiguration;
    map->setString("http.probePort", "9090"); // read only when set
    map->setString("groups.order", "A");
    map->setString("logging.accessLog.skipPaths", "/x");
    RecordingConfiguration::Ptr recording = new RecordingConfiguration(map);
    Settings::fromConfiguration(*recording);
    const std::vector<std::string>& known = Settings::keys();
    for (const auto& key : recording->keysRead())
        EXPECT_NE(std::find(known.begin(), known.end(), key), known.end()) << key << " is read but not in the table";
    for (const auto& key : known)
    {
        if (key == "groups.path") // read by the application, for the json-groups plugin
            continue;
        EXPECT_TRUE(recording->wasRead(key)) << key << " is in the table but Settings never reads it";
    }
}
