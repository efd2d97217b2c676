//
// ApiDocument.h
//
// Renders a snapshot as the JSON document served at /api/groups.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_APIDOCUMENT_INCLUDED
#define LABMOCK_APIDOCUMENT_INCLUDED

#include "Disclosure.h"
#include "Snapshot.h"
#include "UptimeText.h"
#include "probes/ProbeResults.h"

#include <string>

namespace labmock
{

/// The JSON twin of the page: the instance, summary, groups in catalog order, each
/// variable with its state, source and (per display.reveal) value — null when missing, as
/// the original page's None — the undeclared variables when collected, and the plugin
/// errors. Keys keep their documented order. Stateless; thread-safe.
class ApiDocument
{
public:
    /// The document, with the uptime of now. With probes (null when probes.enabled=false),
    /// each group carries a "probe" object.
    static std::string render(const Snapshot& snapshot, const Disclosure& disclosure,
                              const ProbeResults* probes = nullptr);

    /// The document rendered once for serving many times: the uptime is spliced in per request.
    static UptimeText renderLive(const Snapshot& snapshot, const Disclosure& disclosure,
                                 const ProbeResults* probes = nullptr);
};

} // namespace labmock

#endif // LABMOCK_APIDOCUMENT_INCLUDED
