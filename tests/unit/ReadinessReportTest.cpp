//
// ReadinessReportTest.cpp
//
// ReadinessReport: ready or not, and why, one Kubernetes-style line per check.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ReadinessReport.h"

#include "EnvironmentGuard.h"
#include "TestCatalog.h"

#include <gtest/gtest.h>

using labmock::ReadinessReport;
using labmock::Snapshot;
using labmock::ValueResolver;
using labmock::test::catalogOf;
using labmock::test::EnvironmentGuard;
using labmock::test::variable;

class ReadinessReportTest : public testing::Test
{
protected:
    std::shared_ptr<const Snapshot> take(std::vector<labmock::PluginError> errors = {}) const
    {
        return Snapshot::take(catalogOf({{"Db", "", {variable("RR_USER"), variable("RR_PASSWORD", true, true)}},
                                         {"Cache", "", {variable("RR_HOST"), variable("RR_OPTIONAL", false, false)}}},
                                        std::move(errors)),
                              ValueResolver({}, 64));
    }

    EnvironmentGuard _user{"RR_USER", "lab-user"};
    EnvironmentGuard _password{"RR_PASSWORD", "hunter2"};
    EnvironmentGuard _host{"RR_HOST", std::nullopt};
    EnvironmentGuard _optional{"RR_OPTIONAL", std::nullopt};
};

TEST_F(ReadinessReportTest, NotReadyWhileARequiredVariableIsMissing)
{
    const ReadinessReport report = ReadinessReport::evaluate(*take(), true);
    EXPECT_FALSE(report.ready());
    EXPECT_EQ(report.verbose(), "[+]Db/RR_USER ok\n"
                                "[+]Db/RR_PASSWORD ok\n"
                                "[-]Cache/RR_HOST missing\n"
                                "readyz check failed\n");
}

TEST_F(ReadinessReportTest, ReadyWhenEveryRequiredVariableIsSet)
{
    const EnvironmentGuard host("RR_HOST", "cache.local");
    const ReadinessReport report = ReadinessReport::evaluate(*take(), true);
    EXPECT_TRUE(report.ready());
    EXPECT_EQ(report.verbose(), "[+]Db/RR_USER ok\n"
                                "[+]Db/RR_PASSWORD ok\n"
                                "[+]Cache/RR_HOST ok\n"
                                "readyz check passed\n");
}

TEST_F(ReadinessReportTest, RequireAllFalseIgnoresMissingVariables)
{
    const ReadinessReport report = ReadinessReport::evaluate(*take(), false);
    EXPECT_TRUE(report.ready());
    EXPECT_NE(report.verbose().find("[+]Cache/RR_HOST missing (not required)\n"), std::string::npos)
        << report.verbose();
}

TEST_F(ReadinessReportTest, APluginErrorIsNeverReady)
{
    const EnvironmentGuard host("RR_HOST", "cache.local");
    for (const bool requireAll : {true, false})
    {
        const ReadinessReport report = ReadinessReport::evaluate(
            *take({{"foo", "/usr/lib/lab-mock-server/plugins/libfoo-group.so", "groups() failed: boom"}}), requireAll);
        EXPECT_FALSE(report.ready());
        EXPECT_EQ(report.verbose().rfind("[-]plugin libfoo-group.so: groups() failed: boom\n", 0), 0u)
            << report.verbose();
        EXPECT_NE(report.verbose().find("readyz check failed\n"), std::string::npos);
    }
}

TEST_F(ReadinessReportTest, NeverContainsAValue)
{
    const EnvironmentGuard host("RR_HOST", "cache.local");
    for (const bool requireAll : {true, false})
    {
        const std::string verbose = ReadinessReport::evaluate(*take(), requireAll).verbose();
        EXPECT_EQ(verbose.find("hunter2"), std::string::npos);
        EXPECT_EQ(verbose.find("lab-user"), std::string::npos);
        EXPECT_EQ(verbose.find("cache.local"), std::string::npos);
    }
}

TEST(ReadinessReport, UnreadableCountsAsNotSet)
{
    const EnvironmentGuard value("RR_FILE_ONLY", std::nullopt);
    const EnvironmentGuard file("RR_FILE_ONLY_FILE", "/nonexistent/rr");
    const auto snapshot = Snapshot::take(catalogOf({{"G", "", {variable("RR_FILE_ONLY")}}}), ValueResolver({}, 64));
    const ReadinessReport report = ReadinessReport::evaluate(*snapshot, true);
    EXPECT_FALSE(report.ready());
    EXPECT_EQ(report.verbose(), "[-]G/RR_FILE_ONLY unreadable\nreadyz check failed\n");
}

TEST(ReadinessReport, AnEmptyCatalogIsReady)
{
    const auto snapshot = Snapshot::take(catalogOf({}), ValueResolver({}, 64));
    const ReadinessReport report = ReadinessReport::evaluate(*snapshot, true);
    EXPECT_TRUE(report.ready());
    EXPECT_EQ(report.verbose(), "readyz check passed\n");
}

TEST_F(ReadinessReportTest, CountsProbesOnlyWhenRequiredAndNeverShowsTheirReason)
{
    const EnvironmentGuard host("RR_HOST", "cache.local");
    using labmock::ProbeStatus;
    labmock::ProbeResults probes;
    probes.groups["Db"] = {ProbeStatus::State::Failed,
                           "password authentication failed for user \"app\"",
                           {},
                           0.1,
                           Poco::Timestamp(),
                           false};
    probes.groups["Cache"] = {ProbeStatus::State::NotProbed, "no probe", {}, 0, Poco::Timestamp(0), false};
    EXPECT_TRUE(ReadinessReport::evaluate(*take(), true, &probes, false).ready());
    const ReadinessReport required = ReadinessReport::evaluate(*take(), true, &probes, true);
    EXPECT_FALSE(required.ready());
    EXPECT_NE(required.verbose().find("[-]probe Db failed\n"), std::string::npos) << required.verbose();
    EXPECT_EQ(required.verbose().find("Cache failed"), std::string::npos) << "a group not probed does not count";
    EXPECT_EQ(required.verbose().find("authentication"), std::string::npos) << required.verbose();

    probes.groups["Db"].state = ProbeStatus::State::Pending;
    EXPECT_FALSE(ReadinessReport::evaluate(*take(), true, &probes, true).ready()) << "not yet answered";
    probes.groups["Db"].state = ProbeStatus::State::Ok;
    const ReadinessReport ok = ReadinessReport::evaluate(*take(), true, &probes, true);
    EXPECT_TRUE(ok.ready());
    EXPECT_NE(ok.verbose().find("[+]probe Db ok\n"), std::string::npos) << ok.verbose();
}
