//
// HtmlPage.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "HtmlPage.h"

#include "BuildInfo.h"

#include <Poco/Base64Encoder.h>
#include <Poco/SHA2Engine.h>

#include <sstream>

namespace labmock
{

namespace
{

const std::string STYLE = R"(
:root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#5a6270;--line:#d8dde3;--head:#f3f5f7;--warn:#8a4b00;--warnbg:#fff4e0;--bad:#b3261e}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ed;--bg:#15181c;--muted:#9aa3ad;--line:#343a41;--head:#1f2429;--warn:#ffc46b;--warnbg:#2d2414;--bad:#ff8a80}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:64rem;margin:0 auto;padding:1rem}
h1{font-size:1.75rem;margin:.5rem 0}
h2{font-size:1.25rem;margin:1.75rem 0 .25rem}
p{margin:.5rem 0}
.muted{color:var(--muted)}
.warning{color:var(--warn);background:var(--warnbg);border-radius:.375rem;padding:.5rem .75rem}
.summary{font-weight:600}
table{width:100%;border-collapse:collapse;table-layout:fixed}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
th{background:var(--head);font-weight:600}
th:first-child{width:34%}th:last-child{width:22%}
td:first-child,td.value,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.missing,.problem{color:var(--bad)}
.note{display:block;color:var(--muted);font-size:.85em}
.errors li{color:var(--bad)}
footer{margin:2rem 0 1rem;color:var(--muted);font-size:.9em}
a{color:inherit}
@media (max-width:40rem){th:first-child{width:40%}th:last-child,td:last-child{display:none}}
)";

std::string styleHash()
{
    Poco::SHA2Engine sha256(Poco::SHA2Engine::SHA_256);
    sha256.update(STYLE);
    std::ostringstream base64;
    Poco::Base64Encoder encoder(base64);
    encoder.rdbuf()->setLineLength(0);
    const auto& digest = sha256.digest();
    encoder.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
    encoder.close();
    return base64.str();
}

std::string sourceText(const Resolution& resolution)
{
    switch (resolution.source)
    {
    case Resolution::Source::Environment:
        return "env";
    case Resolution::Source::EnvironmentFile:
        return "file " + resolution.path;
    case Resolution::Source::SecretsDirectory:
        return "secrets dir " + resolution.path;
    case Resolution::Source::None:
        break;
    }
    return "";
}

void renderValue(std::string& out, const Disclosure::Shown& shown)
{
    using Kind = Disclosure::Shown::Kind;
    switch (shown.kind)
    {
    case Kind::Missing:
        out += "<td class=\"value missing\">None</td>";
        return;
    case Kind::Problem:
        out += "<td class=\"value problem\">" + HtmlPage::escape(shown.text) + "</td>";
        return;
    case Kind::Hidden:
        out += "<td class=\"value\">set</td>";
        return;
    case Kind::Masked:
        out += "<td class=\"value\">";
        out += Disclosure::MASK;
        out += "<span class=\"note\">" + std::to_string(shown.length) + " bytes, " + shown.fingerprint + "</span></td>";
        return;
    case Kind::Value:
        out += "<td class=\"value\">" + HtmlPage::escape(shown.text);
        if (shown.escaped)
            out += "<span class=\"note\">non-printable bytes shown as escapes</span>";
        out += "</td>";
        return;
    }
}

/// Text from a plugin or the file system, as values are shown: control bytes and invalid
/// UTF-8 as backslash escapes, then HTML-escaped.
std::string shownText(const std::string& text)
{
    return HtmlPage::escape(Disclosure::printable(text));
}

} // namespace

std::string HtmlPage::escape(const std::string& text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text)
    {
        switch (c)
        {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

const std::string& HtmlPage::contentSecurityPolicy()
{
    static const std::string policy =
        "default-src 'none'; style-src 'sha256-" + styleHash()
        + "'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    return policy;
}

std::string HtmlPage::render(const Snapshot& snapshot, const Disclosure& disclosure, const std::string& basePath)
{
    const Snapshot::Counts& counts = snapshot.counts();
    const Catalog& catalog = snapshot.catalog();
    std::string out;
    out.reserve(4096 + counts.variables * 160);
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>Lab Mock Server</title>\n<style>";
    out += STYLE;
    out += "</style>\n</head>\n<body>\n<main>\n<h1>Lab Mock Server</h1>\n"
           "<p>This page displays a set of environment variables for testing an infrastructure lab.</p>\n"
           "<p class=\"warning\"><strong>Warning:</strong> this server is for testing. "
           "Do not use it in production.</p>\n";

    out += "<p class=\"summary\">" + std::to_string(counts.set) + " of " + std::to_string(counts.variables)
           + " variables set, " + std::to_string(counts.missing) + " missing";
    if (counts.unreadable)
        out += ", " + std::to_string(counts.unreadable) + " unreadable";
    out += ".</p>\n";
    switch (disclosure.reveal())
    {
    case Settings::Reveal::Masked:
        out += "<p class=\"muted\">Secret values are masked. To check one, compare its fingerprint with "
               "<code>printf %s &quot;$VALUE&quot; | sha256sum</code> (the first 12 hex digits) "
               "or <code>lab-mock-server --fingerprint</code>.</p>\n";
        break;
    case Settings::Reveal::None:
        out += "<p class=\"muted\">Values are hidden (display.reveal=none).</p>\n";
        break;
    case Settings::Reveal::All:
        out += "<p class=\"muted\">All values are shown in plain text (display.reveal=all).</p>\n";
        break;
    }

    if (!catalog.errors().empty())
    {
        out += "<section class=\"errors\">\n<h2>Plugin errors</h2>\n<ul>\n";
        for (const auto& error : catalog.errors())
            out += "<li><code>" + shownText(error.path) + "</code>: " + shownText(error.message) + "</li>\n";
        out += "</ul>\n</section>\n";
    }

    for (std::size_t g = 0; g < catalog.groups().size(); ++g)
    {
        const Group& group = catalog.groups()[g].group;
        out += "<section>\n<h2>" + shownText(group.name) + "</h2>\n<p>" + shownText(group.description)
               + "</p>\n<table>\n<thead><tr><th>Name</th><th>Value</th><th>Source</th></tr></thead>\n<tbody>\n";
        for (std::size_t v = 0; v < group.variables.size(); ++v)
        {
            const Variable& variable = group.variables[v];
            const Resolution& resolution = snapshot.values()[g][v];
            out += "<tr><td>" + shownText(variable.name) + "</td>";
            renderValue(out, disclosure.show(variable, resolution));
            out += "<td>" + escape(Disclosure::printable(sourceText(resolution)));
            if (!resolution.warning.empty())
                out += "<span class=\"note\">" + escape(resolution.warning) + "</span>";
            out += "</td></tr>\n";
        }
        out += "</tbody>\n</table>\n</section>\n";
    }

    out += "<footer>lab-mock-server ";
    out += BuildInfo::VERSION;
    out += " &middot; <a href=\"" + escape(basePath) + "/api/groups\">JSON</a> &middot; <a href=\"" + escape(basePath)
           + "/readyz?verbose\">readiness</a> &middot; <a href=\"" + escape(basePath)
           + "/metrics\">metrics</a></footer>\n</main>\n</body>\n</html>\n";
    return out;
}

} // namespace labmock
