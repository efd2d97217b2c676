//
// HtmlPageTest.cpp
//
// HtmlPage: the original page's content, escaping, self-containment and its CSP hash.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "HtmlPage.h"

#include "EnvironmentGuard.h"
#include "TestCatalog.h"

#include <Poco/Base64Encoder.h>
#include <Poco/RegularExpression.h>
#include <Poco/SHA2Engine.h>
#include <Poco/TemporaryFile.h>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using labmock::Disclosure;
using labmock::HtmlPage;
using labmock::Settings;
using labmock::Snapshot;
using labmock::ValueResolver;
using labmock::test::catalogOf;
using labmock::test::EnvironmentGuard;
using labmock::test::variable;

namespace
{

const std::string DEFAULT_PATTERN = Settings().secretPattern;

/// A page of one group with a plain, a secret and a missing variable, plus the given errors.
std::string renderPage(Settings::Reveal reveal, const std::string& basePath = "",
                       std::vector<labmock::PluginError> errors = {})
{
    const auto snapshot =
        Snapshot::take(catalogOf({{"Page Group",
                                   "Variables of the page test",
                                   {variable("PAGE_USER"), variable("PAGE_PASSWORD"), variable("PAGE_ABSENT")}}},
                                 std::move(errors)),
                       ValueResolver({}, 1024));
    return HtmlPage::render(*snapshot, Disclosure(reveal, DEFAULT_PATTERN), basePath);
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

/// page without its line-break opportunities (<wbr>), as a reader copies its text.
std::string withoutBreaks(std::string page)
{
    for (std::size_t at = page.find("<wbr>"); at != std::string::npos; at = page.find("<wbr>", at))
        page.erase(at, 5);
    return page;
}

/// The row of variable name ("<tr … data-name="NAME">…</tr>"), "" when absent.
std::string rowOf(const std::string& page, const std::string& name)
{
    const std::size_t mark = page.find(" data-name=\"" + name + "\">");
    if (mark == std::string::npos)
        return "";
    const std::size_t start = page.rfind("<tr", mark);
    return page.substr(start, page.find("</tr>", mark) + 5 - start);
}

std::string base64Sha256(const std::string& text)
{
    Poco::SHA2Engine sha256(Poco::SHA2Engine::SHA_256);
    sha256.update(text);
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    const auto& digest = sha256.digest();
    encoder.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
    encoder.close();
    return out.str();
}

} // namespace

class HtmlPageTest : public testing::Test
{
protected:
    EnvironmentGuard _user{"PAGE_USER", "lab-user"};
    EnvironmentGuard _password{"PAGE_PASSWORD", "hunter2"};
    EnvironmentGuard _absent{"PAGE_ABSENT", std::nullopt};
};

TEST(HtmlPage, EscapesTheFiveHtmlCharacters)
{
    EXPECT_EQ(HtmlPage::escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
    EXPECT_EQ(HtmlPage::escape("&\"'"), "&amp;&quot;&#39;");
    EXPECT_EQ(HtmlPage::escape("plain caf\xc3\xa9"), "plain caf\xc3\xa9");
    EXPECT_EQ(HtmlPage::escape(""), "");
}

TEST_F(HtmlPageTest, HasEverythingTheOriginalPageHad)
{
    const std::string page = renderPage(Settings::Reveal::All);
    EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_TRUE(contains(page, "<title>Lab Mock Server</title>"));
    EXPECT_TRUE(contains(page, "<h1>Lab Mock Server</h1>"));
    EXPECT_TRUE(contains(page, "displays a set of environment variables for testing an infrastructure lab"));
    EXPECT_TRUE(contains(page, "Do not use it in production"));
    EXPECT_TRUE(contains(page, "<h2>Page Group</h2>"));
    EXPECT_TRUE(contains(page, "<p>Variables of the page test</p>"));
    EXPECT_TRUE(contains(page, "<th>Name</th><th>Value</th>"));
    EXPECT_TRUE(contains(rowOf(page, "PAGE_USER"), "<td class=\"value\">lab-user</td>"));
    EXPECT_TRUE(contains(rowOf(page, "PAGE_PASSWORD"), "<td class=\"value\">hunter2</td>"));
    EXPECT_TRUE(contains(rowOf(page, "PAGE_ABSENT"), "<td class=\"value missing\">None</td>"));
    EXPECT_TRUE(contains(rowOf(page, "PAGE_ABSENT"), "<td class=\"name\">PAGE_<wbr>ABSENT<span"));
    EXPECT_TRUE(contains(page, "<meta name=\"viewport\""));
}

TEST_F(HtmlPageTest, SummarisesSetAndMissing)
{
    EXPECT_TRUE(contains(renderPage(Settings::Reveal::All), "2 of 3 variables set, 1 missing."));
}

TEST_F(HtmlPageTest, MasksSecretsByDefault)
{
    const std::string page = renderPage(Settings::Reveal::Masked);
    EXPECT_FALSE(contains(page, "hunter2"));
    EXPECT_TRUE(
        contains(page, std::string(Disclosure::MASK) + "<span class=\"note\">7 bytes, sha256:f52fbd32b2b3</span>"));
    EXPECT_TRUE(contains(page, "lab-user"));
    EXPECT_TRUE(contains(page, "sha256sum")); // how to check a fingerprint
}

TEST_F(HtmlPageTest, RevealNoneShowsNoValue)
{
    const std::string page = renderPage(Settings::Reveal::None);
    EXPECT_FALSE(contains(page, "hunter2"));
    EXPECT_FALSE(contains(page, "lab-user"));
    EXPECT_FALSE(contains(page, "sha256:f52fbd32b2b3"));
    EXPECT_TRUE(contains(rowOf(page, "PAGE_USER"), "<td class=\"value\">set</td>"));
    EXPECT_TRUE(contains(rowOf(page, "PAGE_ABSENT"), "<td class=\"value missing\">None</td>"));
}

TEST(HtmlPage, EscapesValuesNamesDescriptionsAndErrors)
{
    const EnvironmentGuard hostile("PAGE_HOSTILE", "<script>alert(1)</script>&\"'");
    const auto snapshot =
        Snapshot::take(catalogOf({{"<b>Group</b>", "desc & \"quotes\" 'single'", {variable("PAGE_HOSTILE")}}},
                                 {{"evil", "/plugins/<lib>.so", "failed: <img src=x onerror=alert(1)>"}}),
                       ValueResolver({}, 1024));
    const std::string page = HtmlPage::render(*snapshot, Disclosure(Settings::Reveal::All, DEFAULT_PATTERN), "");
    EXPECT_TRUE(contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"));
    EXPECT_TRUE(contains(page, "<h2>&lt;b&gt;Group&lt;/b&gt;</h2>"));
    EXPECT_TRUE(contains(page, "desc &amp; &quot;quotes&quot; &#39;single&#39;"));
    EXPECT_TRUE(contains(withoutBreaks(page), "/plugins/&lt;lib&gt;.so"));
    EXPECT_TRUE(contains(page, "&lt;img src=x onerror=alert(1)&gt;"));
    EXPECT_FALSE(contains(page, "<script>"));
    EXPECT_FALSE(contains(page, "<img"));
    EXPECT_FALSE(contains(page, "<b>"));
}

TEST(HtmlPage, ShowsEscapedBytesAndSaysSo)
{
    const EnvironmentGuard binary("PAGE_BINARY", "a\x01\xff");
    const auto snapshot = Snapshot::take(catalogOf({{"G", "", {variable("PAGE_BINARY")}}}), ValueResolver({}, 1024));
    const std::string page = HtmlPage::render(*snapshot, Disclosure(Settings::Reveal::All, DEFAULT_PATTERN), "");
    EXPECT_TRUE(contains(page, "a\\x01\\xFF<span class=\"note\">non-printable bytes shown as escapes</span>"));
    EXPECT_FALSE(contains(page, "\x01"));
    EXPECT_FALSE(contains(page, "\xff"));
}

TEST(HtmlPage, ShowsControlBytesOfDescriptionsAndErrorsAsEscapes)
{
    const auto snapshot =
        Snapshot::take(catalogOf({{"G", "clear\x1b[2Jscreen\xff", {variable("PAGE_X")}}},
                                 {{"evil", "/plugins/lib\x1b]0;t\x07-group.so", "failed\r\nforged line"}}),
                       ValueResolver({}, 1024));
    const std::string page = HtmlPage::render(*snapshot, Disclosure(Settings::Reveal::All, DEFAULT_PATTERN), "");
    EXPECT_TRUE(contains(page, "<p>clear\\x1B[2Jscreen\\xFF</p>"));
    EXPECT_TRUE(contains(withoutBreaks(page), "/plugins/lib\\x1B]0;t\\x07-group.so"));
    for (const char c : {'\x1b', '\x07', '\r', '\xff'})
        EXPECT_FALSE(contains(page, std::string(1, c))) << static_cast<int>(static_cast<unsigned char>(c));
}

TEST_F(HtmlPageTest, ListsPluginErrors)
{
    const std::string page = renderPage(Settings::Reveal::Masked, "",
                                        {{"broken", "/plugins/libbroken-group.so", "not a loadable shared library"}});
    EXPECT_TRUE(contains(page, "<h2>Plugin errors</h2>"));
    EXPECT_TRUE(contains(page, "<code>/<wbr>plugins/<wbr>libbroken-group.so</code>: not a loadable shared library"));
    EXPECT_FALSE(contains(renderPage(Settings::Reveal::Masked), "Plugin errors"));
}

TEST_F(HtmlPageTest, RequestsNothingFromElsewhere)
{
    const std::string page = renderPage(Settings::Reveal::Masked, "/echo");
    EXPECT_FALSE(contains(page, "http://"));
    EXPECT_FALSE(contains(page, "https://"));
    EXPECT_FALSE(contains(page, "<script"));
    EXPECT_FALSE(contains(page, "<link"));
    EXPECT_FALSE(contains(page, "<img"));
    EXPECT_FALSE(contains(page, "@import"));
    EXPECT_FALSE(contains(page, "url("));
    // Every src or href is a path on this server, not protocol-relative.
    Poco::RegularExpression reference("(?:src|href)\\s*=\\s*\"([^\"]*)\"");
    Poco::RegularExpression::MatchVec match;
    std::size_t offset = 0;
    int references = 0;
    while (reference.match(page, offset, match) > 0)
    {
        const std::string target = page.substr(match[1].offset, match[1].length);
        EXPECT_EQ(target.rfind("/echo/", 0), 0u) << target;
        EXPECT_NE(target.rfind("//", 0), 0u) << target;
        offset = match[0].offset + match[0].length;
        ++references;
    }
    EXPECT_GT(references, 0);
}

TEST_F(HtmlPageTest, LinksStayBelowTheBasePath)
{
    EXPECT_TRUE(contains(renderPage(Settings::Reveal::Masked, ""), "href=\"/api/groups\""));
    const std::string page = renderPage(Settings::Reveal::Masked, "/echo");
    EXPECT_TRUE(contains(page, "href=\"/echo/api/groups\""));
    EXPECT_TRUE(contains(page, "href=\"/echo/readyz?verbose\""));
    EXPECT_TRUE(contains(page, "href=\"/echo/metrics\""));
}

TEST_F(HtmlPageTest, ContentSecurityPolicyAllowsExactlyItsInlineStyle)
{
    const std::string page = renderPage(Settings::Reveal::Masked);
    const std::size_t open = page.find("<style>");
    const std::size_t close = page.find("</style>");
    ASSERT_NE(open, std::string::npos);
    ASSERT_NE(close, std::string::npos);
    EXPECT_EQ(page.find("<style", open + 1), std::string::npos) << "one style element";
    const std::string style = page.substr(open + 7, close - open - 7);

    const std::string& policy = HtmlPage::contentSecurityPolicy();
    EXPECT_TRUE(contains(policy, "style-src 'sha256-" + base64Sha256(style) + "'")) << policy;
    EXPECT_TRUE(contains(policy, "default-src 'none'"));
    EXPECT_TRUE(contains(policy, "frame-ancestors 'none'"));
    EXPECT_FALSE(contains(policy, "unsafe-inline"));
    EXPECT_FALSE(contains(policy, "script-src"));
    EXPECT_FALSE(contains(page, "style=\"")) << "inline style attributes are not covered by the hash";
}

namespace
{

using labmock::InstanceInfo;

/// An instance started seconds ago, with every downward-API fact.
std::shared_ptr<const InstanceInfo> podInstance(int secondsAgo)
{
    return std::make_shared<const InstanceInfo>("replica-b", "host-b",
                                                Poco::Timestamp() - secondsAgo * Poco::Timespan::SECONDS, "web-7f9c",
                                                "lab", "node-3", "10.1.2.3");
}

} // namespace

TEST(HtmlPage, ShowsWhichInstanceAnsweredAndWhenTheValuesWereRead)
{
    const auto instance = podInstance(3725);
    const auto snapshot =
        Snapshot::take(catalogOf({{"G", "", {variable("PAGE_X")}}}), ValueResolver({}, 1024), {instance, nullptr});
    const std::string page = HtmlPage::render(*snapshot, Disclosure(Settings::Reveal::Masked, DEFAULT_PATTERN), "");
    for (const std::string fact :
         {"<dt>instance</dt><dd>replica-b</dd>", "<dt>host</dt><dd>host-b</dd>", "<dt>pod</dt><dd>web-7f9c</dd>",
          "<dt>namespace</dt><dd>lab</dd>", "<dt>node</dt><dd>node-3</dd>", "<dt>IP</dt><dd>10.1.2.3</dd>"})
        EXPECT_TRUE(contains(page, fact)) << fact;
    EXPECT_TRUE(contains(page, "<dt>started</dt><dd>" + InstanceInfo::iso8601(instance->startTime()) + "</dd>"));
    EXPECT_TRUE(contains(page, "<dt>values read</dt><dd>" + InstanceInfo::iso8601(snapshot->takenAt()) + "</dd>"));
    EXPECT_TRUE(contains(page, "<dt>uptime</dt><dd>1h 02m 0")) << page;
    EXPECT_FALSE(contains(page, "\x01")) << "no marker is left";
    // The block comes before any group, so it answers first.
    EXPECT_LT(page.find("<dt>instance</dt>"), page.find("<h2>G</h2>"));
}

TEST(HtmlPage, LeavesOutInstanceFactsThatAreNotKnown)
{
    const auto instance = std::make_shared<const InstanceInfo>("vm-1", "vm-1", Poco::Timestamp());
    const auto snapshot =
        Snapshot::take(catalogOf({{"G", "", {variable("PAGE_X")}}}), ValueResolver({}, 1024), {instance, nullptr});
    const std::string page = HtmlPage::render(*snapshot, Disclosure(Settings::Reveal::Masked, DEFAULT_PATTERN), "");
    EXPECT_TRUE(contains(page, "<dt>instance</dt><dd>vm-1</dd>"));
    EXPECT_FALSE(contains(page, "<dt>pod</dt>"));
    EXPECT_FALSE(contains(page, "<dt>node</dt>"));
}

TEST(HtmlPage, RenderedOnceForServingItTakesTheUptimeOfEachSecond)
{
    const auto instance = std::make_shared<const InstanceInfo>("i", "h", Poco::Timestamp(0));
    const auto snapshot =
        Snapshot::take(catalogOf({{"G", "", {variable("PAGE_X")}}}), ValueResolver({}, 1024), {instance, nullptr});
    const labmock::UptimeText live =
        HtmlPage::renderLive(*snapshot, Disclosure(Settings::Reveal::Masked, DEFAULT_PATTERN), "");
    const auto at5 = live.at(Poco::Timestamp(5 * Poco::Timespan::SECONDS));
    EXPECT_TRUE(contains(*at5, "<dt>uptime</dt><dd>5s</dd>"));
    EXPECT_EQ(live.at(Poco::Timestamp(5 * Poco::Timespan::SECONDS + 400000)), at5) << "same second: same text";
    EXPECT_TRUE(contains(*live.at(Poco::Timestamp(65 * Poco::Timespan::SECONDS)), "<dt>uptime</dt><dd>1m 05s</dd>"));
    EXPECT_TRUE(
        contains(*live.at(Poco::Timestamp(90061 * Poco::Timespan::SECONDS)), "<dt>uptime</dt><dd>1d 01h 01m 01s</dd>"));
}

TEST(HtmlPage, EachRowHasAStateBadgeAndMissingOrUnreadableRowsStandOut)
{
    Poco::TemporaryFile big;
    {
        std::ofstream(big.path()) << "more than eight bytes";
    }
    const EnvironmentGuard set("PB_SET", "v");
    const EnvironmentGuard secret("PB_PASSWORD", "hunter2");
    const EnvironmentGuard absent("PB_ABSENT", std::nullopt);
    const EnvironmentGuard unreadable("PB_UNREADABLE", std::nullopt);
    const EnvironmentGuard unreadableFile("PB_UNREADABLE_FILE", "/nonexistent/pb");
    const EnvironmentGuard large("PB_LARGE", std::nullopt);
    const EnvironmentGuard largeFile("PB_LARGE_FILE", big.path());
    const EnvironmentGuard optional("PB_OPTIONAL", std::nullopt);
    const auto snapshot = Snapshot::take(
        catalogOf({{"G",
                    "",
                    {variable("PB_SET"), variable("PB_PASSWORD"), variable("PB_ABSENT"), variable("PB_UNREADABLE"),
                     variable("PB_LARGE"), variable("PB_OPTIONAL", false, false)}}}),
        ValueResolver({}, 8));
    const std::string page = HtmlPage::render(*snapshot, Disclosure(Settings::Reveal::Masked, DEFAULT_PATTERN), "");
    const std::vector<std::pair<std::string, std::string>> expected{
        {"PB_SET", "set"},         {"PB_PASSWORD", "masked"}, {"PB_ABSENT", "missing"}, {"PB_UNREADABLE", "unreadable"},
        {"PB_LARGE", "too large"}, {"PB_OPTIONAL", "missing"}};
    for (const auto& [name, state] : expected)
    {
        const std::string row = rowOf(page, name);
        EXPECT_TRUE(contains(row, ">" + state + "</span>")) << row;
        EXPECT_EQ(row.rfind("<tr class=\"problem\"", 0) == 0, state != "set" && state != "masked") << row;
    }
    EXPECT_TRUE(contains(rowOf(page, "PB_PASSWORD"), "<span class=\"badge secret\">secret</span>"));
    EXPECT_TRUE(contains(rowOf(page, "PB_OPTIONAL"), "<span class=\"badge optional\">optional</span>"));
    EXPECT_FALSE(contains(rowOf(page, "PB_ABSENT"), "optional"));
    EXPECT_TRUE(contains(rowOf(page, "PB_ABSENT"), ">None</td>")) << "the original's None stays";
}

TEST(HtmlPage, SummaryNamesWhatIsMissingRequiredApartFromOptional)
{
    const EnvironmentGuard db("PS_DB", std::nullopt);
    const EnvironmentGuard port("PS_PORT", std::nullopt);
    const EnvironmentGuard extra("PS_EXTRA", std::nullopt);
    const EnvironmentGuard user("PS_USER", "u");
    const auto snapshot =
        Snapshot::take(catalogOf({{"G", "", {variable("PS_USER"), variable("PS_DB"), variable("PS_PORT")}},
                                  {"H", "", {variable("PS_EXTRA", false, false)}}}),
                       ValueResolver({}, 64));
    const std::string page = HtmlPage::render(*snapshot, Disclosure(Settings::Reveal::Masked, DEFAULT_PATTERN), "");
    EXPECT_TRUE(contains(withoutBreaks(page), "Missing (required): <code>PS_DB</code>, <code>PS_PORT</code></p>"))
        << page;
    EXPECT_TRUE(contains(withoutBreaks(page), "Missing (optional): <code>PS_EXTRA</code></p>"));
    EXPECT_FALSE(contains(page, "Unreadable or too large:"));
}

TEST_F(HtmlPageTest, RevealAllShowsABannerAndKeepsSecretsMarked)
{
    const std::string all = renderPage(Settings::Reveal::All);
    EXPECT_TRUE(contains(all, "<p class=\"banner\" role=\"alert\"><strong>All values, secrets included, are shown in "
                              "plain text</strong>"));
    EXPECT_TRUE(contains(rowOf(all, "PAGE_PASSWORD"), "<span class=\"badge secret\">secret</span>"));
    EXPECT_TRUE(contains(rowOf(all, "PAGE_PASSWORD"), ">hunter2</td>"));
    EXPECT_FALSE(contains(renderPage(Settings::Reveal::Masked), "class=\"banner\""));
    EXPECT_FALSE(contains(renderPage(Settings::Reveal::None), "class=\"banner\""));
}

TEST(HtmlPage, NamesAndPathsBreakAfterUnderscoreAndSlashNotMidWord)
{
    Poco::TemporaryFile file;
    {
        std::ofstream(file.path()) << "from-file";
    }
    const EnvironmentGuard value("PAGE_FROM_FILE", std::nullopt);
    const EnvironmentGuard pointer("PAGE_FROM_FILE_FILE", file.path());
    const auto snapshot = Snapshot::take(catalogOf({{"G", "", {variable("PAGE_FROM_FILE")}}}), ValueResolver({}, 1024));
    const std::string page = HtmlPage::render(*snapshot, Disclosure(Settings::Reveal::All, DEFAULT_PATTERN), "");
    const std::string row = rowOf(page, "PAGE_FROM_FILE");
    EXPECT_TRUE(contains(row, "<td class=\"name\">PAGE_<wbr>FROM_<wbr>FILE<span")) << row;
    std::string path;
    for (const char c : file.path())
        path += c == '/' || c == '_' ? std::string(1, c) + "<wbr>" : std::string(1, c);
    EXPECT_TRUE(contains(row, "<td class=\"source\">file " + path + "</td>")) << row;
    EXPECT_TRUE(contains(row, "<td class=\"value\">from-file</td>")) << "values are not touched";
}

TEST_F(HtmlPageTest, NarrowScreensStackTheCellsInsteadOfHidingOne)
{
    const std::string page = renderPage(Settings::Reveal::Masked);
    const std::string style = page.substr(page.find("<style>"), page.find("</style>") - page.find("<style>"));
    const std::size_t narrow = style.find("@media (max-width:40rem)");
    ASSERT_NE(narrow, std::string::npos);
    const std::string rules = style.substr(narrow);
    EXPECT_TRUE(contains(rules, "table,tbody,tr,td{display:block"));
    // Only the header row goes; every cell stays.
    EXPECT_TRUE(contains(rules, "thead{display:none}"));
    std::size_t hidden = 0;
    for (std::size_t at = style.find("display:none"); at != std::string::npos; at = style.find("display:none", at + 1))
        ++hidden;
    EXPECT_EQ(hidden, 1u);
}

TEST(HtmlPage, ListsOtherEnvironmentVariablesOnlyWhenAsked)
{
    const EnvironmentGuard typo("POSGRES_PASSWORD", "typo-secret-value");
    const EnvironmentGuard config("LABMOCK_HTTP_PORT", "18099");
    const EnvironmentGuard other("PAGE_OTHER", "plain-other-value");
    const EnvironmentGuard declared("POSTGRES_PASSWORD", "declared-value");
    const EnvironmentGuard declaredFile("POSTGRES_PASSWORD_FILE", "/nonexistent/pg");
    const auto catalog = catalogOf({{"PostgreSQL", "", {variable("POSTGRES_PASSWORD", true)}}});
    const auto render = [&](Settings::Undeclared mode, Settings::Reveal reveal)
    {
        const auto rules = std::make_shared<const labmock::UndeclaredVariables>(mode, Settings::keys());
        const auto snapshot = Snapshot::take(catalog, ValueResolver({}, 1024), {nullptr, rules});
        return HtmlPage::render(*snapshot, Disclosure(reveal, DEFAULT_PATTERN), "");
    };

    const std::string masked = render(Settings::Undeclared::Masked, Settings::Reveal::Masked);
    const std::size_t section = masked.find("<h2>Other environment variables</h2>");
    ASSERT_NE(section, std::string::npos);
    const std::string undeclared = masked.substr(section);
    EXPECT_TRUE(contains(rowOf(undeclared, "POSGRES_PASSWORD"), "did you mean POSTGRES_<wbr>PASSWORD?"));
    EXPECT_TRUE(contains(rowOf(undeclared, "POSGRES_PASSWORD"), "badge masked"));
    EXPECT_FALSE(contains(masked, "typo-secret-value"));
    EXPECT_TRUE(contains(rowOf(undeclared, "LABMOCK_HTTP_PORT"), "sets http.port"));
    EXPECT_TRUE(contains(rowOf(undeclared, "LABMOCK_HTTP_PORT"), "<td class=\"value\">18099</td>"));
    EXPECT_TRUE(contains(rowOf(undeclared, "PAGE_OTHER"), "<td class=\"value\">plain-other-value</td>"));
    EXPECT_TRUE(contains(rowOf(undeclared, "PAGE_OTHER"), "<td class=\"source\">env</td>"));
    EXPECT_EQ(rowOf(undeclared, "POSTGRES_PASSWORD"), "") << "declared";
    EXPECT_EQ(rowOf(undeclared, "POSTGRES_PASSWORD_FILE"), "") << "the _FILE of a declared variable";

    const std::string names = render(Settings::Undeclared::Names, Settings::Reveal::All);
    EXPECT_TRUE(contains(names, "<h2>Other environment variables</h2>"));
    EXPECT_TRUE(contains(rowOf(names, "PAGE_OTHER"), "<td class=\"value\">set</td>"));
    EXPECT_FALSE(contains(names, "plain-other-value"));
    EXPECT_FALSE(contains(names, "typo-secret-value"));

    const std::string none = render(Settings::Undeclared::Masked, Settings::Reveal::None);
    EXPECT_FALSE(contains(none, "plain-other-value"));
    EXPECT_FALSE(contains(render(Settings::Undeclared::Off, Settings::Reveal::All), "Other environment variables"));
}

TEST(HtmlPage, ShowsAProbeBadgePerGroupOnlyWhenProbesAreOnWithEverythingEscaped)
{
    const auto snapshot =
        Snapshot::take(catalogOf({{"Db", "", {variable("PAGE_PROBED")}}, {"Other", "", {}}}), ValueResolver({}, 1024));
    const Disclosure disclosure(Settings::Reveal::Masked, DEFAULT_PATTERN);
    EXPECT_FALSE(contains(HtmlPage::render(*snapshot, disclosure, ""), "class=\"probe"));
    labmock::ProbeResults probes;
    probes.groups["Db"] = {labmock::ProbeStatus::State::Failed,
                           "<script>x</script>",
                           {{"server", "<b>v1</b>"}},
                           0.25,
                           Poco::Timestamp() - 5 * Poco::Timestamp::resolution(),
                           true};
    const std::string page = HtmlPage::render(*snapshot, disclosure, "", &probes);
    EXPECT_TRUE(contains(page, "<p class=\"probe failed\"><b>probe failed</b> &lt;script&gt;x&lt;/script&gt; "
                               "<span class=\"muted\">(5 s ago, took 0.250 s, probing again)</span>"
                               "<span class=\"note\">server: &lt;b&gt;v1&lt;/b&gt;</span></p>"))
        << page;
    EXPECT_TRUE(contains(page, "<p class=\"probe not-probed\"><b>not probed</b> no probe for this group</p>")) << page;
    EXPECT_FALSE(contains(page, "<script>"));
}
