//
// ProbeStatus.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "probes/ProbeStatus.h"

#include <algorithm>

namespace labmock
{

const char* ProbeStatus::stateName(State state)
{
    switch (state)
    {
    case State::Ok:
        return "ok";
    case State::Failed:
        return "failed";
    case State::Pending:
        return "pending";
    case State::NotProbed:
        break;
    }
    return "not-probed";
}

long long ProbeStatus::ageSeconds(const Poco::Timestamp& now) const
{
    return std::max<long long>(0, (now - checkedAt) / Poco::Timestamp::resolution());
}

} // namespace labmock
