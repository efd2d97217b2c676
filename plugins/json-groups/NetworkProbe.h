//
// NetworkProbe.h
//
// The generic probes of JSON drop-in groups: a TCP connection, an HTTP(S) GET.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_NETWORKPROBE_INCLUDED
#define LABMOCK_NETWORKPROBE_INCLUDED

#include "ProbeSpec.h"

#include <labmock/ProbeResult.h>

#include <chrono>
#include <map>
#include <string>

namespace jsongroups
{

/// Runs a ProbeSpec against the group's values with POCO's sockets and HTTP client.
/// tcp: the connection is accepted. http: a GET is answered with any status below 500
/// (2xx, 3xx, 4xx prove the service is reachable; redirects are not followed); https is
/// verified against the system's CA store (OpenSSL's default paths, /etc/ssl/certs) and
/// the host name. Every connect, send and read is bounded by the deadline. Thread-safe.
/// Built into libjson-groups-probe.so, which alone links OpenSSL (see ProbeLibrary).
class NetworkProbe
{
public:
    static labmock::ProbeResult run(const ProbeSpec& spec, const std::map<std::string, std::string>& values,
                                    std::chrono::steady_clock::time_point deadline);

    /// The type of run(): libjson-groups-probe.so exports `labmock_probe_json_groups`, a Function.
    using Function = decltype(&run);
};

} // namespace jsongroups

#endif // LABMOCK_NETWORKPROBE_INCLUDED
