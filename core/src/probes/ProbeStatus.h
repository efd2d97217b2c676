//
// ProbeStatus.h
//
// What is known about one group's probe: its last result, or why it is not probed.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_PROBESTATUS_INCLUDED
#define LABMOCK_PROBESTATUS_INCLUDED

#include <Poco/Timestamp.h>

#include <string>
#include <utility>
#include <vector>

namespace labmock
{

/// One group's probe as the renderers show it. Reason and details are already scrubbed of
/// the group's secret values and printable. A plain value type.
struct ProbeStatus
{
    enum class State
    {
        NotProbed, ///< probes are off for it; reason says why
        Pending,   ///< probed, but no result yet
        Ok,
        Failed
    };

    State state = State::NotProbed;
    std::string reason;
    std::vector<std::pair<std::string, std::string>> details;
    double durationSeconds = 0;   ///< how long the last probe took (Ok, Failed)
    Poco::Timestamp checkedAt{0}; ///< when the last probe ended (Ok, Failed)
    bool running = false;         ///< a probe of the group is under way now

    /// "ok", "failed", "pending" or "not-probed".
    static const char* stateName(State state);

    /// Whole seconds since checkedAt, as of now (never negative).
    long long ageSeconds(const Poco::Timestamp& now) const;
};

} // namespace labmock

#endif // LABMOCK_PROBESTATUS_INCLUDED
