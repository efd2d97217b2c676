//
// SettingsTest.cpp
//
// Settings: every key's default, its parsing, and one clear line for a bad value.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Settings.h"

#include "TemporaryDirectory.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/MapConfiguration.h>

#include <gtest/gtest.h>

#include <algorithm>

#include <fstream>
#include <map>
#include <regex>
#include <set>

using labmock::Settings;
using labmock::test::TemporaryDirectory;

namespace
{

Settings settingsOf(const std::map<std::string, std::string>& keys)
{
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    for (const auto& [key, value] : keys)
        config->setString(key, value);
    return Settings::fromConfiguration(*config);
}

/// The message of the InvalidArgumentException that keys cause; "" when they are accepted.
std::string rejection(const std::map<std::string, std::string>& keys)
{
    try
    {
        settingsOf(keys);
    }
    catch (const Poco::InvalidArgumentException& e)
    {
        return e.message();
    }
    return "";
}

} // namespace

TEST(Settings, DefaultsMatchTheDocumentedValues)
{
    const Settings s = settingsOf({});
    EXPECT_EQ(s.address, "0.0.0.0");
    EXPECT_EQ(s.port, 8080);
    EXPECT_EQ(s.probePort, -1);
    EXPECT_EQ(s.basePath, "");
    EXPECT_EQ(s.loopThreads, 0);
    EXPECT_EQ(s.workerThreads, 4);
    EXPECT_EQ(s.maxConnections, 10000);
    EXPECT_EQ(s.headerTimeout, Poco::Timespan(10, 0));
    EXPECT_EQ(s.keepAliveTimeout, Poco::Timespan(5, 0));
    EXPECT_EQ(s.sendTimeout, Poco::Timespan(30, 0));
    EXPECT_TRUE(s.pluginDirs.empty());
    EXPECT_FALSE(s.pluginsStrict);
    EXPECT_EQ(s.pluginLoadTimeout, Poco::Timespan(5, 0));
    EXPECT_EQ(s.groupOrder, (std::vector<std::string>{"PostgreSQL", "Redis", "App"}));
    EXPECT_TRUE(s.secretsDirs.empty());
    EXPECT_EQ(s.maxFileBytes, 64u * 1024u);
    EXPECT_EQ(s.reveal, Settings::Reveal::Masked);
    EXPECT_EQ(s.secretPattern, "PASSWORD|PASSWD|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE|PASSPHRASE|CERT");
    EXPECT_EQ(s.authToken, "");
    EXPECT_TRUE(s.corsOrigins.empty());
    EXPECT_TRUE(s.readinessRequireAll);
    EXPECT_EQ(s.logFormat, Settings::LogFormat::Text);
    EXPECT_EQ(s.logLevel, "information");
    EXPECT_TRUE(s.accessLog);
    EXPECT_EQ(s.accessLogSkipPaths, (std::vector<std::string>{"/healthz", "/livez", "/readyz"}));
    EXPECT_EQ(s.accessBuffer, 8192u);
    EXPECT_EQ(s.drainDelay, Poco::Timespan(0, 0));
    EXPECT_EQ(s.shutdownTimeout, Poco::Timespan(10, 0));
}

TEST(Settings, ReadsEveryKey)
{
    const Settings s = settingsOf({{"http.address", " 127.0.0.1 "},
                                   {"http.port", "9090"},
                                   {"http.probePort", "9091"},
                                   {"http.basePath", "/echo/"},
                                   {"http.loopThreads", "8"},
                                   {"http.workerThreads", "2"},
                                   {"http.maxConnections", "32"},
                                   {"http.headerTimeout", "3"},
                                   {"http.keepAliveTimeout", "1.5"},
                                   {"http.sendTimeout", "2"},
                                   {"plugins.path", "/a:/b, /c"},
                                   {"plugins.strict", "yes"},
                                   {"plugins.loadTimeout", "0.5"},
                                   {"groups.order", "Redis, App"},
                                   {"secrets.dirs", "/run/credentials/x:/run/secrets"},
                                   {"secrets.maxFileBytes", "10"},
                                   {"display.reveal", "ALL"},
                                   {"display.secretPattern", "^PIN$"},
                                   {"auth.token", "tok"},
                                   {"cors.allowOrigins", "https://ui.example.org, http://localhost:3000"},
                                   {"readiness.requireAll", "off"},
                                   {"logging.format", "json"},
                                   {"logging.level", "debug"},
                                   {"logging.accessLog", "false"},
                                   {"logging.accessLog.skipPaths", "/healthz"},
                                   {"logging.accessBuffer", "16"},
                                   {"shutdown.drainDelay", "3"},
                                   {"shutdown.timeout", "0.25"}});
    EXPECT_EQ(s.address, "127.0.0.1");
    EXPECT_EQ(s.port, 9090);
    EXPECT_EQ(s.probePort, 9091);
    EXPECT_EQ(s.basePath, "/echo");
    EXPECT_EQ(s.loopThreads, 8);
    EXPECT_EQ(s.workerThreads, 2);
    EXPECT_EQ(s.maxConnections, 32);
    EXPECT_EQ(s.headerTimeout, Poco::Timespan(3, 0));
    EXPECT_EQ(s.keepAliveTimeout, Poco::Timespan(1, 500000));
    EXPECT_EQ(s.sendTimeout, Poco::Timespan(2, 0));
    EXPECT_EQ(s.pluginDirs, (std::vector<std::string>{"/a", "/b", "/c"}));
    EXPECT_TRUE(s.pluginsStrict);
    EXPECT_EQ(s.pluginLoadTimeout, Poco::Timespan(0, 500000));
    EXPECT_EQ(s.groupOrder, (std::vector<std::string>{"Redis", "App"}));
    EXPECT_EQ(s.secretsDirs, (std::vector<std::string>{"/run/credentials/x", "/run/secrets"}));
    EXPECT_EQ(s.maxFileBytes, 10u);
    EXPECT_EQ(s.reveal, Settings::Reveal::All);
    EXPECT_EQ(s.secretPattern, "^PIN$");
    EXPECT_EQ(s.authToken, "tok");
    EXPECT_EQ(s.corsOrigins, (std::vector<std::string>{"https://ui.example.org", "http://localhost:3000"}));
    EXPECT_FALSE(s.readinessRequireAll);
    EXPECT_EQ(s.logFormat, Settings::LogFormat::Json);
    EXPECT_EQ(s.logLevel, "debug");
    EXPECT_FALSE(s.accessLog);
    EXPECT_EQ(s.accessLogSkipPaths, (std::vector<std::string>{"/healthz"}));
    EXPECT_EQ(s.accessBuffer, 16u);
    EXPECT_EQ(s.drainDelay, Poco::Timespan(3, 0));
    EXPECT_EQ(s.shutdownTimeout, Poco::Timespan(0, 250000));
}

TEST(Settings, AnEmptyProbePortMeansNoProbeListener)
{
    EXPECT_EQ(settingsOf({{"http.probePort", " "}}).probePort, -1);
    EXPECT_EQ(settingsOf({{"http.probePort", "0"}}).probePort, 0);
}

TEST(Settings, EmptyListsClearTheirDefaults)
{
    const Settings s = settingsOf({{"groups.order", ""}, {"logging.accessLog.skipPaths", ""}});
    EXPECT_TRUE(s.groupOrder.empty());
    EXPECT_TRUE(s.accessLogSkipPaths.empty());
}

TEST(Settings, RejectsBadPortsNamingTheKeyAndValue)
{
    const std::string abc = rejection({{"http.port", "abc"}});
    EXPECT_NE(abc.find("http.port"), std::string::npos) << abc;
    EXPECT_NE(abc.find("\"abc\""), std::string::npos) << abc;
    const std::string high = rejection({{"http.port", "70000"}});
    EXPECT_NE(high.find("http.port"), std::string::npos) << high;
    EXPECT_NE(high.find("0 to 65535"), std::string::npos) << high;
    EXPECT_NE(rejection({{"http.port", "-1"}}), "");
    EXPECT_NE(rejection({{"http.port", "80x"}}), "");
    EXPECT_EQ(settingsOf({{"http.port", "0"}}).port, 0); // an ephemeral port
    EXPECT_EQ(settingsOf({{"http.port", "65535"}}).port, 65535);
}

TEST(Settings, RejectsEachBadValueNamingItsKey)
{
    const std::map<std::string, std::string> bad{
        {"http.probePort", "70000"},
        {"http.loopThreads", "-1"},
        {"http.workerThreads", "0"},
        {"http.maxConnections", "many"},
        {"http.keepAliveTimeout", "-1"},
        {"http.headerTimeout", "nan"},
        {"http.sendTimeout", "0"},
        {"http.basePath", "no-leading-slash"},
        {"plugins.strict", "maybe"},
        {"plugins.loadTimeout", "0"},
        {"secrets.maxFileBytes", "1e3"},
        {"display.reveal", "some"},
        {"display.secretPattern", "(unclosed"},
        {"cors.allowOrigins", "*"},
        {"readiness.requireAll", "2"},
        {"logging.format", "xml"},
        {"logging.level", "loud"},
        {"logging.accessLog", "sometimes"},
        {"logging.accessBuffer", "0"},
        {"shutdown.drainDelay", "86401"},
        {"shutdown.timeout", "inf"},
    };
    for (const auto& [key, value] : bad)
    {
        const std::string message = rejection({{key, value}});
        EXPECT_EQ(message.rfind(key + ":", 0), 0u) << key << "=" << value << " gave: " << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
}

TEST(Settings, ChoicesAreCaseInsensitiveAndListTheAlternatives)
{
    EXPECT_EQ(settingsOf({{"display.reveal", " None "}}).reveal, Settings::Reveal::None);
    EXPECT_EQ(settingsOf({{"display.reveal", "MASKED"}}).reveal, Settings::Reveal::Masked);
    const std::string message = rejection({{"display.reveal", "some"}});
    EXPECT_NE(message.find("masked | all | none"), std::string::npos) << message;
}

TEST(Settings, BasePathMustBeAPath)
{
    EXPECT_EQ(settingsOf({{"http.basePath", "/"}}).basePath, "");
    EXPECT_EQ(settingsOf({{"http.basePath", "/a/b//"}}).basePath, "/a/b");
    EXPECT_NE(rejection({{"http.basePath", "/a b"}}), "");
    EXPECT_NE(rejection({{"http.basePath", "/a//b"}}), "");
    EXPECT_NE(rejection({{"http.basePath", "/a?x=1"}}), "");
}

TEST(Settings, CorsOriginsMustBeExactOrigins)
{
    EXPECT_NE(rejection({{"cors.allowOrigins", "https://ui.example.org/"}}), "");
    EXPECT_NE(rejection({{"cors.allowOrigins", "ui.example.org"}}), "");
    EXPECT_EQ(rejection({{"cors.allowOrigins", "https://ui.example.org:8443"}}), "");
}

TEST(Settings, ReadsTheTokenFromAFileWithoutItsNewline)
{
    TemporaryDirectory dir;
    const std::string path = dir.write("token", "s3cr3t-token\r\n");
    EXPECT_EQ(settingsOf({{"auth.tokenFile", path}}).authToken, "s3cr3t-token");
    // auth.token wins over auth.tokenFile.
    EXPECT_EQ(settingsOf({{"auth.token", "inline"}, {"auth.tokenFile", path}}).authToken, "inline");
}

TEST(Settings, RejectsAMissingOrEmptyTokenFileNamingIt)
{
    TemporaryDirectory dir;
    const std::string missing = dir.file("absent");
    const std::string m1 = rejection({{"auth.tokenFile", missing}});
    EXPECT_EQ(m1.rfind("auth.tokenFile:", 0), 0u) << m1;
    EXPECT_NE(m1.find(missing), std::string::npos) << m1;

    const std::string blank = dir.write("blank", "\n");
    const std::string m2 = rejection({{"auth.tokenFile", blank}});
    EXPECT_NE(m2.find(blank), std::string::npos) << m2;
    EXPECT_NE(m2.find("is empty"), std::string::npos) << m2;

    const std::string m3 = rejection({{"auth.tokenFile", dir.path()}}); // a directory
    EXPECT_EQ(m3.rfind("auth.tokenFile:", 0), 0u) << m3;
}

TEST(Settings, RejectsATokenFileThatIsNotARegularFileOrTooLarge)
{
    TemporaryDirectory dir;
    // Read, /proc/self/environ would make the whole environment the token.
    const std::string environ = dir.makeSymlink("environ", "/proc/self/environ");
    const std::string m1 = rejection({{"auth.tokenFile", environ}});
    EXPECT_EQ(m1.rfind("auth.tokenFile:", 0), 0u) << m1;
    EXPECT_NE(m1.find("not a regular file"), std::string::npos) << m1;

    const std::string big = dir.write("big", std::string(64 * 1024 + 1, 'x'));
    const std::string m2 = rejection({{"auth.tokenFile", big}});
    EXPECT_EQ(m2.rfind("auth.tokenFile:", 0), 0u) << m2;
    EXPECT_NE(m2.find(big), std::string::npos) << m2;
    EXPECT_EQ(rejection({{"auth.tokenFile", dir.write("max", std::string(64 * 1024, 'x'))}}), "");
}

TEST(Settings, SplitsListsOnCommasAndPathListsAlsoOnColons)
{
    EXPECT_EQ(Settings::splitList(" a, b ,,c ", false), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(Settings::splitList("a:b", false), (std::vector<std::string>{"a:b"}));
    EXPECT_EQ(Settings::splitList("/a:/b,/c", true), (std::vector<std::string>{"/a", "/b", "/c"}));
    EXPECT_TRUE(Settings::splitList("", true).empty());
    EXPECT_TRUE(Settings::splitList(" , ", false).empty());
}

TEST(Settings, NamesRevealModes)
{
    EXPECT_STREQ(Settings::revealName(Settings::Reveal::Masked), "masked");
    EXPECT_STREQ(Settings::revealName(Settings::Reveal::All), "all");
    EXPECT_STREQ(Settings::revealName(Settings::Reveal::None), "none");
}

TEST(Settings, ReadsTheUndeclaredModeAndTheInstanceName)
{
    EXPECT_EQ(Settings().undeclared, Settings::Undeclared::Off);
    EXPECT_EQ(Settings().instanceName, "");
    EXPECT_EQ(settingsOf({{"display.undeclared", "Names"}}).undeclared, Settings::Undeclared::Names);
    EXPECT_EQ(settingsOf({{"display.undeclared", "masked"}}).undeclared, Settings::Undeclared::Masked);
    EXPECT_EQ(settingsOf({{"display.undeclared", "off"}}).undeclared, Settings::Undeclared::Off);
    const std::string message = rejection({{"display.undeclared", "all"}});
    EXPECT_EQ(message.rfind("display.undeclared:", 0), 0u) << message;
    EXPECT_NE(message.find("off | names | masked"), std::string::npos) << message;
    EXPECT_EQ(settingsOf({{"instance.name", " replica-a "}}).instanceName, "replica-a");
    for (const std::string key : {"display.undeclared", "instance.name"})
        EXPECT_NE(std::find(Settings::keys().begin(), Settings::keys().end(), key), Settings::keys().end()) << key;
}

TEST(Settings, KeysAreTheKeysThePropertiesFileDocuments)
{
    // Every "key = value" or "#key = value" line of the shipped file, but a plugin's own keys.
    std::ifstream file(std::string(LABMOCK_SOURCE_DIR) + "/etc/lab-mock-server.properties");
    ASSERT_TRUE(file) << "etc/lab-mock-server.properties";
    static const std::regex keyLine("^#? ?([a-z][A-Za-z0-9]*(\\.[A-Za-z0-9-]+)+) *=.*");
    std::set<std::string> documented;
    std::string line;
    std::smatch match;
    while (std::getline(file, line))
        if (std::regex_match(line, match, keyLine) && match[1].str().rfind("plugins.json-groups.", 0) != 0)
            documented.insert(match[1]);
    EXPECT_EQ(documented, std::set<std::string>(Settings::keys().begin(), Settings::keys().end()));
}

TEST(Settings, ProbesAreOffByDefaultAndTheirKeysAreChecked)
{
    const Settings s = settingsOf({});
    EXPECT_FALSE(s.probesEnabled);
    EXPECT_EQ(s.probesInterval, Poco::Timespan(30, 0));
    EXPECT_EQ(s.probesTimeout, Poco::Timespan(3, 0));
    EXPECT_FALSE(s.readinessRequireProbes);
    const Settings on = settingsOf({{"probes.enabled", "true"}, {"probes.interval", "60"}, {"probes.timeout", "1.5"}});
    EXPECT_TRUE(on.probesEnabled);
    EXPECT_EQ(on.probesInterval, Poco::Timespan(60, 0));
    EXPECT_EQ(on.probesTimeout, Poco::Timespan(1, 500000));
    EXPECT_EQ(rejection({{"probes.timeout", "0"}}),
              "probes.timeout: expected a number of seconds from 0.1 to 86400, got \"0\"");
    EXPECT_EQ(rejection({{"probes.interval", "soon"}}),
              "probes.interval: expected a number of seconds from 1 to 86400, got \"soon\"");
    EXPECT_EQ(rejection({{"plugins.redis.probe", "maybe"}}),
              "plugins.redis.probe: expected true or false, got \"maybe\"");
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    config->setString("plugins.redis.probe", "off");
    EXPECT_FALSE(Settings::pluginProbes(*config, "redis"));
    EXPECT_TRUE(Settings::pluginProbes(*config, "postgresql"));
}
