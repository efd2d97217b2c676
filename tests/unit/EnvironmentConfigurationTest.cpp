//
// EnvironmentConfigurationTest.cpp
//
// EnvironmentConfiguration: LABMOCK_* variables as a read-only configuration layer.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "EnvironmentConfiguration.h"

#include "EnvironmentGuard.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/MapConfiguration.h>

#include <gtest/gtest.h>

using labmock::EnvironmentConfiguration;
using labmock::test::EnvironmentGuard;

TEST(EnvironmentConfiguration, MapsKeysToPrefixedUpperCaseNames)
{
    EXPECT_EQ(EnvironmentConfiguration::variableFor("http.port"), "LABMOCK_HTTP_PORT");
    EXPECT_EQ(EnvironmentConfiguration::variableFor("http.basePath"), "LABMOCK_HTTP_BASEPATH");
    EXPECT_EQ(EnvironmentConfiguration::variableFor("plugins.json-groups.path"), "LABMOCK_PLUGINS_JSON_GROUPS_PATH");
    EXPECT_EQ(EnvironmentConfiguration::variableFor("logging.accessLog.skipPaths"),
              "LABMOCK_LOGGING_ACCESSLOG_SKIPPATHS");
}

TEST(EnvironmentConfiguration, ReadsAKeyFromItsVariable)
{
    const EnvironmentGuard port("LABMOCK_HTTP_PORT", "9191");
    const EnvironmentGuard empty("LABMOCK_AUTH_TOKEN", "");
    Poco::AutoPtr<EnvironmentConfiguration> config = new EnvironmentConfiguration;
    EXPECT_TRUE(config->has("http.port"));
    EXPECT_EQ(config->getString("http.port"), "9191");
    EXPECT_EQ(config->getInt("http.port"), 9191);
    // Set but empty is set: an operator can clear a key from the environment.
    EXPECT_TRUE(config->has("auth.token"));
    EXPECT_EQ(config->getString("auth.token", "fallback"), "");
}

TEST(EnvironmentConfiguration, AnUnsetVariableIsAnAbsentKey)
{
    const EnvironmentGuard unset("LABMOCK_HTTP_ADDRESS", std::nullopt);
    Poco::AutoPtr<EnvironmentConfiguration> config = new EnvironmentConfiguration;
    EXPECT_FALSE(config->has("http.address"));
    EXPECT_EQ(config->getString("http.address", "0.0.0.0"), "0.0.0.0");
    EXPECT_THROW(config->getString("http.address"), Poco::NotFoundException);
}

TEST(EnvironmentConfiguration, IsReadOnly)
{
    Poco::AutoPtr<EnvironmentConfiguration> config = new EnvironmentConfiguration;
    EXPECT_THROW(config->setString("http.port", "1"), Poco::InvalidAccessException);
}

TEST(EnvironmentConfiguration, CannotBeEnumerated)
{
    const EnvironmentGuard port("LABMOCK_HTTP_PORT", "9191");
    Poco::AutoPtr<EnvironmentConfiguration> config = new EnvironmentConfiguration;
    Poco::Util::AbstractConfiguration::Keys keys;
    config->keys(keys);
    EXPECT_TRUE(keys.empty());
    config->keys("http", keys);
    EXPECT_TRUE(keys.empty());
}

TEST(EnvironmentConfiguration, OverridesTheFileLayerAndYieldsToTheCommandLine)
{
    // The layering the server uses: command line > environment > file.
    Poco::AutoPtr<Poco::Util::MapConfiguration> file = new Poco::Util::MapConfiguration;
    file->setString("http.port", "8000");
    file->setString("http.address", "10.0.0.1");
    file->setString("logging.level", "debug");
    Poco::AutoPtr<Poco::Util::MapConfiguration> commandLine = new Poco::Util::MapConfiguration;
    commandLine->setString("logging.level", "trace");
    Poco::AutoPtr<Poco::Util::LayeredConfiguration> config = new Poco::Util::LayeredConfiguration;
    config->add(commandLine, 0, false);
    config->add(new EnvironmentConfiguration, 10, false);
    config->add(file, 20, false);

    const EnvironmentGuard port("LABMOCK_HTTP_PORT", "9000");
    const EnvironmentGuard level("LABMOCK_LOGGING_LEVEL", "warning");
    const EnvironmentGuard address("LABMOCK_HTTP_ADDRESS", std::nullopt);
    EXPECT_EQ(config->getString("http.port"), "9000");
    EXPECT_EQ(config->getString("http.address"), "10.0.0.1");
    EXPECT_EQ(config->getString("logging.level"), "trace");
}

TEST(EnvironmentConfiguration, ServesAPluginsViewOfItsKeys)
{
    const EnvironmentGuard name("LABMOCK_PLUGINS_GOOD_GROUPNAME", "From Env");
    Poco::AutoPtr<EnvironmentConfiguration> config = new EnvironmentConfiguration;
    const auto view = config->createView("plugins.good");
    EXPECT_EQ(view->getString("groupName", "default"), "From Env");
}
