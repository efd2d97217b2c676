//
// PostgresqlProvider.cpp
//
// The PostgreSQL group of the original page.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

namespace
{

/// Declares the PostgreSQL group exactly as the original page did: name, description, order.
class PostgresqlProvider : public labmock::GroupProvider
{
public:
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
};

} // namespace

LABMOCK_PLUGIN(PostgresqlProvider)
