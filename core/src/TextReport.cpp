//
// TextReport.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "TextReport.h"

#include <Poco/NumberFormatter.h>

#include <algorithm>
#include <array>
#include <vector>

namespace labmock
{

namespace
{

using Row = std::array<std::string, 5>;

std::string valueText(const Disclosure::Shown& shown)
{
    using Kind = Disclosure::Shown::Kind;
    switch (shown.kind)
    {
    case Kind::Missing:
        return "None";
    case Kind::Hidden:
        return "";
    case Kind::Masked:
        return std::string(Disclosure::MASK) + " (" + std::to_string(shown.length) + " bytes, " + shown.fingerprint
               + ")";
    case Kind::Value:
    case Kind::Problem:
        break;
    }
    return shown.text;
}

/// Display width of UTF-8 text: code points, so the mask's bullets count once each.
std::size_t width(const std::string& text)
{
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

} // namespace

std::string TextReport::instanceBlock(const Snapshot& snapshot, Poco::Timestamp now)
{
    const InstanceInfo& instance = snapshot.instance();
    std::vector<std::pair<std::string, std::string>> facts = instance.facts();
    facts.emplace_back("started", InstanceInfo::iso8601(instance.startTime()));
    facts.emplace_back("uptime",
                       InstanceInfo::durationText(now > instance.startTime() ? now - instance.startTime() : 0));
    facts.emplace_back("values read", InstanceInfo::iso8601(snapshot.takenAt()));
    std::size_t labelWidth = 0;
    for (const auto& fact : facts)
        labelWidth = std::max(labelWidth, fact.first.size());
    std::string out;
    for (const auto& [label, value] : facts)
        out += label + ":" + std::string(labelWidth - label.size() + 2, ' ') + value + "\n";
    return out;
}

std::string TextReport::render(const Snapshot& snapshot, const Disclosure& disclosure, const ProbeResults* probes)
{
    std::string out = instanceBlock(snapshot) + "\n" + table(snapshot, disclosure);
    if (probes)
        out += "\n" + probeLines(snapshot, *probes);
    return out;
}

std::string TextReport::probeLines(const Snapshot& snapshot, const ProbeResults& probes)
{
    std::string out;
    for (const auto& entry : snapshot.catalog().groups())
    {
        const ProbeStatus& status = probes.of(entry.group.name);
        out += "probe " + Disclosure::printable(entry.group.name) + ": " + ProbeStatus::stateName(status.state) + ": "
               + status.reason;
        if (status.state == ProbeStatus::State::Ok || status.state == ProbeStatus::State::Failed)
            out += " (" + Poco::NumberFormatter::format(status.durationSeconds, 3) + " s)";
        for (const auto& [name, value] : status.details)
            out += "; " + name + ": " + value;
        out += "\n";
    }
    return out;
}

std::string TextReport::table(const Snapshot& snapshot, const Disclosure& disclosure)
{
    std::vector<Row> rows{{"GROUP", "VARIABLE", "STATE", "SOURCE", "VALUE"}};
    const Catalog& catalog = snapshot.catalog();
    for (std::size_t g = 0; g < catalog.groups().size(); ++g)
    {
        const Group& group = catalog.groups()[g].group;
        for (std::size_t v = 0; v < group.variables.size(); ++v)
        {
            const Resolution& resolution = snapshot.values()[g][v];
            std::string source = Resolution::sourceName(resolution.source);
            if (!resolution.path.empty())
                source += " " + resolution.path;
            rows.push_back({Disclosure::printable(group.name), group.variables[v].name,
                            Resolution::stateName(resolution.state), Disclosure::printable(source),
                            valueText(disclosure.show(group.variables[v], resolution))});
        }
    }

    if (const UndeclaredVariables* rules = snapshot.undeclaredRules())
        for (const auto& entry : snapshot.undeclared())
        {
            std::string value;
            if (rules->mode() == Settings::Undeclared::Masked)
                value = valueText(disclosure.show(Variable{entry.name, false, false}, entry.resolution));
            if (!entry.suggestion.empty())
                value += (value.empty() ? "" : "  ") + std::string("(did you mean ") + entry.suggestion + "?)";
            else if (!entry.configKey.empty())
                value += (value.empty() ? "" : "  ") + std::string("(sets ") + entry.configKey + ")";
            rows.push_back({"(undeclared)", entry.name, "set", "env", value});
        }

    std::array<std::size_t, 5> widths{};
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], width(row[c]));

    std::string out;
    for (const auto& row : rows)
    {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c)
        {
            line += row[c];
            if (c + 1 < row.size())
                line += std::string(widths[c] - width(row[c]) + 2, ' ');
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out += line + "\n";
    }
    for (const auto& error : catalog.errors())
        out += "error: " + Disclosure::printable(error.path) + ": " + Disclosure::printable(error.message) + "\n";
    const Snapshot::Counts& counts = snapshot.counts();
    out += "\n" + std::to_string(counts.set) + " of " + std::to_string(counts.variables) + " variables set, "
           + std::to_string(counts.missing) + " missing, " + std::to_string(counts.unreadable) + " unreadable; "
           + std::to_string(counts.requiredMissing) + " required not set\n";
    return out;
}

} // namespace labmock
