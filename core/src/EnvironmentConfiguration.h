//
// EnvironmentConfiguration.h
//
// Configuration keys taken from LABMOCK_* environment variables.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_ENVIRONMENTCONFIGURATION_INCLUDED
#define LABMOCK_ENVIRONMENTCONFIGURATION_INCLUDED

#include <Poco/Util/AbstractConfiguration.h>

#include <string>

namespace labmock
{

/// A read-only configuration layer that maps a key to an environment variable:
/// the prefix LABMOCK_, dots and dashes become underscores, all upper case
/// (http.port → LABMOCK_HTTP_PORT). It sits between the command line and the
/// properties file. Keys cannot be enumerated: the mapping is one-way.
class EnvironmentConfiguration : public Poco::Util::AbstractConfiguration
{
public:
    /// Returns the environment variable that holds key.
    static std::string variableFor(const std::string& key);

protected:
    bool getRaw(const std::string& key, std::string& value) const override;
    void setRaw(const std::string& key, const std::string& value) override;
    void enumerate(const std::string& key, Keys& range) const override;
};

} // namespace labmock

#endif // LABMOCK_ENVIRONMENTCONFIGURATION_INCLUDED
