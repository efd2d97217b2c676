//
// InstallLayoutTest.cpp
//
// InstallLayout: default plugin, group and configuration paths by where the binary lies.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "InstallLayout.h"

#include "BuildInfo.h"
#include "TemporaryDirectory.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

using labmock::InstallLayout;
using labmock::test::TemporaryDirectory;

namespace
{

const std::string BINDIR = labmock::BuildInfo::INSTALL_BINDIR;
const std::string PLUGINDIR = labmock::BuildInfo::INSTALL_PLUGIN_DIR;

} // namespace

TEST(InstallLayout, BuildTreeUsesTheBuildsPluginsAndTheSourceTreesGroups)
{
    const InstallLayout layout = InstallLayout::forExecutableIn(labmock::BuildInfo::BUILD_BINARY_DIR);
    EXPECT_TRUE(layout.buildTree);
    EXPECT_EQ(layout.pluginDir, labmock::BuildInfo::BUILD_PLUGIN_DIR);
    EXPECT_EQ(layout.groupsDir, labmock::BuildInfo::SOURCE_GROUPS_DIR);
    EXPECT_EQ(layout.configFile, "") << "the build tree reads no properties file unless told";
}

TEST(InstallLayout, PrefixUsrKeepsItsConfigurationInEtc)
{
    const InstallLayout layout = InstallLayout::forPrefix("/usr");
    EXPECT_FALSE(layout.buildTree);
    EXPECT_EQ(layout.pluginDir, "/usr/" + PLUGINDIR);
    EXPECT_EQ(layout.groupsDir, "/etc/lab-mock-server/groups.d");
    EXPECT_EQ(layout.configFile, "/etc/lab-mock-server/lab-mock-server.properties");
}

TEST(InstallLayout, AnyOtherPrefixKeepsEverythingInside)
{
    const InstallLayout layout = InstallLayout::forPrefix("/opt/lab-mock-server");
    EXPECT_EQ(layout.pluginDir, "/opt/lab-mock-server/" + PLUGINDIR);
    EXPECT_EQ(layout.groupsDir, "/opt/lab-mock-server/etc/lab-mock-server/groups.d");
    EXPECT_EQ(layout.configFile, "/opt/lab-mock-server/etc/lab-mock-server/lab-mock-server.properties");
}

TEST(InstallLayout, AnInstalledBinaryFindsItsOwnPrefix)
{
    TemporaryDirectory root;
    const std::string bin = root.makeDirectory("prefix/" + BINDIR);
    const std::string prefix = std::filesystem::canonical(root.file("prefix")).string();
    const InstallLayout layout = InstallLayout::forExecutableIn(bin);
    EXPECT_FALSE(layout.buildTree);
    EXPECT_EQ(layout.pluginDir, prefix + "/" + PLUGINDIR);
    EXPECT_EQ(layout.configFile, prefix + "/etc/lab-mock-server/lab-mock-server.properties");
}

TEST(InstallLayout, ASymbolicLinkToTheBinaryFolderLeadsToWhereItReallyIs)
{
    TemporaryDirectory root;
    root.makeDirectory("real/" + BINDIR);
    root.makeSymlink("elsewhere", root.file("real"));
    const std::string prefix = std::filesystem::canonical(root.file("real")).string();
    EXPECT_EQ(InstallLayout::forExecutableIn(root.file("elsewhere/" + BINDIR)).pluginDir, prefix + "/" + PLUGINDIR);
}

TEST(InstallLayout, ABinaryOutsideAnyBinFolderUsesTheConfiguredPrefix)
{
    TemporaryDirectory root;
    const std::string loose = root.makeDirectory("loose");
    const InstallLayout expected = InstallLayout::forPrefix(labmock::BuildInfo::INSTALL_PREFIX);
    const InstallLayout layout = InstallLayout::forExecutableIn(loose);
    EXPECT_EQ(layout.pluginDir, expected.pluginDir);
    EXPECT_EQ(layout.groupsDir, expected.groupsDir);
    EXPECT_EQ(layout.configFile, expected.configFile);
}
