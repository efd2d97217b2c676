//
// RedisProvider.cpp
//
// The Redis group of the original page, and its probe.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "RedisProbe.h"

#include <labmock/Plugin.h>

namespace
{

/// Declares the Redis group as the original page did (name, description, REDIS_HOST and
/// REDIS_PORT first), plus the optional REDIS_USER and REDIS_PASSWORD its probe logs in with.
class RedisProvider : public labmock::GroupProvider, public labmock::GroupProber
{
public:
    std::vector<labmock::Group> groups() override
    {
        return {{"Redis",
                 "Redis database credentials",
                 {
                     {"REDIS_HOST", false, true},
                     {"REDIS_PORT", false, true},
                     {"REDIS_USER", false, false},
                     {"REDIS_PASSWORD", true, false},
                 }}};
    }

    labmock::ProbeResult probe(const std::string&, const std::map<std::string, std::string>& values,
                               std::chrono::steady_clock::time_point deadline) override
    {
        return redis::RedisProbe::run(values, deadline);
    }
};

} // namespace

LABMOCK_PLUGIN(RedisProvider)
