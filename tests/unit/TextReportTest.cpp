//
// TextReportTest.cpp
//
// TextReport: the aligned table --check prints, per the reveal mode.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "TextReport.h"

#include "EnvironmentGuard.h"
#include "TestCatalog.h"

#include <gtest/gtest.h>

using labmock::Disclosure;
using labmock::Settings;
using labmock::Snapshot;
using labmock::TextReport;
using labmock::ValueResolver;
using labmock::test::catalogOf;
using labmock::test::EnvironmentGuard;
using labmock::test::variable;

class TextReportTest : public testing::Test
{
protected:
    std::string render(Settings::Reveal reveal, const std::string& group = "G",
                       std::vector<labmock::PluginError> errors = {}) const
    {
        const auto snapshot = Snapshot::take(
            catalogOf({{group, "", {variable("TR_USER"), variable("TR_PASSWORD"), variable("TR_ABSENT")}}},
                      std::move(errors)),
            ValueResolver({}, 64));
        return TextReport::table(*snapshot, Disclosure(reveal, Settings().secretPattern));
    }

    EnvironmentGuard _user{"TR_USER", "lab-user"};
    EnvironmentGuard _password{"TR_PASSWORD", "hunter2"};
    EnvironmentGuard _absent{"TR_ABSENT", std::nullopt};
};

TEST_F(TextReportTest, PrintsAnAlignedTableAndASummary)
{
    const std::string mask = Disclosure::MASK;
    EXPECT_EQ(render(Settings::Reveal::Masked),
              "GROUP  VARIABLE     STATE    SOURCE  VALUE\n"
              "G      TR_USER      set      env     lab-user\n"
              "G      TR_PASSWORD  set      env     "
                  + mask
                  + " (7 bytes, sha256:f52fbd32b2b3)\n"
                    "G      TR_ABSENT    missing  none    None\n"
                    "\n"
                    "2 of 3 variables set, 1 missing, 0 unreadable; 1 required not set\n");
}

TEST_F(TextReportTest, AlignsByCharactersNotBytes)
{
    // "Café" is 4 characters in 5 bytes: its column is padded as 4 wide.
    const std::string report = render(Settings::Reveal::All, "Caf\xc3\xa9");
    EXPECT_NE(report.find("GROUP  VARIABLE"), std::string::npos) << report;
    EXPECT_NE(report.find("Caf\xc3\xa9   TR_USER      set      env     lab-user\n"), std::string::npos) << report;
}

TEST_F(TextReportTest, RevealAllPrintsValuesAndNonePrintsNone)
{
    EXPECT_NE(render(Settings::Reveal::All).find("TR_PASSWORD  set      env     hunter2\n"), std::string::npos);
    const std::string hidden = render(Settings::Reveal::None);
    EXPECT_EQ(hidden.find("hunter2"), std::string::npos);
    EXPECT_EQ(hidden.find("lab-user"), std::string::npos);
    EXPECT_EQ(hidden.find("sha256:"), std::string::npos);
    EXPECT_NE(hidden.find("G      TR_USER      set      env\n"), std::string::npos) << hidden; // no trailing blanks
    EXPECT_NE(hidden.find("TR_ABSENT    missing  none    None\n"), std::string::npos) << hidden;
}

TEST_F(TextReportTest, ListsPluginErrorsBeforeTheSummary)
{
    const std::string report = render(Settings::Reveal::Masked, "G", {{"x", "/p/libx-group.so", "boom\nline"}});
    const std::size_t error = report.find("error: /p/libx-group.so: boom\\nline\n");
    ASSERT_NE(error, std::string::npos) << report;
    EXPECT_LT(error, report.find("2 of 3 variables set"));
}

TEST(TextReport, ShowsSourcesPathsAndProblems)
{
    const EnvironmentGuard value("TR_FROM_FILE", std::nullopt);
    const EnvironmentGuard file("TR_FROM_FILE_FILE", "/nonexistent/tr");
    const auto snapshot = Snapshot::take(catalogOf({{"G", "", {variable("TR_FROM_FILE")}}}), ValueResolver({}, 64));
    const std::string report =
        TextReport::render(*snapshot, Disclosure(Settings::Reveal::All, Settings().secretPattern));
    EXPECT_NE(report.find("/nonexistent/tr"), std::string::npos) << report;
    EXPECT_NE(report.find("unreadable: TR_FROM_FILE_FILE names a file that does not exist"), std::string::npos)
        << report;
    EXPECT_NE(report.find("0 of 1 variables set, 0 missing, 1 unreadable; 1 required not set"), std::string::npos)
        << report;
}

TEST(TextReport, StartsWithTheInstanceThatRanIt)
{
    const auto instance =
        std::make_shared<const labmock::InstanceInfo>("replica-b", "host-b", Poco::Timestamp(0), "web-7f9c", "lab");
    const auto snapshot =
        Snapshot::take(catalogOf({{"G", "", {variable("TR_USER")}}}), ValueResolver({}, 64), {instance, nullptr});
    EXPECT_EQ(TextReport::instanceBlock(*snapshot, Poco::Timestamp(185 * Poco::Timespan::SECONDS)),
              "instance:     replica-b\n"
              "host:         host-b\n"
              "pod:          web-7f9c\n"
              "namespace:    lab\n"
              "started:      1970-01-01T00:00:00Z\n"
              "uptime:       3m 05s\n"
              "values read:  "
                  + labmock::InstanceInfo::iso8601(snapshot->takenAt()) + "\n");
    const std::string report = TextReport::render(*snapshot, Disclosure(Settings::Reveal::Masked, "X"));
    EXPECT_EQ(report.rfind("instance:     replica-b\n", 0), 0u) << report;
    EXPECT_NE(report.find("\n\nGROUP  VARIABLE"), std::string::npos) << report;
}

TEST(TextReport, ListsUndeclaredVariablesAfterTheGroups)
{
    const EnvironmentGuard typo("TR_USRE", "x");
    const EnvironmentGuard user("TR_USER", "u");
    const auto rules =
        std::make_shared<const labmock::UndeclaredVariables>(Settings::Undeclared::Names, Settings::keys());
    const auto snapshot =
        Snapshot::take(catalogOf({{"G", "", {variable("TR_USER")}}}), ValueResolver({}, 64), {nullptr, rules});
    const std::string report = TextReport::table(*snapshot, Disclosure(Settings::Reveal::All, "X"));
    const std::size_t line = report.find("(undeclared)  TR_USRE");
    ASSERT_NE(line, std::string::npos) << report;
    EXPECT_NE(report.find("(did you mean TR_USER?)", line), std::string::npos) << report;
}
