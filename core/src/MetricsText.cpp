//
// MetricsText.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "MetricsText.h"

#include "BuildInfo.h"
#include "Disclosure.h"

#include <Poco/NumberFormatter.h>

#include <algorithm>
#include <array>

namespace labmock
{

std::string MetricsText::escapeLabel(const std::string& value)
{
    std::string out;
    out.reserve(value.size());
    for (std::size_t start = 0; start <= value.size();)
    {
        // A line feed is escaped as the format says; any other control byte and invalid
        // UTF-8 (which fails a whole scrape) as values are shown: \xNN.
        const std::size_t end = std::min(value.find('\n', start), value.size());
        for (const char c : Disclosure::printable(value.substr(start, end - start)))
        {
            if (c == '\\' || c == '"')
                out += '\\';
            out += c;
        }
        if (end < value.size())
            out += "\\n";
        start = end + 1;
    }
    return out;
}

std::string MetricsText::render(const Snapshot& snapshot, bool ready)
{
    const Catalog& catalog = snapshot.catalog();
    std::string out;
    out += "# HELP labmock_build_info Build of the running server.\n# TYPE labmock_build_info gauge\n";
    out += "labmock_build_info{version=\"" + escapeLabel(BuildInfo::VERSION) + "\",revision=\""
           + escapeLabel(BuildInfo::GIT_REVISION) + "\",poco=\"" + BuildInfo::pocoVersion() + "\",compiler=\""
           + escapeLabel(BuildInfo::COMPILER) + "\"} 1\n";

    out += "# HELP labmock_variable_present Whether a variable is set (1) or not (0).\n"
           "# TYPE labmock_variable_present gauge\n";
    for (std::size_t g = 0; g < catalog.groups().size(); ++g)
    {
        const Group& group = catalog.groups()[g].group;
        const std::string groupLabel = escapeLabel(group.name);
        for (std::size_t v = 0; v < group.variables.size(); ++v)
        {
            out += "labmock_variable_present{group=\"" + groupLabel + "\",variable=\""
                   + escapeLabel(group.variables[v].name) + "\"} "
                   + (snapshot.values()[g][v].state == Resolution::State::Set ? "1" : "0") + "\n";
        }
    }
    // One series per state and variable, 1 for the state it is in: missing (not set anywhere)
    // apart from unreadable and too_large (a file is there but was not read).
    constexpr std::array<std::pair<Resolution::State, const char*>, 4> STATES{
        {{Resolution::State::Set, "set"},
         {Resolution::State::Missing, "missing"},
         {Resolution::State::Unreadable, "unreadable"},
         {Resolution::State::TooLarge, "too_large"}}};
    std::array<std::size_t, STATES.size()> byState{};
    out += "# HELP labmock_variable_state Whether a variable is in a state (1) or not (0): set, missing, "
           "unreadable or too_large.\n# TYPE labmock_variable_state gauge\n";
    for (std::size_t g = 0; g < catalog.groups().size(); ++g)
    {
        const Group& group = catalog.groups()[g].group;
        const std::string labels = "{group=\"" + escapeLabel(group.name) + "\",variable=\"";
        for (std::size_t v = 0; v < group.variables.size(); ++v)
        {
            const std::string variable = escapeLabel(group.variables[v].name);
            for (std::size_t s = 0; s < STATES.size(); ++s)
            {
                const bool in = snapshot.values()[g][v].state == STATES[s].first;
                byState[s] += in ? 1 : 0;
                out += "labmock_variable_state" + labels + variable + "\",state=\"" + STATES[s].second + "\"} "
                       + (in ? "1" : "0") + "\n";
            }
        }
    }
    out += "# HELP labmock_variables Variables by state.\n# TYPE labmock_variables gauge\n";
    for (std::size_t s = 0; s < STATES.size(); ++s)
        out +=
            std::string("labmock_variables{state=\"") + STATES[s].second + "\"} " + std::to_string(byState[s]) + "\n";
    const auto loaded = std::count_if(catalog.plugins().begin(), catalog.plugins().end(),
                                      [](const PluginScan::Plugin& plugin) { return !plugin.failed; });
    out += "# HELP labmock_plugins_loaded Plugins loaded whose groups() answered in the last load or reload.\n"
           "# TYPE labmock_plugins_loaded gauge\n";
    out += "labmock_plugins_loaded " + std::to_string(loaded) + "\n";
    out += "# HELP labmock_plugin_load_errors Plugin errors of the last load or reload.\n"
           "# TYPE labmock_plugin_load_errors gauge\n";
    out += "labmock_plugin_load_errors " + std::to_string(catalog.errors().size()) + "\n";
    out += "# HELP labmock_ready Whether /readyz answers 200.\n# TYPE labmock_ready gauge\n";
    out += std::string("labmock_ready ") + (ready ? "1" : "0") + "\n";
    return out;
}

void MetricsText::renderProbes(const ProbeResults& probes, std::string& out)
{
    std::string success =
        "# HELP labmock_probe_success Whether the last probe of a group's values worked (1) or not (0).\n"
        "# TYPE labmock_probe_success gauge\n";
    std::string duration = "# HELP labmock_probe_duration_seconds How long the last probe of a group took.\n"
                           "# TYPE labmock_probe_duration_seconds gauge\n";
    for (const auto& [group, status] : probes.groups)
    {
        if (status.state != ProbeStatus::State::Ok && status.state != ProbeStatus::State::Failed)
            continue;
        const std::string label = "{group=\"" + escapeLabel(group) + "\"} ";
        success += "labmock_probe_success" + label + (status.state == ProbeStatus::State::Ok ? "1" : "0") + "\n";
        duration +=
            "labmock_probe_duration_seconds" + label + Poco::NumberFormatter::format(status.durationSeconds, 6) + "\n";
    }
    out += success + duration;
}

} // namespace labmock
