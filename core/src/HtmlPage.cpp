//
// HtmlPage.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "HtmlPage.h"

#include "BuildInfo.h"

#include <Poco/Base64Encoder.h>
#include <Poco/NumberFormatter.h>
#include <Poco/SHA2Engine.h>

#include <sstream>

namespace labmock
{

namespace
{

// Narrow screens (phones) stack each row's cells instead of hiding one: the source and its
// warnings stay visible at any width. Names and paths break after _ and / (<wbr>), values anywhere.
const std::string STYLE = R"(
:root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#5a6270;--line:#d8dde3;--head:#f3f5f7;--warn:#8a4b00;--warnbg:#fff4e0;--bad:#b3261e;--badbg:#fdecea;--ok:#1e6b34;--okbg:#e6f4ea;--tag:#44505c;--tagbg:#eceff3}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ed;--bg:#15181c;--muted:#9aa3ad;--line:#343a41;--head:#1f2429;--warn:#ffc46b;--warnbg:#2d2414;--bad:#ff8a80;--badbg:#3a1d1b;--ok:#8fd9a4;--okbg:#16301f;--tag:#c9d1d9;--tagbg:#2a3037}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:64rem;margin:0 auto;padding:1rem}
h1{font-size:1.75rem;margin:.5rem 0}
h2{font-size:1.25rem;margin:1.75rem 0 .25rem}
p{margin:.5rem 0}
.muted{color:var(--muted)}
.warning{color:var(--warn);background:var(--warnbg);border-radius:.375rem;padding:.5rem .75rem}
.banner{color:var(--bad);background:var(--badbg);border:2px solid var(--bad);border-radius:.375rem;padding:.75rem;font-size:1.1em}
.summary{font-weight:600}
.absent{color:var(--bad);overflow-wrap:break-word}
.instance{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:.75rem 0;padding:.5rem .75rem;background:var(--head);border-radius:.375rem;font-size:.9em}
.instance div{min-width:0;overflow-wrap:anywhere}
.instance dt{display:inline;color:var(--muted)}
.instance dt::after{content:": "}
.instance dd{display:inline;margin:0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
table{width:100%;border-collapse:collapse;table-layout:fixed}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
td.name,td.source{overflow-wrap:break-word}
th{background:var(--head);font-weight:600}
th:first-child{width:34%}th:last-child{width:22%}
td.name,td.value,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
tr.problem td{background:var(--badbg)}
tr.problem td:first-child{box-shadow:inset 4px 0 var(--bad)}
.missing,.problem{color:var(--bad)}
.tags{display:block;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.badge{display:inline-block;margin:.15rem .25rem 0 0;padding:0 .4rem;border-radius:.75rem;font-size:.75rem;line-height:1.4rem;font-weight:600;color:var(--tag);background:var(--tagbg);white-space:nowrap}
.badge.set{color:var(--ok);background:var(--okbg)}
.badge.missing,.badge.unreadable,.badge.too-large{color:var(--bg);background:var(--bad)}
.badge.secret{color:var(--warn);background:var(--warnbg)}
.note{display:block;color:var(--muted);font-size:.85em}
.note.warn,.note.hint{color:var(--warn)}
.errors li{color:var(--bad)}
footer{margin:2rem 0 1rem;color:var(--muted);font-size:.9em}
a{color:inherit}
.probe{font-size:.9em}.probe b{display:inline-block;border-radius:.25rem;padding:0 .4rem;color:var(--tag);background:var(--tagbg)}.probe.ok b{color:var(--ok);background:var(--okbg)}.probe.failed b{color:var(--bg);background:var(--bad)}
@media (max-width:40rem){table,tbody,tr,td{display:block;width:auto}thead{display:none}tr{border-bottom:1px solid var(--line);padding:.25rem 0}td{border:0;padding:.15rem .5rem}td.source:not(:empty)::before{content:"source: ";color:var(--muted)}}
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

/// shownText() with a line-break opportunity after each _ and /: names and paths break
/// between their parts, not in the middle of a word.
std::string breakable(const std::string& text)
{
    const std::string escaped = shownText(text);
    std::string out;
    out.reserve(escaped.size() + escaped.size() / 4);
    for (const char c : escaped)
    {
        out += c;
        if (c == '_' || c == '/')
            out += "<wbr>";
    }
    return out;
}

/// The row's state badge: set, masked, missing, unreadable or too large.
std::string stateBadge(const Resolution& resolution, const Disclosure::Shown& shown)
{
    switch (resolution.state)
    {
    case Resolution::State::Missing:
        return "<span class=\"badge missing\">missing</span>";
    case Resolution::State::Unreadable:
        return "<span class=\"badge unreadable\">unreadable</span>";
    case Resolution::State::TooLarge:
        return "<span class=\"badge too-large\">too large</span>";
    case Resolution::State::Set:
        break;
    }
    if (shown.kind == Disclosure::Shown::Kind::Masked)
        return "<span class=\"badge masked\">masked</span>";
    return "<span class=\"badge set\">set</span>";
}

/// One table row. tags: further badges; notes: further lines under the name (HTML).
void renderRow(std::string& out, const std::string& name, const Resolution& resolution, const Disclosure::Shown& shown,
               const std::string& tags, const std::string& notes)
{
    const bool problem = resolution.state != Resolution::State::Set;
    out += problem ? "<tr class=\"problem\"" : "<tr";
    out += " data-name=\"" + shownText(name) + "\"><td class=\"name\">" + breakable(name) + "<span class=\"tags\">"
           + stateBadge(resolution, shown) + tags + "</span>" + notes + "</td>";
    renderValue(out, shown);
    out += "<td class=\"source\">" + breakable(sourceText(resolution));
    if (!resolution.warning.empty())
        out += "<span class=\"note warn\">" + HtmlPage::escape(resolution.warning) + "</span>";
    out += "</td></tr>\n";
}

const char* TABLE_HEAD = "<table>\n<thead><tr><th>Name</th><th>Value</th><th>Source</th></tr></thead>\n<tbody>\n";

void renderInstance(std::string& out, const Snapshot& snapshot)
{
    const InstanceInfo& instance = snapshot.instance();
    out += "<dl class=\"instance\" aria-label=\"Instance\">";
    for (const auto& [label, value] : instance.facts())
        out += "<div><dt>" + label + "</dt><dd>" + shownText(value) + "</dd></div>";
    out += "<div><dt>started</dt><dd>" + InstanceInfo::iso8601(instance.startTime()) + "</dd></div>";
    out += "<div><dt>uptime</dt><dd>";
    out += UptimeText::MARKER;
    out +=
        "</dd></div><div><dt>values read</dt><dd>" + InstanceInfo::iso8601(snapshot.takenAt()) + "</dd></div></dl>\n";
}

/// "Missing (required): A, B" lines: what is not set, by name.
void renderAbsent(std::string& out, const Snapshot& snapshot)
{
    std::string required;
    std::string optional;
    std::string unreadable;
    const auto add = [](std::string& list, const std::string& name)
    { list += (list.empty() ? "<code>" : ", <code>") + breakable(name) + "</code>"; };
    const Catalog& catalog = snapshot.catalog();
    for (std::size_t g = 0; g < catalog.groups().size(); ++g)
    {
        const Group& group = catalog.groups()[g].group;
        for (std::size_t v = 0; v < group.variables.size(); ++v)
        {
            const Resolution& resolution = snapshot.values()[g][v];
            if (resolution.state == Resolution::State::Missing)
                add(group.variables[v].required ? required : optional, group.variables[v].name);
            else if (resolution.state != Resolution::State::Set)
                add(unreadable, group.variables[v].name);
        }
    }
    if (!required.empty())
        out += "<p class=\"absent\">Missing (required): " + required + "</p>\n";
    if (!optional.empty())
        out += "<p class=\"absent\">Missing (optional): " + optional + "</p>\n";
    if (!unreadable.empty())
        out += "<p class=\"absent\">Unreadable or too large: " + unreadable + "</p>\n";
}

void renderUndeclared(std::string& out, const Snapshot& snapshot, const Disclosure& disclosure)
{
    const UndeclaredVariables* rules = snapshot.undeclaredRules();
    if (!rules)
        return;
    const bool namesOnly = rules->mode() == Settings::Undeclared::Names;
    out += "<section class=\"undeclared\">\n<h2>Other environment variables</h2>\n<p class=\"muted\">"
           "Environment variables that no group declares (display.undeclared="
           + std::string(namesOnly ? "names" : "masked") + "): " + std::to_string(snapshot.undeclared().size())
           + ".</p>\n" + TABLE_HEAD;
    for (const auto& entry : snapshot.undeclared())
    {
        const Variable variable{entry.name, false, false};
        Disclosure::Shown shown;
        shown.kind = Disclosure::Shown::Kind::Hidden;
        if (!namesOnly)
            shown = disclosure.show(variable, entry.resolution);
        std::string tags;
        if (disclosure.isSecret(variable))
            tags += "<span class=\"badge secret\">secret</span>";
        std::string notes;
        if (!entry.suggestion.empty())
            notes += "<span class=\"note hint\">did you mean " + breakable(entry.suggestion) + "?</span>";
        if (entry.name.rfind("LABMOCK_", 0) == 0)
            notes += entry.configKey.empty() ? "<span class=\"note hint\">sets no configuration key</span>"
                                             : "<span class=\"note\">sets " + shownText(entry.configKey) + "</span>";
        renderRow(out, entry.name, entry.resolution, shown, tags, notes);
    }
    out += "</tbody>\n</table>\n</section>\n";
}

/// The probe badge of a group: state, reason, age and duration, and what the probe learned.
std::string probeBadge(const ProbeStatus& status, const Poco::Timestamp& now)
{
    const char* state = ProbeStatus::stateName(status.state);
    std::string out = "<p class=\"probe " + std::string(state) + "\"><b>";
    switch (status.state)
    {
    case ProbeStatus::State::Ok:
        out += "probe ok";
        break;
    case ProbeStatus::State::Failed:
        out += "probe failed";
        break;
    case ProbeStatus::State::Pending:
        out += "probe pending";
        break;
    case ProbeStatus::State::NotProbed:
        out += "not probed";
        break;
    }
    out += "</b> " + shownText(status.reason);
    if (status.state == ProbeStatus::State::Ok || status.state == ProbeStatus::State::Failed)
        out += " <span class=\"muted\">(" + std::to_string(status.ageSeconds(now)) + " s ago, took "
               + Poco::NumberFormatter::format(status.durationSeconds, 3) + " s"
               + (status.running ? ", probing again" : "") + ")</span>";
    if (!status.details.empty())
    {
        out += "<span class=\"note\">";
        for (std::size_t i = 0; i < status.details.size(); ++i)
            out += (i ? " &middot; " : "") + shownText(status.details[i].first) + ": "
                   + shownText(status.details[i].second);
        out += "</span>";
    }
    return out + "</p>\n";
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

std::string HtmlPage::render(const Snapshot& snapshot, const Disclosure& disclosure, const std::string& basePath,
                             const ProbeResults* probes)
{
    return *renderLive(snapshot, disclosure, basePath, probes).at();
}

UptimeText HtmlPage::renderLive(const Snapshot& snapshot, const Disclosure& disclosure, const std::string& basePath,
                                const ProbeResults* probes)
{
    const Poco::Timestamp now;
    const Snapshot::Counts& counts = snapshot.counts();
    const Catalog& catalog = snapshot.catalog();
    std::string out;
    out.reserve(6144 + (counts.variables + snapshot.undeclared().size()) * 320);
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>Lab Mock Server</title>\n<style>";
    out += STYLE;
    out += "</style>\n</head>\n<body>\n<main>\n<h1>Lab Mock Server</h1>\n"
           "<p>This page displays a set of environment variables for testing an infrastructure lab.</p>\n"
           "<p class=\"warning\"><strong>Warning:</strong> this server is for testing. "
           "Do not use it in production.</p>\n";
    if (disclosure.reveal() == Settings::Reveal::All)
        out += "<p class=\"banner\" role=\"alert\"><strong>All values, secrets included, are shown in plain "
               "text</strong> (display.reveal=all).</p>\n";
    renderInstance(out, snapshot);

    out += "<p class=\"summary\">" + std::to_string(counts.set) + " of " + std::to_string(counts.variables)
           + " variables set, " + std::to_string(counts.missing) + " missing";
    if (counts.unreadable)
        out += ", " + std::to_string(counts.unreadable) + " unreadable";
    out += ".</p>\n";
    renderAbsent(out, snapshot);
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
        break; // the banner above says it
    }

    if (!catalog.errors().empty())
    {
        out += "<section class=\"errors\">\n<h2>Plugin errors</h2>\n<ul>\n";
        for (const auto& error : catalog.errors())
            out += "<li><code>" + breakable(error.path) + "</code>: " + shownText(error.message) + "</li>\n";
        out += "</ul>\n</section>\n";
    }

    for (std::size_t g = 0; g < catalog.groups().size(); ++g)
    {
        const Group& group = catalog.groups()[g].group;
        out += "<section>\n<h2>" + shownText(group.name) + "</h2>\n<p>" + shownText(group.description) + "</p>\n";
        if (probes)
            out += probeBadge(probes->of(group.name), now);
        out += TABLE_HEAD;
        for (std::size_t v = 0; v < group.variables.size(); ++v)
        {
            const Variable& variable = group.variables[v];
            std::string tags;
            if (disclosure.isSecret(variable))
                tags += "<span class=\"badge secret\">secret</span>";
            if (!variable.required)
                tags += "<span class=\"badge optional\">optional</span>";
            const Resolution& resolution = snapshot.values()[g][v];
            renderRow(out, variable.name, resolution, disclosure.show(variable, resolution), tags, "");
        }
        out += "</tbody>\n</table>\n</section>\n";
    }
    renderUndeclared(out, snapshot, disclosure);

    out += "<footer>lab-mock-server ";
    out += BuildInfo::VERSION;
    out += " &middot; <a href=\"" + escape(basePath) + "/api/groups\">JSON</a> &middot; <a href=\"" + escape(basePath)
           + "/readyz?verbose\">readiness</a> &middot; <a href=\"" + escape(basePath)
           + "/metrics\">metrics</a></footer>\n</main>\n</body>\n</html>\n";
    return UptimeText(std::move(out), UptimeText::MARKER, snapshot.instance().startTime(), &InstanceInfo::durationText);
}

} // namespace labmock
