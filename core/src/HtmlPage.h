//
// HtmlPage.h
//
// Renders a snapshot as the self-contained HTML page served at /.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_HTMLPAGE_INCLUDED
#define LABMOCK_HTMLPAGE_INCLUDED

#include "Disclosure.h"
#include "Snapshot.h"
#include "UptimeText.h"
#include "probes/ProbeResults.h"

#include <string>

namespace labmock
{

/// The page: everything the original Flask page showed (title, purpose, production
/// warning, one Name/Value table per group, `None` for a missing value) plus the instance
/// that answers, a summary naming what is missing, a state badge and the source of each
/// value, plugin errors and, when collected, the undeclared variables. Inline CSS only,
/// allowed by hash in the Content-Security-Policy (no script); every text is HTML-escaped.
/// Stateless; thread-safe.
class HtmlPage
{
public:
    /// Renders snapshot, with the uptime of now; links point below basePath. With probes
    /// (null when probes.enabled=false), each group shows its probe badge.
    static std::string render(const Snapshot& snapshot, const Disclosure& disclosure, const std::string& basePath,
                              const ProbeResults* probes = nullptr);

    /// Renders snapshot once for serving many times: the uptime is spliced in per request.
    static UptimeText renderLive(const Snapshot& snapshot, const Disclosure& disclosure, const std::string& basePath,
                                 const ProbeResults* probes = nullptr);

    /// The Content-Security-Policy for the page: no external source, no script, no framing.
    static const std::string& contentSecurityPolicy();

    /// Escapes &, <, >, " and ' (Poco::Net::htmlize leaves ' alone).
    static std::string escape(const std::string& text);
};

} // namespace labmock

#endif // LABMOCK_HTMLPAGE_INCLUDED
