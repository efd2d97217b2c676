//
// PostgresqlProbe.h
//
// Connects to PostgreSQL with a group's values and asks the server who and what it is.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_POSTGRESQLPROBE_INCLUDED
#define LABMOCK_POSTGRESQLPROBE_INCLUDED

#include <labmock/ProbeResult.h>

#include <chrono>
#include <map>
#include <string>

namespace postgresql
{

/// One probe with libpq: connect (POSTGRES_HOST, _PORT, _USER, _PASSWORD, _DB), authenticate,
/// `SELECT version(), current_user`; report the server version, TLS (protocol and cipher)
/// and the authenticated user, or the server's own message. libpq rather than
/// Poco::Data::PostgreSQL, which hides the TLS state (PQsslInUse, PQsslAttribute) and reduces
/// server errors to its own text. Non-blocking (PQconnectPoll, epoll) so the deadline holds
/// against a server that accepts and never answers; libpq's connect_timeout (whole seconds,
/// at least 2) is only a backstop. Stateless; thread-safe. Built into libpostgresql-probe.so,
/// which alone links libpq (see ProbeLibrary).
class PostgresqlProbe
{
public:
    /// sslmode is libpq's (disable … verify-full); sslRootCert may be empty.
    static labmock::ProbeResult run(const std::map<std::string, std::string>& values, const std::string& sslMode,
                                    const std::string& sslRootCert, std::chrono::steady_clock::time_point deadline);

    /// The type of run(): libpostgresql-probe.so exports `labmock_probe_postgresql`, a Function.
    using Function = decltype(&run);
};

} // namespace postgresql

#endif // LABMOCK_POSTGRESQLPROBE_INCLUDED
