//
// RedisProbe.h
//
// Connects to Redis with a group's values, authenticates and asks the server what it is.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_REDISPROBE_INCLUDED
#define LABMOCK_REDISPROBE_INCLUDED

#include <labmock/ProbeResult.h>

#include <chrono>
#include <map>
#include <string>

namespace redis
{

/// One probe with POCO's Redis client: connect to REDIS_HOST:REDIS_PORT, `AUTH` (as
/// REDIS_USER with its ACL password when that is set, else with REDIS_PASSWORD alone),
/// `PING` → `PONG`, `INFO server` for the version and `ACL WHOAMI` for the user. Every
/// connect and read is bounded by what is left until the deadline, and the replies together
/// by 1 MiB (DeadlineSocketImpl): a hostile server can neither hold a probe nor make it
/// allocate what it announces. Stateless; thread-safe.
class RedisProbe
{
public:
    static labmock::ProbeResult run(const std::map<std::string, std::string>& values,
                                    std::chrono::steady_clock::time_point deadline);
};

} // namespace redis

#endif // LABMOCK_REDISPROBE_INCLUDED
