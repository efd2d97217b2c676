//
// ExampleProvider.cpp
//
// An out-of-tree plugin: the "Message queue" group, built against the installed SDK.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

namespace
{

/// Declares one group. It only names variables: the server reads their values (environment,
/// X_FILE, secrets directories), masks secrets and counts required ones for readiness.
class ExampleProvider : public labmock::GroupProvider
{
public:
    std::vector<labmock::Group> groups() override
    {
        return {{"Message queue",
                 "RabbitMQ connection settings",
                 {
                     // name, secret, required
                     {"RABBITMQ_URL", false, true},
                     {"RABBITMQ_PASSWORD", true, true},
                 }}};
    }
};

} // namespace

// Exports the provider and the plugin ABI version it was built against.
LABMOCK_PLUGIN(ExampleProvider)
