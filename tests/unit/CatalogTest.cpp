//
// CatalogTest.cpp
//
// Catalog: the documented group order and duplicate names refused, naming both plugins.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Catalog.h"

#include "PluginHost.h"
#include "TestCatalog.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include <gtest/gtest.h>

using labmock::Catalog;
using labmock::Group;
using labmock::PluginScan;
using labmock::test::variable;

namespace
{

Group group(const std::string& name, std::vector<labmock::Variable> variables = {})
{
    return {name, name + " description", std::move(variables)};
}

/// Adds plugin with groups to scan, as PluginHost does: plugins in load order, declarations after.
void declare(PluginScan& scan, const std::string& plugin, const std::vector<std::string>& groups)
{
    PluginScan::Plugin info{plugin, "/plugins/lib" + plugin + "-group.so", 1, groups};
    scan.plugins.push_back(info);
    for (const auto& name : groups)
        scan.declarations.push_back({plugin, group(name)});
}

std::vector<std::string> names(const Catalog& catalog)
{
    std::vector<std::string> out;
    for (const auto& entry : catalog.groups())
        out.push_back(entry.group.name);
    return out;
}

} // namespace

TEST(Catalog, PutsConfiguredGroupsFirstInTheirOrderThenTheRestInLoadOrder)
{
    PluginScan scan;
    declare(scan, "app", {"App"});
    declare(scan, "json-groups", {"Object Store", "Queue"});
    declare(scan, "postgresql", {"PostgreSQL"});
    declare(scan, "redis", {"Redis"});
    declare(scan, "zeta", {"Alpha"});
    const Catalog catalog = Catalog::merge(scan, {"PostgreSQL", "Redis", "App"});
    EXPECT_EQ(names(catalog),
              (std::vector<std::string>{"PostgreSQL", "Redis", "App", "Object Store", "Queue", "Alpha"}));
    EXPECT_EQ(catalog.groups()[0].plugin, "postgresql");
    EXPECT_EQ(catalog.groups()[3].plugin, "json-groups");
}

TEST(Catalog, IgnoresOrderedNamesThatNoPluginDeclares)
{
    PluginScan scan;
    declare(scan, "b", {"B1", "B2"});
    declare(scan, "a", {"A"});
    const Catalog catalog = Catalog::merge(scan, {"Nowhere", "A", "Also Nowhere"});
    EXPECT_EQ(names(catalog), (std::vector<std::string>{"A", "B1", "B2"}));
    EXPECT_TRUE(catalog.errors().empty());
}

TEST(Catalog, WithoutAnOrderKeepsLoadOrder)
{
    PluginScan scan;
    declare(scan, "z", {"Z"});
    declare(scan, "a", {"A"});
    EXPECT_EQ(names(Catalog::merge(scan, {})), (std::vector<std::string>{"Z", "A"}));
}

TEST(Catalog, RefusesADuplicateGroupNamingBothPlugins)
{
    PluginScan scan;
    declare(scan, "postgresql", {"PostgreSQL"});
    declare(scan, "copycat", {"Cats", "PostgreSQL"});
    const Catalog catalog = Catalog::merge(scan, {"PostgreSQL"});
    EXPECT_EQ(names(catalog), (std::vector<std::string>{"PostgreSQL", "Cats"}));
    EXPECT_EQ(catalog.groups()[0].plugin, "postgresql"); // the first in load order is kept
    ASSERT_EQ(catalog.errors().size(), 1u);
    const labmock::PluginError& error = catalog.errors()[0];
    EXPECT_EQ(error.plugin, "copycat");
    EXPECT_EQ(error.path, "/plugins/libcopycat-group.so");
    EXPECT_NE(error.message.find("\"PostgreSQL\""), std::string::npos) << error.message;
    EXPECT_NE(error.message.find("plugin \"postgresql\""), std::string::npos) << error.message;
    EXPECT_NE(error.message.find("plugin \"copycat\""), std::string::npos) << error.message;
}

TEST(Catalog, KeepsScanErrorsFirstThenDuplicates)
{
    PluginScan scan;
    declare(scan, "a", {"G"});
    declare(scan, "b", {"G"});
    scan.errors.push_back({"broken", "/plugins/libbroken-group.so", "not a loadable shared library"});
    const Catalog catalog = Catalog::merge(scan, {});
    ASSERT_EQ(catalog.errors().size(), 2u);
    EXPECT_EQ(catalog.errors()[0].plugin, "broken");
    EXPECT_EQ(catalog.errors()[1].plugin, "b");
}

TEST(Catalog, CarriesPlugins)
{
    PluginScan scan =
        labmock::test::scanOf({group("One", {variable("A"), variable("B")}), group("Two", {variable("C")})});
    const Catalog catalog = Catalog::merge(scan, {});
    ASSERT_EQ(catalog.plugins().size(), 1u);
    EXPECT_EQ(catalog.plugins()[0].name, "test");
    EXPECT_TRUE(Catalog().groups().empty());
}

TEST(Catalog, ReportsTheRealDuplicatePluginAgainstTheGoodOne)
{
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    labmock::PluginHost host(*config);
    const std::string root = LABMOCK_TEST_PLUGIN_DIR;
    const Catalog catalog = Catalog::merge(host.scan({root + "/good", root + "/duplicate"}), {});
    ASSERT_EQ(catalog.groups().size(), 1u);
    EXPECT_EQ(catalog.groups()[0].plugin, "good");
    EXPECT_EQ(catalog.groups()[0].group.description, "Declared by the good test plugin");
    ASSERT_EQ(catalog.errors().size(), 1u);
    const labmock::PluginError& error = catalog.errors()[0];
    EXPECT_EQ(error.plugin, "duplicate");
    EXPECT_EQ(error.path, root + "/duplicate/libduplicate-group.so");
    EXPECT_NE(error.message.find("plugin \"good\""), std::string::npos) << error.message;
    EXPECT_NE(error.message.find("plugin \"duplicate\""), std::string::npos) << error.message;
}
