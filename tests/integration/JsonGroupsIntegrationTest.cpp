//
// JsonGroupsIntegrationTest.cpp
//
// The json-groups plugin in the real binary: drop-ins that are not regular files, or whose
// names are bad, are skipped one by one with a reason while the others serve.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "OpsFixtures.h"
#include "ServerProcess.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <sys/stat.h>
#include <vector>

using labmock::test::parseObject;
using labmock::test::ServerProcess;
using labmock::test::TemporaryDirectory;

namespace
{

/// What the server made of a groups directory: its group names and, per error path or
/// message, the message.
struct Outcome
{
    std::vector<std::string> groups;
    std::vector<std::string> errors;
};

Outcome outcomeOf(const ServerProcess& server)
{
    const auto document = parseObject(server.get("/api/groups").body);
    Outcome outcome;
    const auto groups = document->getArray("groups");
    for (std::size_t i = 0; i < groups->size(); ++i)
        outcome.groups.push_back(groups->getObject(static_cast<unsigned>(i))->getValue<std::string>("name"));
    const auto errors = document->getArray("errors");
    for (std::size_t i = 0; i < errors->size(); ++i)
        outcome.errors.push_back(errors->getObject(static_cast<unsigned>(i))->getValue<std::string>("message"));
    return outcome;
}

/// The error message that names path ("" when none does).
std::string errorAbout(const Outcome& outcome, const std::string& path)
{
    for (const auto& message : outcome.errors)
    {
        if (message.find(path + ":") != std::string::npos)
            return message;
    }
    return "";
}

std::string good(const std::string& name, const std::string& var)
{
    return R"({"name": ")" + name + R"(", "vars": [")" + var + R"("]})";
}

} // namespace

TEST(JsonGroups, SpecialFilesNamedLikeDropInsAreSkippedWithAReasonWithoutBlocking)
{
    TemporaryDirectory dir;
    dir.write("a-good.json", good("Good A", "JG_A"));
    ASSERT_EQ(::mkfifo(dir.file("b-fifo.json").c_str(), 0600), 0); // read blocking, the start would hang
    dir.makeDirectory("c-directory.json");
    dir.makeSymlink("d-device.json", "/dev/zero");
    dir.makeSymlink("e-environ.json", "/proc/self/environ");
    dir.makeSymlink("f-fifo-link.json", dir.file("b-fifo.json"));
    dir.write("z-good.json", good("Good Z", "JG_Z"));
    ServerProcess server({"--define=groups.path=" + dir.path()});

    const Outcome outcome = outcomeOf(server);
    EXPECT_NE(std::find(outcome.groups.begin(), outcome.groups.end(), "Good A"), outcome.groups.end());
    EXPECT_NE(std::find(outcome.groups.begin(), outcome.groups.end(), "Good Z"), outcome.groups.end());
    const std::map<std::string, std::string> reasons{{"b-fifo.json", "not a regular file"},
                                                     {"c-directory.json", "is a directory"},
                                                     {"d-device.json", "not a regular file"},
                                                     {"e-environ.json", "not a regular file"},
                                                     {"f-fifo-link.json", "not a regular file"}};
    for (const auto& [file, reason] : reasons)
        EXPECT_EQ(errorAbout(outcome, dir.file(file)), dir.file(file) + ": " + reason) << file;
    EXPECT_EQ(outcome.errors.size(), reasons.size());
}

TEST(JsonGroups, ADanglingOrLoopingLinkSkipsThatFileOnly)
{
    TemporaryDirectory dir;
    dir.write("a-good.json", good("Good A", "JG_A"));
    dir.makeSymlink("b-dangling.json", dir.file("gone.json"));
    dir.makeSymlink("c-loop.json", "c-loop.json");
    dir.makeSymlink("d-ping.json", "e-pong.json");
    dir.makeSymlink("e-pong.json", "d-ping.json");
    dir.write("z-good.json", good("Good Z", "JG_Z"));
    ServerProcess server({"--define=groups.path=" + dir.path()});

    const Outcome outcome = outcomeOf(server);
    EXPECT_EQ(outcome.groups.size(), 5u); // the three built-in groups and the two good ones
    EXPECT_NE(std::find(outcome.groups.begin(), outcome.groups.end(), "Good Z"), outcome.groups.end());
    EXPECT_EQ(errorAbout(outcome, dir.file("b-dangling.json")),
              dir.file("b-dangling.json") + ": dangling symbolic link");
    for (const char* file : {"c-loop.json", "d-ping.json", "e-pong.json"})
        EXPECT_NE(errorAbout(outcome, dir.file(file)), "") << file;
    EXPECT_EQ(outcome.errors.size(), 4u);
}

TEST(JsonGroups, ADropInOverOneMebibyteIsSkipped)
{
    TemporaryDirectory dir;
    dir.write("a-good.json", good("Good A", "JG_A"));
    const std::string big = dir.write("big.json", "[" + std::string(1 << 20, ' ') + "]");
    ServerProcess server({"--define=groups.path=" + dir.path()});
    const Outcome outcome = outcomeOf(server);
    EXPECT_EQ(errorAbout(outcome, big), big + ": larger than 1 MiB");
    EXPECT_NE(std::find(outcome.groups.begin(), outcome.groups.end(), "Good A"), outcome.groups.end());
}

TEST(JsonGroups, AGroupNameWithControlBytesIsReportedWithItsFile)
{
    TemporaryDirectory dir;
    const std::string bad = dir.write("a.json", R"({"name": "Bell\u0007\u001b[2J", "vars": ["JG_A"]})");
    const std::string slashed = dir.write("b.json", R"({"name": "Fine / path-like name", "vars": ["JG_B"]})");
    ServerProcess server({"--define=groups.path=" + dir.path()});
    const Outcome outcome = outcomeOf(server);
    ASSERT_EQ(outcome.errors.size(), 1u);
    EXPECT_EQ(outcome.errors[0], bad
                                     + ": line 1, column 2: group: \"name\" must be printable text (no control "
                                       "characters, valid UTF-8)");
    EXPECT_NE(std::find(outcome.groups.begin(), outcome.groups.end(), "Fine / path-like name"), outcome.groups.end());
    const std::string page = server.get("/").body;
    EXPECT_EQ(page.find('\x1b'), std::string::npos);
    EXPECT_EQ(page.find('\x07'), std::string::npos);
}
