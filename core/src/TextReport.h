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

#include <string>

namespace labmock
{

/// Columns GROUP, VARIABLE, STATE, SOURCE, VALUE (per display.reveal), then plugin
/// errors and a summary line. Stateless; thread-safe.
class TextReport
{
public:
    static std::string render(const Snapshot& snapshot, const Disclosure& disclosure);
};

} // namespace labmock

#endif // LABMOCK_TEXTREPORT_INCLUDED
