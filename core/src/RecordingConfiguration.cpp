//
// RecordingConfiguration.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "RecordingConfiguration.h"

#include <Poco/Exception.h>
#include <Poco/String.h>

namespace labmock
{

RecordingConfiguration::RecordingConfiguration(Poco::Util::AbstractConfiguration::Ptr inner) : _inner(std::move(inner))
{
}

std::set<std::string> RecordingConfiguration::keysRead() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _read;
}

std::set<std::string> RecordingConfiguration::keysListed() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _listed;
}

bool RecordingConfiguration::wasRead(const std::string& key) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_read.count(key))
        return true;
    for (const auto& listed : _listed)
    {
        if (listed.empty() || Poco::startsWith(key, listed + "."))
            return true;
    }
    return false;
}

bool RecordingConfiguration::getRaw(const std::string& key, std::string& value) const
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _read.insert(key);
    }
    if (!_inner->has(key))
        return false;
    value = _inner->getRawString(key);
    return true;
}

void RecordingConfiguration::setRaw(const std::string& key, const std::string&)
{
    throw Poco::InvalidAccessException("a plugin's configuration is read-only", key);
}

void RecordingConfiguration::enumerate(const std::string& key, Keys& range) const
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _listed.insert(key);
    }
    _inner->keys(key, range);
}

} // namespace labmock
