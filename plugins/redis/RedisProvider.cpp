//
// RedisProvider.cpp
//
// The Redis group of the original page.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

namespace
{

/// Declares the Redis group exactly as the original page did: name, description, order.
class RedisProvider : public labmock::GroupProvider
{
public:
    std::vector<labmock::Group> groups() override
    {
        return {{"Redis",
                 "Redis database credentials",
                 {
                     {"REDIS_HOST", false, true},
                     {"REDIS_PORT", false, true},
                 }}};
    }
};

} // namespace

LABMOCK_PLUGIN(RedisProvider)
