//
// ProbeResult.h
//
// What a probe found when it tried a group's values against the real service.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_PROBERESULT_INCLUDED
#define LABMOCK_PROBERESULT_INCLUDED

#include <string>
#include <utility>
#include <vector>

namespace labmock
{

/// The answer of GroupProber::probe(). A plain value type. The server measures the time a
/// probe took itself, and removes every secret value of the group from reason and details
/// before it stores or shows them; a probe should still never put a secret into either.
struct ProbeResult
{
    /// True when the service accepted the values (connected, authenticated, answered).
    bool ok = false;
    /// One line: what was proved ("authenticated as app"), or why it failed, with the
    /// service's own message where there is one ("password authentication failed for user").
    std::string reason;
    /// Facts learned on the way, in display order, e.g. {"server", "PostgreSQL 15.4"},
    /// {"tls", "TLSv1.3 TLS_AES_256_GCM_SHA384"}, {"user", "app"}.
    std::vector<std::pair<std::string, std::string>> details;
};

} // namespace labmock

#endif // LABMOCK_PROBERESULT_INCLUDED
