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

TEST(Catalog, RejectsAGroupWithAVariableNameThatIsAPathNamingPluginGroupAndName)
{
    PluginScan scan = labmock::test::scanOf(
        {group("Stolen", {variable("OK_NAME"), variable("../../etc/passwd")}), group("Kept", {variable("A_1")})},
        "sneaky");
    const Catalog catalog = Catalog::merge(scan, {});
    ASSERT_EQ(catalog.groups().size(), 1u);
    EXPECT_EQ(catalog.groups()[0].group.name, "Kept");
    ASSERT_EQ(catalog.errors().size(), 1u);
    const auto& error = catalog.errors()[0];
    EXPECT_EQ(error.plugin, "sneaky");
    EXPECT_EQ(error.path, "/plugins/libsneaky-group.so");
    EXPECT_EQ(error.message, "group \"Stolen\" rejected: variable \"../../etc/passwd\" is not a valid environment "
                             "variable name");
    EXPECT_EQ(catalog.plugins()[0].groups, std::vector<std::string>{"Kept"});
}

TEST(Catalog, RejectsEveryNameThatIsNotAPortableEnvironmentVariableName)
{
    const std::vector<std::string> bad{
        "", "1ABC", "A-B", "A B", "A=B", "/proc/self/environ", "A\nB", "..", "\xC3\xA9", std::string("A\0B", 3)};
    for (const std::string& name : bad)
    {
        const Catalog catalog = Catalog::merge(labmock::test::scanOf({group("G", {variable(name)})}), {});
        EXPECT_TRUE(catalog.groups().empty()) << name;
        EXPECT_EQ(catalog.errors().size(), 1u) << name;
    }
    for (const char* name : {"A", "_", "a_1", "POSTGRES_PASSWORD", "_9"})
        EXPECT_EQ(Catalog::merge(labmock::test::scanOf({group("G", {variable(name)})}), {}).groups().size(), 1u)
            << name;
}

TEST(Catalog, RejectsGroupNamesThatAreNotPrintableOrTooLong)
{
    const std::string longest(200, 'x');
    for (const std::string& name :
         {std::string(), std::string("Red\x1b[31m"), std::string("Two\nlines"), std::string("bad \xff UTF-8"),
          std::string("C1 \xC2\x85"), longest + "x", std::string("Tab\there"), std::string("nul\0", 4)})
    {
        const Catalog catalog = Catalog::merge(labmock::test::scanOf({group(name)}, "p"), {});
        EXPECT_TRUE(catalog.groups().empty()) << name;
        ASSERT_EQ(catalog.errors().size(), 1u) << name;
        const std::string& message = catalog.errors()[0].message;
        EXPECT_EQ(message.rfind("group \"", 0), 0u) << message;
        EXPECT_NE(message.find(" rejected: "), std::string::npos) << message;
        // The message itself is one printable line, whatever the name held.
        EXPECT_EQ(message.find_first_of(std::string("\n\r\x1b\t\0", 5)), std::string::npos) << message;
        EXPECT_LE(message.size(), 300u);
    }
    for (const std::string& name : {std::string("PostgreSQL"), std::string("Object store (S3)"),
                                    std::string("Base de donn\xC3\xA9"
                                                "es"),
                                    longest})
    {
        const Catalog catalog = Catalog::merge(labmock::test::scanOf({group(name)}), {});
        EXPECT_EQ(catalog.groups().size(), 1u) << name;
        EXPECT_TRUE(catalog.errors().empty()) << name;
    }
}

TEST(Catalog, AGroupNameOf200NonAsciiCharactersIsAccepted)
{
    std::string name;
    for (int i = 0; i < 200; ++i)
        name += "\xC3\xA9"; // é: 400 bytes, 200 characters
    EXPECT_EQ(Catalog::merge(labmock::test::scanOf({group(name)}), {}).groups().size(), 1u);
    EXPECT_TRUE(Catalog::merge(labmock::test::scanOf({group(name + "\xC3\xA9")}), {}).groups().empty());
}

TEST(Catalog, ARejectedGroupDoesNotClaimItsName)
{
    PluginScan scan;
    scan.plugins.push_back({"first", "/p/libfirst-group.so", 1, {"Shared"}});
    scan.plugins.push_back({"second", "/p/libsecond-group.so", 1, {"Shared"}});
    scan.declarations.push_back({"first", group("Shared", {variable("../x")})});
    scan.declarations.push_back({"second", group("Shared", {variable("GOOD")})});
    const Catalog catalog = Catalog::merge(scan, {});
    ASSERT_EQ(catalog.groups().size(), 1u);
    EXPECT_EQ(catalog.groups()[0].plugin, "second");
    ASSERT_EQ(catalog.errors().size(), 1u);
    EXPECT_EQ(catalog.errors()[0].plugin, "first");
}

TEST(Catalog, RejectsTheRealBadNamePluginsPathsAndControlBytesAndKeepsItsGoodGroup)
{
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    labmock::PluginHost host(*config);
    const std::string root = LABMOCK_TEST_PLUGIN_DIR;
    const Catalog catalog = Catalog::merge(host.scan({root + "/bad-name"}), {});
    ASSERT_EQ(catalog.groups().size(), 1u);
    EXPECT_EQ(catalog.groups()[0].group.name, "Bad Name Survivor");
    ASSERT_EQ(catalog.errors().size(), 2u);
    for (const auto& error : catalog.errors())
    {
        EXPECT_EQ(error.plugin, "bad-name");
        EXPECT_EQ(error.path, root + "/bad-name/libbad-name-group.so");
    }
    EXPECT_EQ(catalog.errors()[0].message, "group \"Stolen Files\" rejected: variable \"../../etc/passwd\" is not a "
                                           "valid environment variable name");
    EXPECT_EQ(catalog.errors()[1].message, "group \"Evil\\x1B[2J\\nGroup\" rejected: the name has control "
                                           "characters or is not valid UTF-8");
    EXPECT_EQ(catalog.plugins()[0].groups, std::vector<std::string>{"Bad Name Survivor"});
}
