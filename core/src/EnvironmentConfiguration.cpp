//
// EnvironmentConfiguration.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "EnvironmentConfiguration.h"

#include <Poco/Ascii.h>
#include <Poco/Environment.h>
#include <Poco/Exception.h>

namespace labmock
{

std::string EnvironmentConfiguration::variableFor(const std::string& key)
{
    std::string name = "LABMOCK_";
    for (const char c : key)
        name += (c == '.' || c == '-') ? '_' : static_cast<char>(Poco::Ascii::toUpper(c));
    return name;
}

bool EnvironmentConfiguration::getRaw(const std::string& key, std::string& value) const
{
    const std::string name = variableFor(key);
    if (!Poco::Environment::has(name))
        return false;
    value = Poco::Environment::get(name);
    return true;
}

void EnvironmentConfiguration::setRaw(const std::string& key, const std::string&)
{
    throw Poco::InvalidAccessException("the environment configuration is read-only", key);
}

void EnvironmentConfiguration::enumerate(const std::string&, Keys&) const
{
}

} // namespace labmock
