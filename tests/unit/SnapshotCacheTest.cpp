//
// SnapshotCacheTest.cpp
//
// SnapshotCache: one set of rendered views, rebuilt only when a file changed or on reload.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "SnapshotCache.h"

#include "EnvironmentGuard.h"
#include "FileSettling.h"
#include "TemporaryDirectory.h"
#include "TestCatalog.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

using labmock::Disclosure;
using labmock::Settings;
using labmock::SnapshotCache;
using labmock::ValueResolver;
using labmock::test::catalogOf;
using labmock::test::EnvironmentGuard;
using labmock::test::settle;
using labmock::test::TemporaryDirectory;
using labmock::test::variable;

class SnapshotCacheTest : public testing::Test
{
protected:
    SnapshotCacheTest()
    {
        _file = _dir.write("SC_TOKEN", "first-value");
        settle({_dir.path(), _file});
    }

    std::unique_ptr<SnapshotCache> makeCache(Settings::Reveal reveal = Settings::Reveal::All,
                                             bool requireAll = true) const
    {
        return std::make_unique<SnapshotCache>(ValueResolver({_dir.path()}, 1024),
                                               Disclosure(reveal, Settings().secretPattern), "/base", requireAll,
                                               catalogOf({{"Cache Group", "", {variable("SC_TOKEN")}}}));
    }

    TemporaryDirectory _dir;
    std::string _file;
    EnvironmentGuard _token{"SC_TOKEN", std::nullopt};
    EnvironmentGuard _tokenFile{"SC_TOKEN_FILE", std::nullopt};
};

TEST_F(SnapshotCacheTest, RendersEveryViewFromOneSnapshot)
{
    const auto cache = makeCache();
    const auto views = cache->current();
    ASSERT_TRUE(views);
    EXPECT_EQ(views->snapshot->values().at(0).at(0).value, "first-value");
    EXPECT_TRUE(views->readiness.ready());
    EXPECT_NE(views->page.at()->find("<h2>Cache Group</h2>"), std::string::npos);
    EXPECT_NE(views->page.at()->find("first-value"), std::string::npos);
    EXPECT_NE(views->page.at()->find("href=\"/base/api/groups\""), std::string::npos);
    const auto document = Poco::JSON::Parser().parse(*views->json.at()).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(document->getArray("groups")->getObject(0)->getValue<std::string>("name"), "Cache Group");
    EXPECT_NE(views->metrics.find("labmock_variable_present{group=\"Cache Group\",variable=\"SC_TOKEN\"} 1"),
              std::string::npos);
    EXPECT_NE(views->metrics.find("labmock_ready 1"), std::string::npos);
}

TEST_F(SnapshotCacheTest, ServesTheSameViewsWhileNothingChanges)
{
    const auto cache = makeCache();
    const auto first = cache->current();
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(cache->current(), first) << "rebuilt although nothing changed (request " << i << ")";
}

TEST_F(SnapshotCacheTest, RebuildsOnceAfterAFileChanges)
{
    const auto cache = makeCache();
    const auto before = cache->current();
    ASSERT_EQ(cache->current(), before);

    std::ofstream(_file, std::ios::trunc) << "second-value, longer";
    settle({_file});
    const auto after = cache->current();
    EXPECT_NE(after, before);
    EXPECT_EQ(after->snapshot->values().at(0).at(0).value, "second-value, longer");
    EXPECT_NE(after->page.at()->find("second-value, longer"), std::string::npos);
    EXPECT_EQ(after->page.at()->find("first-value"), std::string::npos);
    EXPECT_EQ(cache->current(), after) << "rebuilt again without a change";
    // Whoever still holds the old views keeps a consistent, unchanged copy.
    EXPECT_NE(before->page.at()->find("first-value"), std::string::npos);
}

TEST_F(SnapshotCacheTest, NoticesAFileAppearingAndReadinessFlips)
{
    const auto cache = std::make_unique<SnapshotCache>(
        ValueResolver({_dir.path()}, 1024), Disclosure(Settings::Reveal::Masked, Settings().secretPattern), "", true,
        catalogOf({{"G", "", {variable("SC_TOKEN"), variable("SC_LATE")}}}));
    const EnvironmentGuard late("SC_LATE", std::nullopt);
    const EnvironmentGuard lateFile("SC_LATE_FILE", std::nullopt);
    const auto before = cache->current();
    EXPECT_FALSE(before->readiness.ready());
    EXPECT_NE(before->metrics.find("labmock_ready 0"), std::string::npos);

    _dir.write("SC_LATE", "arrived");
    settle({_dir.path()});
    const auto after = cache->current();
    EXPECT_NE(after, before);
    EXPECT_TRUE(after->readiness.ready()) << after->readiness.verbose();
    EXPECT_NE(after->metrics.find("labmock_ready 1"), std::string::npos);
}

TEST_F(SnapshotCacheTest, SetCatalogRebuildsAtOnce)
{
    const auto cache = makeCache();
    const auto before = cache->current();
    cache->setCatalog(catalogOf({{"Reloaded Group", "", {variable("SC_TOKEN")}}}));
    const auto after = cache->current();
    EXPECT_NE(after, before);
    ASSERT_EQ(after->snapshot->catalog().groups().size(), 1u);
    EXPECT_EQ(after->snapshot->catalog().groups()[0].group.name, "Reloaded Group");
    EXPECT_NE(after->page.at()->find("<h2>Reloaded Group</h2>"), std::string::npos);
    EXPECT_EQ(after->page.at()->find("Cache Group"), std::string::npos);
    EXPECT_EQ(cache->current(), after);
}

TEST_F(SnapshotCacheTest, AppliesItsDisclosureAndReadinessRule)
{
    const auto masked = makeCache(Settings::Reveal::Masked);
    const auto views = masked->current();
    EXPECT_EQ(views->page.at()->find("first-value"), std::string::npos); // SC_TOKEN looks like a secret
    EXPECT_EQ(views->json.at()->find("first-value"), std::string::npos);
    EXPECT_NE(views->page.at()->find(Disclosure::fingerprint("first-value")), std::string::npos);

    const EnvironmentGuard missing("SC_MISSING", std::nullopt);
    const auto lenient = std::make_unique<SnapshotCache>(ValueResolver({}, 1024),
                                                         Disclosure(Settings::Reveal::All, Settings().secretPattern),
                                                         "", false, catalogOf({{"G", "", {variable("SC_MISSING")}}}));
    EXPECT_TRUE(lenient->current()->readiness.ready());
}

TEST_F(SnapshotCacheTest, ConcurrentReadersAlwaysGetCompleteViews)
{
    const auto cache = makeCache();
    std::atomic<bool> broken{false};
    std::vector<std::thread> readers;
    for (int t = 0; t < 4; ++t)
        readers.emplace_back(
            [&]
            {
                for (int i = 0; i < 200; ++i)
                {
                    const auto views = cache->current();
                    // Every view is rendered from its own snapshot, never a mix.
                    if (!views
                        || views->page.at()->find(views->snapshot->values().at(0).at(0).value) == std::string::npos)
                        broken = true;
                }
            });
    std::ofstream(_file, std::ios::trunc) << "changed-while-reading";
    for (auto& reader : readers)
        reader.join();
    EXPECT_FALSE(broken);
    settle({_file});
    EXPECT_EQ(cache->current()->snapshot->values().at(0).at(0).value, "changed-while-reading");
}
