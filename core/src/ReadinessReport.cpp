//
// ReadinessReport.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ReadinessReport.h"

#include "Disclosure.h"

#include <Poco/Path.h>

namespace labmock
{

ReadinessReport ReadinessReport::evaluate(const Snapshot& snapshot, bool requireAll, const ProbeResults* probes,
                                          bool requireProbes)
{
    ReadinessReport report;
    const Catalog& catalog = snapshot.catalog();
    for (const auto& error : catalog.errors())
    {
        report._ready = false;
        const std::string file = Poco::Path(error.path).getFileName();
        // A plugin by its file name; a directory (no plugin) by its whole path.
        const bool named = !file.empty() && !error.plugin.empty();
        report._verbose += "[-]plugin " + Disclosure::printable(named ? file : error.path) + ": "
                           + Disclosure::printable(error.message) + "\n";
    }
    for (std::size_t g = 0; g < catalog.groups().size(); ++g)
    {
        const Group& group = catalog.groups()[g].group;
        for (std::size_t v = 0; v < group.variables.size(); ++v)
        {
            const Variable& variable = group.variables[v];
            if (!variable.required)
                continue;
            const Resolution::State state = snapshot.values()[g][v].state;
            const std::string check = Disclosure::printable(group.name + "/" + variable.name);
            if (state == Resolution::State::Set)
            {
                report._verbose += "[+]" + check + " ok\n";
            }
            else if (requireAll)
            {
                report._ready = false;
                report._verbose += "[-]" + check + " " + Resolution::stateName(state) + "\n";
            }
            else
            {
                report._verbose += "[+]" + check + " " + Resolution::stateName(state) + " (not required)\n";
            }
        }
    }
    for (std::size_t g = 0; requireProbes && probes && g < catalog.groups().size(); ++g)
    {
        const std::string& name = catalog.groups()[g].group.name;
        const ProbeStatus::State state = probes->of(name).state;
        if (state == ProbeStatus::State::NotProbed)
            continue;
        const bool ok = state == ProbeStatus::State::Ok;
        report._ready = report._ready && ok;
        report._verbose += std::string(ok ? "[+]" : "[-]") + "probe " + Disclosure::printable(name) + " "
                           + ProbeStatus::stateName(state) + "\n";
    }
    report._verbose += report._ready ? "readyz check passed\n" : "readyz check failed\n";
    return report;
}

bool ReadinessReport::ready() const
{
    return _ready;
}

const std::string& ReadinessReport::verbose() const
{
    return _verbose;
}

} // namespace labmock
