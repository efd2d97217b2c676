//
// PostgresqlProvider.cpp
//
// The PostgreSQL group of the original page, and its probe.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "PostgresqlProbe.h"
#include "ProbeLibrary.h"

#include <labmock/Plugin.h>

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>

namespace
{

bool validSslMode(const std::string& mode)
{
    static const std::vector<std::string> modes{"disable", "allow", "prefer", "require", "verify-ca", "verify-full"};
    return std::find(modes.begin(), modes.end(), mode) != modes.end();
}

/// Declares the PostgreSQL group exactly as the original page did: name, description, order.
/// Its probe logs in with the group's values (PostgresqlProbe, in libpostgresql-probe.so with
/// libpq); plugins.postgresql.sslmode (default prefer) and plugins.postgresql.sslrootcert say
/// how TLS is used.
class PostgresqlProvider : public labmock::GroupProvider, public labmock::GroupProber
{
public:
    void configure(const Poco::Util::AbstractConfiguration& config) override
    {
        const std::string mode = Poco::trim(config.getString("sslmode", "prefer"));
        if (!validSslMode(mode))
            throw Poco::InvalidArgumentException("plugins.postgresql.sslmode: expected disable | allow | prefer | "
                                                 "require | verify-ca | verify-full, got \""
                                                 + mode + "\"");
        _sslMode = mode;
        _sslRootCert = Poco::trim(config.getString("sslrootcert", ""));
    }

    std::vector<labmock::Group> groups() override
    {
        return {{"PostgreSQL",
                 "Postgres database credentials",
                 {
                     {"POSTGRES_USER", false, true},
                     {"POSTGRES_PASSWORD", true, true},
                     {"POSTGRES_HOST", false, true},
                     {"POSTGRES_PORT", false, true},
                     {"POSTGRES_DB", false, true},
                 }}};
    }

    labmock::ProbeResult probe(const std::string&, const std::map<std::string, std::string>& values,
                               std::chrono::steady_clock::time_point deadline) override
    {
        const auto run = _probeLibrary.function<postgresql::PostgresqlProbe::Function>();
        return run(values, _sslMode, _sslRootCert, deadline); // set once, by configure()
    }

private:
    labmock_plugins::ProbeLibrary _probeLibrary{"postgresql"};
    std::string _sslMode = "prefer";
    std::string _sslRootCert;
};

} // namespace

LABMOCK_PLUGIN(PostgresqlProvider)
