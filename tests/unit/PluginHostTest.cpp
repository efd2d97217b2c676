//
// PluginHostTest.cpp
//
// PluginHost against the real test plugins of tests/plugins: each failure reported, never fatal.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "PluginHost.h"

#include "TemporaryDirectory.h"

#include <labmock/Plugin.h>

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sys/stat.h>

using labmock::PluginError;
using labmock::PluginHost;
using labmock::PluginScan;
using labmock::test::TemporaryDirectory;

namespace
{

/// The directory of one test-plugin case (see tests/plugins/CMakeLists.txt).
std::string caseDir(const std::string& name)
{
    return std::string(LABMOCK_TEST_PLUGIN_DIR) + "/" + name;
}

std::string pluginFile(const std::string& dir, const std::string& plugin)
{
    return dir + "/lib" + plugin + "-group.so";
}

/// Short, so the plugin that never answers costs little; ample for every other plugin.
const Poco::Timespan PREFLIGHT_TIMEOUT(2, 0);

Poco::AutoPtr<Poco::Util::MapConfiguration> emptyConfig()
{
    return new Poco::Util::MapConfiguration;
}

std::vector<std::string> groupNames(const PluginScan& scan)
{
    std::vector<std::string> names;
    for (const auto& declaration : scan.declarations)
        names.push_back(declaration.group.name);
    return names;
}

std::vector<std::string> pluginNames(const PluginScan& scan)
{
    std::vector<std::string> names;
    for (const auto& plugin : scan.plugins)
        names.push_back(plugin.name);
    return names;
}

std::string describe(const std::vector<PluginError>& errors)
{
    std::string out;
    for (const auto& e : errors)
        out += "[" + e.plugin + "] " + e.path + ": " + e.message + "\n";
    return out;
}

void copyPlugin(const std::string& fromCase, const std::string& plugin, const std::string& toDir)
{
    std::filesystem::copy_file(pluginFile(caseDir(fromCase), plugin), pluginFile(toDir, plugin),
                               std::filesystem::copy_options::overwrite_existing);
}

} // namespace

TEST(PluginHost, NamesPluginsAfterTheirFiles)
{
    EXPECT_EQ(PluginHost::pluginName("/usr/lib/lab-mock-server/plugins/libpostgresql-group.so"), "postgresql");
    EXPECT_EQ(PluginHost::pluginName("libjson-groups-group.so"), "json-groups");
    EXPECT_EQ(PluginHost::pluginName("/p/libfoo.so"), "foo");
    EXPECT_EQ(PluginHost::pluginName("/p/foo-group.so"), "foo");
    EXPECT_EQ(PluginHost::pluginName("/p/libbar-group"), "bar");
    EXPECT_EQ(PluginHost::pluginName("/lib/dir/libgroup.so"), "group");
}

TEST(PluginHost, LoadsTheGoodPlugin)
{
    const auto config = emptyConfig();
    PluginHost host(*config);
    const PluginScan scan = host.scan({caseDir("good")});
    EXPECT_TRUE(scan.errors.empty()) << describe(scan.errors);
    ASSERT_EQ(scan.plugins.size(), 1u);
    EXPECT_EQ(scan.plugins[0].name, "good");
    EXPECT_EQ(scan.plugins[0].path, pluginFile(caseDir("good"), "good"));
    EXPECT_EQ(scan.plugins[0].abiVersion, labmock::PLUGIN_ABI_VERSION);
    EXPECT_EQ(scan.plugins[0].groups, (std::vector<std::string>{"Test Group"}));

    ASSERT_EQ(scan.declarations.size(), 1u);
    EXPECT_EQ(scan.declarations[0].plugin, "good");
    const labmock::Group& group = scan.declarations[0].group;
    EXPECT_EQ(group.name, "Test Group");
    EXPECT_EQ(group.description, "Declared by the good test plugin");
    ASSERT_EQ(group.variables.size(), 3u);
    EXPECT_EQ(group.variables[0].name, "TEST_GOOD_USER");
    EXPECT_FALSE(group.variables[0].secret);
    EXPECT_TRUE(group.variables[0].required);
    EXPECT_EQ(group.variables[1].name, "TEST_GOOD_PIN");
    EXPECT_TRUE(group.variables[1].secret);
    EXPECT_EQ(group.variables[2].name, "TEST_GOOD_COLOUR");
    EXPECT_FALSE(group.variables[2].required);
}

TEST(PluginHost, GivesEachPluginItsOwnConfigurationSubtree)
{
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    config->setString("plugins.good.groupName", "Renamed Group");
    config->setString("plugins.other.groupName", "Not For Good");
    config->setString("groupName", "Not Scoped");
    PluginHost host(*config);
    const PluginScan scan = host.scan({caseDir("good")});
    EXPECT_EQ(groupNames(scan), (std::vector<std::string>{"Renamed Group"}));
    EXPECT_EQ(scan.plugins.at(0).groups, (std::vector<std::string>{"Renamed Group"}));
}

TEST(PluginHost, ReportsAProvidersProblemsWithoutDroppingItsGroups)
{
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    config->setString("plugins.good.problem", "one of my files is malformed");
    PluginHost host(*config);
    const PluginScan scan = host.scan({caseDir("good")});
    EXPECT_EQ(groupNames(scan), (std::vector<std::string>{"Test Group"}));
    ASSERT_EQ(scan.errors.size(), 1u);
    EXPECT_EQ(scan.errors[0].plugin, "good");
    EXPECT_EQ(scan.errors[0].path, pluginFile(caseDir("good"), "good"));
    EXPECT_EQ(scan.errors[0].message, "one of my files is malformed");
}

/// One way a plugin can fail: its case directory, its plugin name, whether its library
/// still loads (its provider fails later), and what the message must say.
struct FailureCase
{
    std::string dir;
    std::string plugin;
    bool stillLoaded;
    std::vector<std::string> reasons;
};

/// Names a case in gtest's output (its default would dump the object's bytes).
void PrintTo(const FailureCase& c, std::ostream* out)
{
    *out << c.dir;
}

class PluginHostFailure : public testing::TestWithParam<FailureCase>
{
};

TEST_P(PluginHostFailure, IsReportedWithPathAndReasonAndSkipped)
{
    const FailureCase& c = GetParam();
    const auto config = emptyConfig();
    PluginHost host(*config, PREFLIGHT_TIMEOUT);
    const PluginScan scan = host.scan({caseDir(c.dir)});

    ASSERT_EQ(scan.errors.size(), 1u) << describe(scan.errors);
    const PluginError& error = scan.errors[0];
    EXPECT_EQ(error.plugin, c.plugin);
    EXPECT_EQ(error.path, pluginFile(caseDir(c.dir), c.plugin));
    for (const auto& reason : c.reasons)
        EXPECT_NE(error.message.find(reason), std::string::npos)
            << "expected \"" << reason << "\" in: " << error.message;
    EXPECT_EQ(error.message.find('\n'), std::string::npos) << "one line: " << error.message;
    EXPECT_TRUE(scan.declarations.empty()) << "a failed plugin contributes no group";
    EXPECT_EQ(pluginNames(scan), c.stillLoaded ? std::vector<std::string>{c.plugin} : std::vector<std::string>{});

    // Never fatal, and stable: a second scan reports the same and the host still works.
    const PluginScan again = host.scan({caseDir(c.dir), caseDir("good")});
    ASSERT_EQ(again.errors.size(), 1u) << describe(again.errors);
    EXPECT_EQ(again.errors[0].message, error.message);
    EXPECT_EQ(groupNames(again), (std::vector<std::string>{"Test Group"}));
}

INSTANTIATE_TEST_SUITE_P(
    PluginHost, PluginHostFailure,
    testing::Values(
        FailureCase{"not-a-library", "notelf", false, {"not a loadable shared library", "invalid ELF"}},
        FailureCase{
            "no-abi", "no-abi", false, {"not a lab-mock-server plugin", "exports no labmock_plugin_abi_version()"}},
        FailureCase{"wrong-abi",
                    "wrong-abi",
                    false,
                    {"built for plugin ABI " + std::to_string(labmock::PLUGIN_ABI_VERSION + 98),
                     "this server speaks ABI " + std::to_string(labmock::PLUGIN_ABI_VERSION)}},
        FailureCase{"wrong-toolchain",
                    "wrong-toolchain",
                    false,
                    {"built with POCO 1.12, std::string ABI", "this server with POCO 1.11", "rebuild it"}},
        FailureCase{"no-manifest", "no-manifest", false, {"cannot read its manifest", "No manifest"}},
        FailureCase{
            "foreign-manifest", "foreign-manifest", false, {"cannot read its manifest", "Manifest class mismatch"}},
        FailureCase{"throwing-constructor",
                    "throwing-constructor",
                    false,
                    {"failed to start", "test plugin refuses to be constructed"}},
        FailureCase{
            "throwing-groups", "throwing-groups", true, {"groups() failed", "test plugin cannot list its groups"}},
        FailureCase{"throwing-non-std", "throwing-non-std", true, {"groups() failed", "unknown exception"}},
        // Plugins that would take the server down are tried in a child first. (Under a
        // sanitizer the SIGSEGV may surface as the sanitizer's own abort.)
        FailureCase{"segfaulting-groups", "segfaulting-groups", false, {"crashed with SIG", "in groups()"}},
        FailureCase{"aborting-initializer", "aborting-initializer", false, {"crashed with SIGABRT in dlopen()"}},
        FailureCase{"exiting-groups", "exiting-groups", false, {"exited 3 in groups()"}},
        FailureCase{"hanging-groups",
                    "hanging-groups",
                    false,
                    {"did not answer within 2 s in groups()", "plugins.loadTimeout"}}),
    [](const testing::TestParamInfo<FailureCase>& info)
    {
        std::string name = info.param.dir;
        name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
        return name;
    });

TEST(PluginHost, LoadsTheGoodAmongAllTheBad)
{
    const auto config = emptyConfig();
    PluginHost host(*config, PREFLIGHT_TIMEOUT);
    const PluginScan scan = host.scan({caseDir("all")});
    // Loaded in file-name order; the libraries whose providers throw are loaded but give no group.
    EXPECT_EQ(pluginNames(scan), (std::vector<std::string>{"crash-on-demand", "duplicate", "good", "throwing-groups",
                                                           "throwing-non-std"}));
    EXPECT_EQ(groupNames(scan),
              (std::vector<std::string>{"On-demand Group", "Test Group", "Test Group"})); // the catalog refuses one
    std::vector<std::string> failed;
    for (const auto& error : scan.errors)
        failed.push_back(error.plugin);
    std::sort(failed.begin(), failed.end());
    EXPECT_EQ(failed,
              (std::vector<std::string>{"aborting-initializer", "exiting-groups", "foreign-manifest", "hanging-groups",
                                        "no-abi", "no-manifest", "notelf", "segfaulting-groups", "throwing-constructor",
                                        "throwing-groups", "throwing-non-std", "wrong-abi", "wrong-toolchain"}))
        << describe(scan.errors);
}

TEST(PluginHost, RefusesASecondPluginOfTheSameName)
{
    const auto config = emptyConfig();
    PluginHost host(*config, PREFLIGHT_TIMEOUT);
    const PluginScan scan = host.scan({caseDir("good"), caseDir("all")});
    // good, then those of all/ in file-name order
    EXPECT_EQ(groupNames(scan), (std::vector<std::string>{"Test Group", "On-demand Group", "Test Group"}));
    const auto twice =
        std::find_if(scan.errors.begin(), scan.errors.end(), [](const PluginError& e) { return e.plugin == "good"; });
    ASSERT_NE(twice, scan.errors.end()) << describe(scan.errors);
    EXPECT_EQ(twice->path, pluginFile(caseDir("all"), "good"));
    EXPECT_NE(twice->message.find("already loaded from " + pluginFile(caseDir("good"), "good")), std::string::npos)
        << twice->message;
    const auto good = std::find_if(scan.plugins.begin(), scan.plugins.end(),
                                   [](const PluginScan::Plugin& p) { return p.name == "good"; });
    ASSERT_NE(good, scan.plugins.end());
    EXPECT_EQ(good->path, pluginFile(caseDir("good"), "good")); // the first directory wins
}

TEST(PluginHost, ReportsAMissingDirectoryAndAFileGivenAsOne)
{
    TemporaryDirectory dir;
    const std::string file = dir.write("not-a-dir", "x");
    const auto config = emptyConfig();
    PluginHost host(*config);
    const PluginScan scan = host.scan({dir.file("absent"), file, caseDir("good")});
    EXPECT_EQ(groupNames(scan), (std::vector<std::string>{"Test Group"}));
    ASSERT_EQ(scan.errors.size(), 2u) << describe(scan.errors);
    EXPECT_EQ(scan.errors[0].path, dir.file("absent"));
    EXPECT_EQ(scan.errors[0].message, "plugins.path entry does not exist");
    EXPECT_EQ(scan.errors[1].path, file);
    EXPECT_NE(scan.errors[1].message.find("not a directory"), std::string::npos) << scan.errors[1].message;
}

TEST(PluginHost, OnlyLoadsSharedLibraryFileNames)
{
    TemporaryDirectory dir;
    dir.write("README.txt", "not a plugin");
    dir.write("libgood-group.so.bak", "not a plugin either");
    const auto config = emptyConfig();
    PluginHost host(*config);
    const PluginScan scan = host.scan({dir.path()});
    EXPECT_TRUE(scan.plugins.empty());
    EXPECT_TRUE(scan.errors.empty()) << describe(scan.errors);
}

TEST(PluginHost, SkipsSpecialFilesAndBrokenLinksNamedLikePluginsOneByOne)
{
    TemporaryDirectory dir;
    copyPlugin("good", "good", dir.path());
    dir.makeDirectory("libdir-group.so");
    ASSERT_EQ(::mkfifo(dir.file("libfifo-group.so").c_str(), 0600), 0); // dlopen() would block on it
    dir.makeSymlink("libdangling-group.so", dir.file("nowhere.so"));
    dir.makeSymlink("libloop-group.so", dir.file("libloop-group.so"));
    dir.makeSymlink("libdevice-group.so", "/dev/zero");
    const auto config = emptyConfig();
    PluginHost host(*config, PREFLIGHT_TIMEOUT);
    const PluginScan scan = host.scan({dir.path()});
    EXPECT_EQ(pluginNames(scan), (std::vector<std::string>{"good"})) << describe(scan.errors);
    std::map<std::string, std::string> reasons;
    for (const auto& error : scan.errors)
        reasons[error.plugin] = error.message;
    EXPECT_EQ(reasons["dir"], "skipped: not a regular file");
    EXPECT_EQ(reasons["fifo"], "skipped: not a regular file");
    EXPECT_EQ(reasons["device"], "skipped: not a regular file");
    EXPECT_EQ(reasons["dangling"], "skipped: No such file or directory");
    EXPECT_EQ(reasons["loop"], "skipped: Too many levels of symbolic links");
    EXPECT_EQ(scan.errors.size(), 5u) << describe(scan.errors);
}

TEST(PluginHost, APluginThatGoesBadKeepsServingWhatItDeclaredBefore)
{
    TemporaryDirectory dir;
    copyPlugin("crash-on-demand", "crash-on-demand", dir.path());
    copyPlugin("good", "good", dir.path());
    auto config = emptyConfig();
    config->setString("plugins.crash-on-demand.crashWhenExists", dir.file("crash-now"));
    PluginHost host(*config, PREFLIGHT_TIMEOUT);
    PluginScan scan = host.scan({dir.path()});
    EXPECT_EQ(groupNames(scan), (std::vector<std::string>{"On-demand Group", "Test Group"}));
    EXPECT_TRUE(scan.errors.empty()) << describe(scan.errors);

    dir.write("crash-now", "");
    scan = host.scan({dir.path()}); // the server is still here to tell
    EXPECT_EQ(groupNames(scan), (std::vector<std::string>{"On-demand Group", "Test Group"}));
    ASSERT_EQ(scan.errors.size(), 1u) << describe(scan.errors);
    EXPECT_EQ(scan.errors[0].plugin, "crash-on-demand");
    EXPECT_NE(scan.errors[0].message.find("crashed with SIG"), std::string::npos) << scan.errors[0].message;
    EXPECT_NE(scan.errors[0].message.find("still serving the groups it declared before"), std::string::npos)
        << scan.errors[0].message;

    dir.remove("crash-now");
    scan = host.scan({dir.path()});
    EXPECT_EQ(groupNames(scan), (std::vector<std::string>{"On-demand Group", "Test Group"}));
    EXPECT_TRUE(scan.errors.empty()) << describe(scan.errors);
}

TEST(PluginHost, RescanDropsRemovedAndLoadsAddedPlugins)
{
    TemporaryDirectory dir;
    copyPlugin("good", "good", dir.path());
    const auto config = emptyConfig();
    PluginHost host(*config);
    PluginScan scan = host.scan({dir.path()});
    EXPECT_EQ(pluginNames(scan), (std::vector<std::string>{"good"}));

    // Unchanged: the same providers answer again, with no new error.
    scan = host.scan({dir.path()});
    EXPECT_EQ(groupNames(scan), (std::vector<std::string>{"Test Group"}));
    EXPECT_TRUE(scan.errors.empty()) << describe(scan.errors);

    // Added: a new plugin appears next to the old.
    copyPlugin("duplicate", "duplicate", dir.path());
    copyPlugin("throwing-groups", "throwing-groups", dir.path());
    scan = host.scan({dir.path()});
    EXPECT_EQ(pluginNames(scan), (std::vector<std::string>{"duplicate", "good", "throwing-groups"}));
    EXPECT_EQ(scan.errors.size(), 1u) << describe(scan.errors);

    // Removed: its groups and its error go; the rest stay.
    std::filesystem::remove(pluginFile(dir.path(), "good"));
    std::filesystem::remove(pluginFile(dir.path(), "throwing-groups"));
    scan = host.scan({dir.path()});
    EXPECT_EQ(pluginNames(scan), (std::vector<std::string>{"duplicate"}));
    EXPECT_EQ(groupNames(scan), (std::vector<std::string>{"Test Group"}));
    EXPECT_EQ(scan.declarations.at(0).plugin, "duplicate");
    EXPECT_TRUE(scan.errors.empty()) << describe(scan.errors);

    // Put back: loaded again.
    copyPlugin("good", "good", dir.path());
    scan = host.scan({dir.path()});
    EXPECT_EQ(pluginNames(scan), (std::vector<std::string>{"duplicate", "good"}));
}

TEST(PluginHost, ScanningNothingFindsNothing)
{
    const auto config = emptyConfig();
    PluginHost host(*config);
    const PluginScan scan = host.scan({});
    EXPECT_TRUE(scan.plugins.empty());
    EXPECT_TRUE(scan.declarations.empty());
    EXPECT_TRUE(scan.errors.empty());
}
