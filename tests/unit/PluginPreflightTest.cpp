//
// PluginPreflightTest.cpp
//
// PluginPreflight: one child tries every plugin in turn; the plugin it dies or hangs in gets
// the verdict, and the plugins it never reached are tried each in a child of their own.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "PluginPreflight.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <thread>
#include <unistd.h>
#include <vector>

using labmock::PluginPreflight;

namespace
{

/// A trial that reports the process it ran in (as an error, the only text a verdict carries)
/// and then does what the path's name says: "crash", "exit" or "hang"; anything else passes.
void trialByName(const std::string& path, PluginPreflight::Report& report)
{
    report.phase("groups()");
    if (path == "crash")
        std::raise(SIGSEGV);
    if (path == "exit")
        std::_Exit(3);
    if (path == "hang")
        for (;;)
            ::pause();
    report.error("pid " + std::to_string(::getpid()));
}

std::string pidOf(const PluginPreflight::Verdict& verdict)
{
    return verdict.errors.empty() ? "" : verdict.errors.front();
}

const Poco::Timespan GENEROUS(30, 0);

} // namespace

TEST(PluginPreflight, TriesSoundPluginsInOneChild)
{
    const auto verdicts = PluginPreflight::run({"a", "b", "c"}, trialByName, GENEROUS);
    ASSERT_EQ(verdicts.size(), 3u);
    const std::string pid = pidOf(verdicts.at("a"));
    EXPECT_NE(pid, "pid " + std::to_string(::getpid()));
    EXPECT_EQ(pidOf(verdicts.at("b")), pid);
    EXPECT_EQ(pidOf(verdicts.at("c")), pid);
}

TEST(PluginPreflight, BlamesTheCrashOnThePluginItHappenedInAndTriesTheRestAlone)
{
    const auto verdicts = PluginPreflight::run({"a", "crash", "c", "d"}, trialByName, GENEROUS);
    ASSERT_EQ(verdicts.size(), 4u);
    ASSERT_EQ(verdicts.at("crash").errors.size(), 1u);
    // SIGSEGV, or SIGABRT where a sanitizer catches the fault and aborts.
    EXPECT_EQ(verdicts.at("crash").errors.front().rfind("crashed with SIG", 0), 0u)
        << verdicts.at("crash").errors.front();
    EXPECT_NE(verdicts.at("crash").errors.front().find(" in groups()"), std::string::npos);
    const std::set<std::string> pids{pidOf(verdicts.at("a")), pidOf(verdicts.at("c")), pidOf(verdicts.at("d"))};
    EXPECT_EQ(pids.size(), 3u) << "c and d are each tried in a child of their own";
    EXPECT_EQ(pids.count(""), 0u) << "every plugin after the crash was still tried";
}

TEST(PluginPreflight, ReportsAnExitAndAHangAsSuch)
{
    const auto verdicts = PluginPreflight::run({"exit", "hang", "z"}, trialByName, Poco::Timespan(1, 0));
    EXPECT_EQ(verdicts.at("exit").errors, std::vector<std::string>{"exited 3 in groups()"});
    EXPECT_EQ(verdicts.at("hang").errors,
              std::vector<std::string>{"did not answer within 1 s in groups() (plugins.loadTimeout)"});
    EXPECT_EQ(pidOf(verdicts.at("z")).rfind("pid ", 0), 0u) << "the plugin after the hang was tried";
}

TEST(PluginPreflight, GivesEachTrialItsOwnDeadline)
{
    // Together the three trials take longer than the deadline; each alone is well within it.
    const auto slow = [](const std::string&, PluginPreflight::Report& report)
    {
        report.phase("groups()");
        std::this_thread::sleep_for(std::chrono::milliseconds(800));
    };
    const auto verdicts = PluginPreflight::run({"a", "b", "c"}, slow, Poco::Timespan(2, 0));
    for (const auto& [path, verdict] : verdicts)
        EXPECT_TRUE(verdict.passed) << path << ": " << (verdict.errors.empty() ? "" : verdict.errors.front());
}

TEST(PluginPreflight, PassesATrialThatEndsNormallyAndFailsOneThatReportsAnError)
{
    const auto trial = [](const std::string& path, PluginPreflight::Report& report)
    {
        if (path == "refused")
            report.error("built for plugin ABI 0");
    };
    const auto verdicts = PluginPreflight::run({"fine", "refused"}, trial, GENEROUS);
    EXPECT_TRUE(verdicts.at("fine").passed);
    EXPECT_FALSE(verdicts.at("refused").passed);
    EXPECT_EQ(verdicts.at("refused").errors, std::vector<std::string>{"built for plugin ABI 0"});
}

TEST(PluginPreflight, TellsTheCallerOfEachPassedTrialWhileTheChildGoesOn)
{
    // "waits" passes only once the parent was told that "a" passed: the child can see that
    // only if it is told while the child still runs (the parent creates a file it looks for).
    char pattern[] = "/tmp/labmock-preflight-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    const std::string told = std::string(pattern) + "/a-passed";
    const auto trial = [&told](const std::string& path, PluginPreflight::Report& report)
    {
        if (path == "refused")
            report.error("built for plugin ABI 0");
        if (path == "crash")
            std::raise(SIGSEGV);
        if (path == "waits")
        {
            const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (::access(told.c_str(), F_OK) != 0 && std::chrono::steady_clock::now() < limit)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            if (::access(told.c_str(), F_OK) != 0)
                report.error("the parent was not told that a passed");
        }
    };
    std::vector<std::string> passed;
    const PluginPreflight::Passed tell = [&](const std::string& path)
    {
        passed.push_back(path);
        if (path == "a")
            std::fclose(std::fopen(told.c_str(), "w"));
    };
    const auto verdicts = PluginPreflight::run({"a", "refused", "waits", "crash", "after"}, trial, GENEROUS, tell);
    ::unlink(told.c_str());
    ::rmdir(pattern);
    EXPECT_TRUE(verdicts.at("waits").passed) << verdicts.at("waits").errors.front();
    // Only passing trials of the first child, in order: neither the refusal nor the crash,
    // nor "after", which is tried alone once the crash ended the first child.
    EXPECT_EQ(passed, (std::vector<std::string>{"a", "waits"}));
    EXPECT_TRUE(verdicts.at("after").passed);
}
