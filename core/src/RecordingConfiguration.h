//
// RecordingConfiguration.h
//
// A read-only configuration that remembers which keys were asked for.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_RECORDINGCONFIGURATION_INCLUDED
#define LABMOCK_RECORDINGCONFIGURATION_INCLUDED

#include <Poco/AutoPtr.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <mutex>
#include <set>
#include <string>

namespace labmock
{

/// Wraps a configuration (a plugin's view plugins.<name>.) and records every key read
/// through it (getString, has, …) and every key whose children were listed (keys()), so
/// that the keys a plugin never read can be reported without the plugin declaring them.
/// Writing throws. Thread-safe: a plugin may read from any thread.
class RecordingConfiguration : public Poco::Util::AbstractConfiguration
{
public:
    using Ptr = Poco::AutoPtr<RecordingConfiguration>;

    explicit RecordingConfiguration(Poco::Util::AbstractConfiguration::Ptr inner);

    /// The keys read so far, as the reader spelled them (relative to the wrapped view).
    std::set<std::string> keysRead() const;

    /// The keys whose children were listed so far ("" for the root).
    std::set<std::string> keysListed() const;

    /// True when key was read, or lies below a key whose children were listed.
    bool wasRead(const std::string& key) const;

protected:
    bool getRaw(const std::string& key, std::string& value) const override;
    void setRaw(const std::string& key, const std::string& value) override;
    void enumerate(const std::string& key, Keys& range) const override;

private:
    Poco::Util::AbstractConfiguration::Ptr _inner;
    mutable std::mutex _mutex;
    mutable std::set<std::string> _read;
    mutable std::set<std::string> _listed;
};

} // namespace labmock

#endif // LABMOCK_RECORDINGCONFIGURATION_INCLUDED
