//
// TextReport.h
//
// Renders a snapshot as an aligned plain-text table, for --check.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_TEXTREPORT_INCLUDED
#define LABMOCK_TEXTREPORT_INCLUDED

#include "Disclosure.h"
#include "Snapshot.h"
#include "probes/ProbeResults.h"

#include <Poco/Timestamp.h>

#include <string>

namespace labmock
{

/// The instance block (name, host, pod facts, start, uptime, read time), then columns
/// GROUP, VARIABLE, STATE, SOURCE, VALUE (per display.reveal) with the undeclared variables
/// last when collected, then plugin errors and a summary line. Stateless; thread-safe.
class TextReport
{
public:
    /// instanceBlock(), a blank line and table(); with probes (--check --probe), a blank
    /// line and probeLines().
    static std::string render(const Snapshot& snapshot, const Disclosure& disclosure,
                              const ProbeResults* probes = nullptr);

    /// One line per group: how its probe went, with what it learned.
    static std::string probeLines(const Snapshot& snapshot, const ProbeResults& probes);

    /// "label:  value" lines of the instance, with its uptime at now.
    static std::string instanceBlock(const Snapshot& snapshot, Poco::Timestamp now = Poco::Timestamp());

    /// The table, plugin errors and the summary line.
    static std::string table(const Snapshot& snapshot, const Disclosure& disclosure);
};

} // namespace labmock

#endif // LABMOCK_TEXTREPORT_INCLUDED
