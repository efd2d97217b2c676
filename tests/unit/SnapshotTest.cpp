//
// SnapshotTest.cpp
//
// Snapshot: one resolution per variable in catalog order, counts, and noticing file changes.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Snapshot.h"

#include "EnvironmentGuard.h"
#include "FileSettling.h"
#include "TemporaryDirectory.h"
#include "TestCatalog.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

using labmock::Resolution;
using labmock::Snapshot;
using labmock::ValueResolver;
using labmock::test::backdate;
using labmock::test::catalogOf;
using labmock::test::EnvironmentGuard;
using labmock::test::settle;
using labmock::test::TemporaryDirectory;
using labmock::test::variable;

TEST(Snapshot, ResolvesEveryVariableInCatalogOrderAndCountsStates)
{
    TemporaryDirectory dir;
    dir.write("SNAP_FROM_DIR", "dir-value\n");
    dir.makeDirectory("SNAP_BROKEN");
    dir.write("SNAP_HUGE", std::string(100, 'x'));
    const EnvironmentGuard a("SNAP_FROM_ENV", "env-value");
    const EnvironmentGuard b("SNAP_MISSING", std::nullopt);
    const EnvironmentGuard c("SNAP_OPTIONAL", std::nullopt);
    const auto catalog = catalogOf({
        {"First", "", {variable("SNAP_FROM_ENV"), variable("SNAP_MISSING"), variable("SNAP_OPTIONAL", false, false)}},
        {"Second", "", {variable("SNAP_FROM_DIR"), variable("SNAP_BROKEN"), variable("SNAP_HUGE", false, false)}},
    });
    const auto snapshot = Snapshot::take(catalog, ValueResolver({dir.path()}, 64));

    ASSERT_EQ(snapshot->values().size(), 2u);
    ASSERT_EQ(snapshot->values()[0].size(), 3u);
    ASSERT_EQ(snapshot->values()[1].size(), 3u);
    EXPECT_EQ(snapshot->values()[0][0].value, "env-value");
    EXPECT_EQ(snapshot->values()[0][1].state, Resolution::State::Missing);
    EXPECT_EQ(snapshot->values()[0][2].state, Resolution::State::Missing);
    EXPECT_EQ(snapshot->values()[1][0].value, "dir-value");
    EXPECT_EQ(snapshot->values()[1][1].state, Resolution::State::Unreadable);
    EXPECT_EQ(snapshot->values()[1][2].state, Resolution::State::TooLarge);

    const Snapshot::Counts& counts = snapshot->counts();
    EXPECT_EQ(counts.variables, 6u);
    EXPECT_EQ(counts.set, 2u);
    EXPECT_EQ(counts.missing, 2u);
    EXPECT_EQ(counts.unreadable, 2u);      // unreadable and too large
    EXPECT_EQ(counts.requiredMissing, 2u); // SNAP_MISSING, SNAP_BROKEN; the optional ones do not count
}

TEST(Snapshot, SharesItsCatalog)
{
    const auto catalog = catalogOf({{"G", "", {variable("SNAP_X")}}});
    const auto snapshot = Snapshot::take(catalog, ValueResolver({}, 64));
    EXPECT_EQ(snapshot->sharedCatalog(), catalog);
    EXPECT_EQ(&snapshot->catalog(), catalog.get());
}

TEST(Snapshot, AnEmptyCatalogGivesAnEmptySnapshot)
{
    const auto snapshot = Snapshot::take(catalogOf({}), ValueResolver({}, 64));
    EXPECT_TRUE(snapshot->values().empty());
    EXPECT_EQ(snapshot->counts().variables, 0u);
    EXPECT_TRUE(snapshot->isCurrent());
}

TEST(Snapshot, StaysCurrentWhileNothingChanges)
{
    TemporaryDirectory dir;
    dir.write("SNAP_FILE", "v");
    settle({dir.path(), dir.file("SNAP_FILE")});
    const EnvironmentGuard unset("SNAP_FILE", std::nullopt);
    const auto snapshot =
        Snapshot::take(catalogOf({{"G", "", {variable("SNAP_FILE")}}}), ValueResolver({dir.path()}, 64));
    EXPECT_TRUE(snapshot->isCurrent());
    EXPECT_TRUE(snapshot->isCurrent());
}

TEST(Snapshot, IsNoLongerCurrentWhenAFileItReadChanges)
{
    TemporaryDirectory dir;
    const std::string path = dir.write("SNAP_FILE", "v1");
    settle({dir.path(), path});
    const EnvironmentGuard unset("SNAP_FILE", std::nullopt);
    const auto snapshot =
        Snapshot::take(catalogOf({{"G", "", {variable("SNAP_FILE")}}}), ValueResolver({dir.path()}, 64));
    ASSERT_EQ(snapshot->values()[0][0].value, "v1");
    ASSERT_TRUE(snapshot->isCurrent());
    std::ofstream(path, std::ios::app) << "-rotated";
    EXPECT_FALSE(snapshot->isCurrent());
}

TEST(Snapshot, IsNoLongerCurrentWhenAMissingFileAppears)
{
    TemporaryDirectory dir;
    const std::string secrets = dir.makeDirectory("secrets");
    backdate(secrets);
    settle({secrets});
    const EnvironmentGuard unset("SNAP_LATE", std::nullopt);
    const auto snapshot = Snapshot::take(catalogOf({{"G", "", {variable("SNAP_LATE")}}}), ValueResolver({secrets}, 64));
    ASSERT_EQ(snapshot->counts().missing, 1u);
    ASSERT_TRUE(snapshot->isCurrent());
    dir.write("secrets/SNAP_LATE", "arrived");
    EXPECT_FALSE(snapshot->isCurrent());
}

TEST(Snapshot, IsNoLongerCurrentWhenAnXFileChanges)
{
    TemporaryDirectory dir;
    const std::string path = dir.write("x-file", "one");
    const std::string next = dir.write("x-file.new", "one");
    settle({path, next});
    const EnvironmentGuard unset("SNAP_VIA_FILE", std::nullopt);
    const EnvironmentGuard file("SNAP_VIA_FILE_FILE", path);
    const auto snapshot = Snapshot::take(catalogOf({{"G", "", {variable("SNAP_VIA_FILE")}}}), ValueResolver({}, 64));
    ASSERT_EQ(snapshot->values()[0][0].value, "one");
    ASSERT_TRUE(snapshot->isCurrent());
    ASSERT_EQ(std::rename(next.c_str(), path.c_str()), 0);
    EXPECT_FALSE(snapshot->isCurrent());
}

TEST(Snapshot, DoesNotWatchTheEnvironment)
{
    // The environment cannot change under a running process; a snapshot never re-reads it.
    const EnvironmentGuard before("SNAP_ENV_ONLY", "before");
    const auto snapshot = Snapshot::take(catalogOf({{"G", "", {variable("SNAP_ENV_ONLY")}}}), ValueResolver({}, 64));
    const EnvironmentGuard changed("SNAP_ENV_ONLY", "after");
    EXPECT_TRUE(snapshot->isCurrent());
    EXPECT_EQ(snapshot->values()[0][0].value, "before");
}
