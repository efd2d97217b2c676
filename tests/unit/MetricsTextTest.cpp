//
// MetricsTextTest.cpp
//
// MetricsText: the snapshot's gauges in Prometheus text format, accepted by promtool.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "MetricsText.h"

#include "BuildInfo.h"
#include "EnvironmentGuard.h"
#include "Promtool.h"
#include "RequestMetrics.h"
#include "TemporaryDirectory.h"
#include "TestCatalog.h"

#include <gtest/gtest.h>

using labmock::MetricsText;
using labmock::Snapshot;
using labmock::ValueResolver;
using labmock::test::catalogOf;
using labmock::test::EnvironmentGuard;
using labmock::test::variable;

class MetricsTextTest : public testing::Test
{
protected:
    std::string render(bool ready = true) const
    {
        const auto snapshot = Snapshot::take(catalogOf({{"Db", "", {variable("MT_USER"), variable("MT_PASSWORD")}},
                                                        {"Odd \"group\"\\name here", "", {variable("MT_ABSENT")}}},
                                                       {{"broken", "/p/libbroken-group.so", "boom"}}),
                                             ValueResolver({}, 64));
        return MetricsText::render(*snapshot, ready);
    }

    static bool hasLine(const std::string& text, const std::string& line)
    {
        return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0;
    }

    EnvironmentGuard _user{"MT_USER", "lab-user"};
    EnvironmentGuard _password{"MT_PASSWORD", "hunter2"};
    EnvironmentGuard _absent{"MT_ABSENT", std::nullopt};
};

TEST(MetricsText, EscapesLabelValues)
{
    EXPECT_EQ(MetricsText::escapeLabel("plain"), "plain");
    EXPECT_EQ(MetricsText::escapeLabel("a\\b"), "a\\\\b");
    EXPECT_EQ(MetricsText::escapeLabel("say \"hi\""), "say \\\"hi\\\"");
    EXPECT_EQ(MetricsText::escapeLabel("two\nlines"), "two\\nlines");
    EXPECT_EQ(MetricsText::escapeLabel("caf\xc3\xa9"), "caf\xc3\xa9");
    EXPECT_EQ(MetricsText::escapeLabel(""), "");
}

TEST(MetricsText, ShowsControlBytesAndInvalidUtf8InLabelValuesAsEscapes)
{
    // A raw byte 0xFF makes a scrape fail as invalid UTF-8; a raw ESC or CR reaches a terminal.
    EXPECT_EQ(MetricsText::escapeLabel("a\x1b[2J\rb\xff"), "a\\\\x1B[2J\\\\rb\\\\xFF");
    EXPECT_EQ(MetricsText::escapeLabel(std::string("nul\0", 4)), "nul\\\\x00");
}

TEST_F(MetricsTextTest, HasAGaugePerVariable)
{
    const std::string text = render();
    EXPECT_TRUE(hasLine(text, "labmock_variable_present{group=\"Db\",variable=\"MT_USER\"} 1")) << text;
    EXPECT_TRUE(hasLine(text, "labmock_variable_present{group=\"Db\",variable=\"MT_PASSWORD\"} 1")) << text;
    EXPECT_TRUE(
        hasLine(text, "labmock_variable_present{group=\"Odd \\\"group\\\"\\\\name here\",variable=\"MT_ABSENT\"} 0"))
        << text;
    EXPECT_TRUE(hasLine(text, "# TYPE labmock_variable_present gauge"));
}

TEST_F(MetricsTextTest, HasCountsPluginsAndReadiness)
{
    const std::string text = render(false);
    EXPECT_TRUE(hasLine(text, "labmock_variables{state=\"set\"} 2")) << text;
    EXPECT_TRUE(hasLine(text, "labmock_variables{state=\"missing\"} 1"));
    EXPECT_TRUE(hasLine(text, "labmock_variables{state=\"unreadable\"} 0"));
    EXPECT_TRUE(hasLine(text, "labmock_variables{state=\"too_large\"} 0"));
    EXPECT_TRUE(hasLine(text, "labmock_plugins_loaded 1"));
    EXPECT_TRUE(hasLine(text, "labmock_plugin_load_errors 1"));
    EXPECT_TRUE(hasLine(text, "labmock_ready 0"));
    EXPECT_TRUE(hasLine(render(true), "labmock_ready 1"));
}

TEST_F(MetricsTextTest, HasAStateSeriesPerVariableAndState)
{
    const std::string text = render();
    const std::string user = "labmock_variable_state{group=\"Db\",variable=\"MT_USER\",state=";
    EXPECT_TRUE(hasLine(text, user + "\"set\"} 1")) << text;
    EXPECT_TRUE(hasLine(text, user + "\"missing\"} 0"));
    EXPECT_TRUE(hasLine(text, user + "\"unreadable\"} 0"));
    EXPECT_TRUE(hasLine(text, user + "\"too_large\"} 0"));
    const std::string absent =
        "labmock_variable_state{group=\"Odd \\\"group\\\"\\\\name here\",variable=\"MT_ABSENT\",state=";
    EXPECT_TRUE(hasLine(text, absent + "\"missing\"} 1")) << text;
    EXPECT_TRUE(hasLine(text, absent + "\"set\"} 0"));
}

TEST_F(MetricsTextTest, TellsTooLargeApartFromMissing)
{
    labmock::test::TemporaryDirectory secrets;
    secrets.write("MT_BIG", std::string(100, 'x'));
    EnvironmentGuard big("MT_BIG", std::nullopt);
    const auto snapshot =
        Snapshot::take(catalogOf({{"S", "", {variable("MT_BIG")}}}), ValueResolver({secrets.path()}, 10));
    const std::string text = MetricsText::render(*snapshot, true);
    EXPECT_TRUE(hasLine(text, "labmock_variable_state{group=\"S\",variable=\"MT_BIG\",state=\"too_large\"} 1")) << text;
    EXPECT_TRUE(hasLine(text, "labmock_variable_state{group=\"S\",variable=\"MT_BIG\",state=\"missing\"} 0"));
    EXPECT_TRUE(hasLine(text, "labmock_variables{state=\"too_large\"} 1"));
    EXPECT_TRUE(hasLine(text, "labmock_variables{state=\"missing\"} 0"));
}

TEST_F(MetricsTextTest, APluginWhoseGroupsFailedIsNotCountedAsLoaded)
{
    labmock::PluginScan scan = labmock::test::scanOf({{"G", "", {variable("MT_X")}}}, "kept");
    labmock::PluginScan::Plugin failing{"failing", "/plugins/libfailing-group.so", 1, {}, true};
    scan.plugins.push_back(failing);
    scan.errors.push_back({"failing", failing.path, "groups() failed: boom"});
    const auto catalog = std::make_shared<const labmock::Catalog>(labmock::Catalog::merge(scan, {}));
    const std::string text = MetricsText::render(*Snapshot::take(catalog, ValueResolver({}, 64)), false);
    EXPECT_TRUE(hasLine(text, "labmock_plugins_loaded 1")) << text;
    EXPECT_TRUE(hasLine(text, "labmock_plugin_load_errors 1"));
}

TEST_F(MetricsTextTest, HasBuildInfo)
{
    const std::string text = render();
    EXPECT_NE(text.find(std::string("labmock_build_info{version=\"") + labmock::BuildInfo::VERSION + "\",revision=\""),
              std::string::npos)
        << text;
    EXPECT_NE(text.find(",poco=\"1."), std::string::npos) << text;
}

TEST_F(MetricsTextTest, NeverContainsAValue)
{
    const std::string text = render();
    EXPECT_EQ(text.find("hunter2"), std::string::npos);
    EXPECT_EQ(text.find("lab-user"), std::string::npos);
}

TEST_F(MetricsTextTest, PassesPromtool)
{
    if (labmock::test::promtool().empty())
        GTEST_SKIP() << labmock::test::PROMTOOL_MISSING;
    std::string text = render();
    labmock::RequestMetrics requests({"/", "/api/groups", "unmatched"});
    requests.record(0, 200, 0.002);
    requests.record(2, 404, 3.0);
    requests.render(text);
    std::string output;
    EXPECT_EQ(labmock::test::checkMetrics(text, output), 0) << output << "\n--- checked:\n" << text;
}

TEST(MetricsText, PromtoolCheckCanFail)
{
    // The promtool checks above prove something only if a broken text is refused.
    if (labmock::test::promtool().empty())
        GTEST_SKIP() << labmock::test::PROMTOOL_MISSING;
    std::string output;
    EXPECT_NE(labmock::test::checkMetrics("labmock_bad{label=\"unterminated} 1\n", output), 0) << output;
    EXPECT_NE(labmock::test::checkMetrics("# TYPE requests counter\nrequests 1\n", output), 0) << output;
}

TEST_F(MetricsTextTest, ProbeGaugesPassPromtoolAndSkipGroupsWithoutAResult)
{
    labmock::ProbeResults probes;
    probes.groups["PostgreSQL"] = {labmock::ProbeStatus::State::Ok, "ok", {}, 0.012, Poco::Timestamp(), false};
    probes.groups["Re\"dis"] = {labmock::ProbeStatus::State::Failed, "refused", {}, 3.0, Poco::Timestamp(), false};
    probes.groups["App"] = {labmock::ProbeStatus::State::NotProbed, "no probe", {}, 0, Poco::Timestamp(0), false};
    probes.groups["Store"] = {labmock::ProbeStatus::State::Pending, "waiting", {}, 0, Poco::Timestamp(0), true};
    std::string text = render();
    MetricsText::renderProbes(probes, text);
    EXPECT_NE(text.find("labmock_probe_success{group=\"PostgreSQL\"} 1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("labmock_probe_success{group=\"Re\\\"dis\"} 0\n"), std::string::npos) << text;
    EXPECT_NE(text.find("labmock_probe_duration_seconds{group=\"PostgreSQL\"} 0.012000\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("group=\"App\""), std::string::npos);
    EXPECT_EQ(text.find("group=\"Store\""), std::string::npos);
    if (labmock::test::promtool().empty())
        GTEST_SKIP() << labmock::test::PROMTOOL_MISSING;
    std::string output;
    EXPECT_EQ(labmock::test::checkMetrics(text, output), 0) << output << "\n--- checked:\n" << text;
}
