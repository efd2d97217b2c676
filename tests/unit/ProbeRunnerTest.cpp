//
// ProbeRunnerTest.cpp
//
// The probe runner against the real probing test plugin (tests/plugins/ProbingProvider.cpp).
//
// SPDX-License-Identifier: Apache-2.0
//

#include "probes/ProbeRunner.h"

#include "Catalog.h"
#include "EnvironmentGuard.h"
#include "PluginHost.h"

#include <Poco/Util/MapConfiguration.h>

#include <gtest/gtest.h>

using labmock::Catalog;
using labmock::PluginHost;
using labmock::ProbeRunner;
using labmock::ProbeStatus;
using labmock::Snapshot;
using labmock::test::EnvironmentGuard;

namespace
{

const labmock::Disclosure disclosure(labmock::Settings::Reveal::Masked, labmock::Settings().secretPattern);

/// A catalog of the probing test plugin (or another case of tests/plugins).
std::shared_ptr<const Catalog> catalogOf(PluginHost& host, const std::string& plugin)
{
    return std::make_shared<const Catalog>(
        Catalog::merge(host.scan({std::string(LABMOCK_TEST_PLUGIN_DIR) + "/" + plugin}), {}));
}

ProbeRunner runnerFor(std::shared_ptr<const Snapshot> snapshot, bool pluginOn = true)
{
    return ProbeRunner([snapshot] { return snapshot; }, disclosure, std::chrono::seconds(600),
                       std::chrono::milliseconds(500), [pluginOn](const std::string&) { return pluginOn; });
}

} // namespace

TEST(ProbeRunner, FindsTheProbeInterfaceAcrossTheLibraryBoundary)
{
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    PluginHost host(*config);
    const auto probing = catalogOf(host, "probing");
    ASSERT_EQ(probing->groups().size(), 2u);
    EXPECT_NE(probing->groups()[0].prober, nullptr);
    // An ABI 1 plugin without the interface loads as before, with no prober.
    PluginHost other(*config);
    const auto good = catalogOf(other, "good");
    ASSERT_EQ(good->groups().size(), 1u);
    EXPECT_TRUE(good->errors().empty());
    EXPECT_EQ(good->groups()[0].prober, nullptr);
}

TEST(ProbeRunner, RunsEachProbedGroupAndScrubsSecretsFromTheResult)
{
    const EnvironmentGuard mode("PROBE_MODE", std::string("ok"));
    const EnvironmentGuard token("PROBE_TOKEN", std::string("unit-canary"));
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    PluginHost host(*config);
    const auto snapshot = Snapshot::take(catalogOf(host, "probing"), labmock::ValueResolver({}, 1024));
    ProbeRunner runner = runnerFor(snapshot);
    const std::uint64_t before = runner.generation();
    EXPECT_TRUE(runner.runAndWait());
    EXPECT_GT(runner.generation(), before);
    const auto results = runner.results();
    const ProbeStatus& probed = results->of("Probed Group");
    EXPECT_EQ(probed.state, ProbeStatus::State::Ok);
    EXPECT_EQ(probed.reason, "accepted token [redacted]");
    ASSERT_EQ(probed.details.size(), 2u);
    EXPECT_EQ(probed.details[0], std::make_pair(std::string("token"), std::string("[redacted]")));
    EXPECT_GE(probed.durationSeconds, 0.0);
    EXPECT_FALSE(probed.running);
    EXPECT_EQ(results->of("Quiet Group").state, ProbeStatus::State::NotProbed);
    EXPECT_FALSE(results->anyFailed(true));
}

TEST(ProbeRunner, RecordsAProbePastItsDeadlineAsFailedAndIgnoresItsLateAnswer)
{
    const EnvironmentGuard mode("PROBE_MODE", std::string("late"));
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    PluginHost host(*config);
    const auto snapshot = Snapshot::take(catalogOf(host, "probing"), labmock::ValueResolver({}, 1024));
    ProbeRunner runner = runnerFor(snapshot);
    EXPECT_FALSE(runner.runAndWait()) << "the late probe is still running";
    ProbeStatus status = runner.results()->of("Probed Group");
    EXPECT_EQ(status.state, ProbeStatus::State::Failed);
    EXPECT_EQ(status.reason, "no answer within probes.timeout (0.5 s)");
    EXPECT_TRUE(status.running);
    // Stopping waits for it (it returns 2 s after its deadline); its "ok" does not count.
    EXPECT_TRUE(runner.stop(std::chrono::steady_clock::now() + std::chrono::seconds(30)));
    status = runner.results()->of("Probed Group");
    EXPECT_EQ(status.state, ProbeStatus::State::Failed);
    EXPECT_FALSE(status.running);
}

TEST(ProbeRunner, SaysWhyAGroupIsNotProbed)
{
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    PluginHost host(*config);
    const auto snapshot = Snapshot::take(catalogOf(host, "probing"), labmock::ValueResolver({}, 1024));
    ProbeRunner off = runnerFor(snapshot, false);
    EXPECT_TRUE(off.runAndWait());
    EXPECT_EQ(off.results()->of("Probed Group").reason, "plugins.probing.probe=false");

    PluginHost other(*config);
    const auto good = Snapshot::take(catalogOf(other, "good"), labmock::ValueResolver({}, 1024));
    ProbeRunner none = runnerFor(good);
    EXPECT_TRUE(none.runAndWait());
    EXPECT_EQ(none.results()->of("Test Group").reason, "its plugin (good) has no probe");
}
