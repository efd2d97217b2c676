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
    /// instanceBlock(), a blank line and table().
    static std::string render(const Snapshot& snapshot, const Disclosure& disclosure);

    /// "label:  value" lines of the instance, with its uptime at now.
    static std::string instanceBlock(const Snapshot& snapshot, Poco::Timestamp now = Poco::Timestamp());

    /// The table, plugin errors and the summary line.
    static std::string table(const Snapshot& snapshot, const Disclosure& disclosure);
};

} // namespace labmock

#endif // LABMOCK_TEXTREPORT_INCLUDED
