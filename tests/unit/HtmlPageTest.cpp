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

#include <gtest/gtest.h>

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
    EXPECT_TRUE(contains(page, "<td>PAGE_USER</td><td class=\"value\">lab-user</td>"));
    EXPECT_TRUE(contains(page, "<td>PAGE_PASSWORD</td><td class=\"value\">hunter2</td>"));
    EXPECT_TRUE(contains(page, "<td>PAGE_ABSENT</td><td class=\"value missing\">None</td>"));
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
    EXPECT_TRUE(contains(page, "<td>PAGE_USER</td><td class=\"value\">set</td>"));
    EXPECT_TRUE(contains(page, "<td>PAGE_ABSENT</td><td class=\"value missing\">None</td>"));
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
    EXPECT_TRUE(contains(page, "/plugins/&lt;lib&gt;.so"));
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
    EXPECT_TRUE(contains(page, "/plugins/lib\\x1B]0;t\\x07-group.so"));
    for (const char c : {'\x1b', '\x07', '\r', '\xff'})
        EXPECT_FALSE(contains(page, std::string(1, c))) << static_cast<int>(static_cast<unsigned char>(c));
}

TEST_F(HtmlPageTest, ListsPluginErrors)
{
    const std::string page = renderPage(Settings::Reveal::Masked, "",
                                        {{"broken", "/plugins/libbroken-group.so", "not a loadable shared library"}});
    EXPECT_TRUE(contains(page, "<h2>Plugin errors</h2>"));
    EXPECT_TRUE(contains(page, "<code>/plugins/libbroken-group.so</code>: not a loadable shared library"));
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
