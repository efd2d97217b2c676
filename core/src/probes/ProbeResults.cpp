//
// ProbeResults.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "probes/ProbeResults.h"

#include <algorithm>

namespace labmock
{

const ProbeStatus& ProbeResults::of(const std::string& group) const
{
    static const ProbeStatus none{
        ProbeStatus::State::NotProbed, "no probe for this group", {}, 0, Poco::Timestamp(0), false};
    const auto found = groups.find(group);
    return found == groups.end() ? none : found->second;
}

bool ProbeResults::anyFailed(bool pendingFails) const
{
    return std::any_of(groups.begin(), groups.end(),
                       [pendingFails](const auto& entry)
                       {
                           const ProbeStatus::State state = entry.second.state;
                           return state == ProbeStatus::State::Failed
                                  || (pendingFails && state == ProbeStatus::State::Pending);
                       });
}

} // namespace labmock
