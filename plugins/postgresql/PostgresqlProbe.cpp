//
// PostgresqlProbe.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "PostgresqlProbe.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <memory>
#include <sys/epoll.h>
#include <unistd.h>
#include <vector>

namespace postgresql
{

namespace
{

using Clock = std::chrono::steady_clock;

std::string valueOf(const std::map<std::string, std::string>& values, const std::string& name,
                    const std::string& fallback = "")
{
    const auto found = values.find(name);
    return found == values.end() ? fallback : found->second;
}

/// libpq's message on one line: its line breaks and tabs become "; " and spaces.
std::string oneLine(const char* message)
{
    std::string text = message ? message : "";
    std::string out;
    bool gap = false;
    for (const char c : text)
    {
        if (c == '\n')
            gap = true;
        else if (gap && (c == ' ' || c == '\t'))
            continue; // the indentation of a continuation line
        else
        {
            if (gap && !out.empty())
                out += "; ";
            gap = false;
            out += c == '\t' ? ' ' : c;
        }
    }
    return out;
}

/// Waits until fd is ready for events (EPOLLIN, EPOLLOUT) or the deadline passes; false at
/// the deadline. epoll rather than poll(), which _FORTIFY_SOURCE lists as an unchecked call
/// (packaging.hardening-check); a new set each time, as libpq may change its socket.
bool waitFor(int fd, std::uint32_t events, Clock::time_point deadline)
{
    const int set = ::epoll_create1(EPOLL_CLOEXEC);
    if (set < 0)
        return true; // let libpq meet the trouble and name it
    epoll_event wanted{};
    wanted.events = events;
    wanted.data.fd = fd;
    if (::epoll_ctl(set, EPOLL_CTL_ADD, fd, &wanted) != 0)
    {
        ::close(set);
        return true;
    }
    bool ready = true;
    while (true)
    {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0)
        {
            ready = false;
            break;
        }
        epoll_event event{};
        const int count = ::epoll_wait(set, &event, 1, static_cast<int>(std::min<long long>(left, 60000)));
        if (count > 0 || (count < 0 && errno != EINTR))
            break;
    }
    ::close(set);
    return ready;
}

labmock::ProbeResult failed(std::string reason)
{
    labmock::ProbeResult result;
    result.reason = std::move(reason);
    return result;
}

std::string seconds(Clock::duration duration)
{
    const double value = std::chrono::duration<double>(duration).count();
    return std::to_string(static_cast<long long>(std::lround(value * 10)) / 10) + "."
           + std::to_string(static_cast<long long>(std::lround(value * 10)) % 10) + " s";
}

/// What the connection was waiting for, for a timeout message.
std::string waitingFor(PGconn* conn)
{
    switch (PQstatus(conn))
    {
    case CONNECTION_STARTED:
        return "while connecting";
    case CONNECTION_MADE:
    case CONNECTION_AWAITING_RESPONSE:
    case CONNECTION_SSL_STARTUP:
    case CONNECTION_GSS_STARTUP:
        return "connected, waiting for the server to answer";
    case CONNECTION_AUTH_OK:
    case CONNECTION_SETENV:
    case CONNECTION_CHECK_WRITABLE:
    case CONNECTION_CONSUME:
    case CONNECTION_CHECK_TARGET:
    case CONNECTION_CHECK_STANDBY:
        return "authenticated, waiting for the server to be ready";
    default:
        break;
    }
    return "waiting for the server";
}

} // namespace

labmock::ProbeResult PostgresqlProbe::run(const std::map<std::string, std::string>& values, const std::string& sslMode,
                                          const std::string& sslRootCert, Clock::time_point deadline)
{
    const Clock::time_point start = Clock::now();
    const std::string host = valueOf(values, "POSTGRES_HOST");
    const std::string user = valueOf(values, "POSTGRES_USER");
    if (host.empty())
        return failed("POSTGRES_HOST is not set");
    if (user.empty())
        return failed("POSTGRES_USER is not set");
    const std::string port = valueOf(values, "POSTGRES_PORT", "5432");
    const std::string password = valueOf(values, "POSTGRES_PASSWORD");
    const std::string database = valueOf(values, "POSTGRES_DB", user);
    // libpq's own timeout counts whole seconds, at least 2: the real deadline is kept below.
    const auto budget = std::chrono::duration<double>(deadline - start).count();
    const std::string connectTimeout = std::to_string(std::max(2LL, static_cast<long long>(std::ceil(budget)) + 1));

    // Only what the group says: no ~/.pgpass, no service file of the server's user.
    std::vector<const char*> keys{
        "host", "port", "user", "dbname", "sslmode", "passfile", "connect_timeout", "application_name"};
    std::vector<const char*> settings{host.c_str(),    port.c_str(), user.c_str(),           database.c_str(),
                                      sslMode.c_str(), "/dev/null",  connectTimeout.c_str(), "lab-mock-server"};
    if (!password.empty())
    {
        keys.push_back("password");
        settings.push_back(password.c_str());
    }
    if (!sslRootCert.empty())
    {
        keys.push_back("sslrootcert");
        settings.push_back(sslRootCert.c_str());
    }
    keys.push_back(nullptr);
    settings.push_back(nullptr);

    const std::unique_ptr<PGconn, void (*)(PGconn*)> conn(PQconnectStartParams(keys.data(), settings.data(), 0),
                                                          PQfinish);
    if (!conn)
        return failed("libpq could not allocate a connection");
    if (PQstatus(conn.get()) == CONNECTION_BAD)
        return failed(oneLine(PQerrorMessage(conn.get())));
    const std::string where = host + ":" + port;
    PostgresPollingStatusType polling = PGRES_POLLING_WRITING;
    while (polling != PGRES_POLLING_OK)
    {
        if (polling == PGRES_POLLING_FAILED)
            return failed(oneLine(PQerrorMessage(conn.get())));
        const std::uint32_t events = polling == PGRES_POLLING_READING ? EPOLLIN : EPOLLOUT;
        if (!waitFor(PQsocket(conn.get()), events, deadline))
            return failed("no answer from " + where + " within " + seconds(deadline - start) + " ("
                          + waitingFor(conn.get()) + ")");
        polling = PQconnectPoll(conn.get());
    }

    if (PQsetnonblocking(conn.get(), 1) != 0
        || !PQsendQuery(conn.get(), "SELECT version(), current_user, current_database()"))
        return failed(oneLine(PQerrorMessage(conn.get())));
    int flushing = 0;
    while ((flushing = PQflush(conn.get())) == 1)
    {
        if (!waitFor(PQsocket(conn.get()), EPOLLOUT | EPOLLIN, deadline))
            return failed("no answer from " + where + " within " + seconds(deadline - start) + " (sending the query)");
        PQconsumeInput(conn.get());
    }
    if (flushing < 0)
        return failed(oneLine(PQerrorMessage(conn.get())));
    while (PQisBusy(conn.get()))
    {
        if (!waitFor(PQsocket(conn.get()), EPOLLIN, deadline))
            return failed("no answer from " + where + " within " + seconds(deadline - start)
                          + " (authenticated, waiting for the query's result)");
        if (!PQconsumeInput(conn.get()))
            return failed(oneLine(PQerrorMessage(conn.get())));
    }
    const std::unique_ptr<PGresult, void (*)(PGresult*)> answer(PQgetResult(conn.get()), PQclear);
    if (!answer || PQresultStatus(answer.get()) != PGRES_TUPLES_OK || PQntuples(answer.get()) != 1)
        return failed("the query failed: "
                      + oneLine(answer ? PQresultErrorMessage(answer.get()) : PQerrorMessage(conn.get())));

    labmock::ProbeResult result;
    result.ok = true;
    const std::string authenticated = PQgetvalue(answer.get(), 0, 1);
    const std::string inDatabase = PQgetvalue(answer.get(), 0, 2);
    result.reason = "authenticated as " + authenticated + " to database " + inDatabase + " on " + where;
    result.details.emplace_back("server", PQgetvalue(answer.get(), 0, 0));
    if (PQsslInUse(conn.get()))
    {
        const char* protocol = PQsslAttribute(conn.get(), "protocol");
        const char* cipher = PQsslAttribute(conn.get(), "cipher");
        result.details.emplace_back("tls", std::string(protocol ? protocol : "?") + " " + (cipher ? cipher : "?"));
    }
    else
    {
        result.details.emplace_back("tls", "none (sslmode=" + sslMode + ")");
    }
    result.details.emplace_back("user", authenticated);
    return result;
}

} // namespace postgresql

/// What the plugin looks up when its first probe runs (ProbeLibrary).
extern "C" __attribute__((visibility("default"))) const postgresql::PostgresqlProbe::Function labmock_probe_postgresql =
    &postgresql::PostgresqlProbe::run;
