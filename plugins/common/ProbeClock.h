//
// ProbeClock.h
//
// The deadline arithmetic the shipped probes share.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_PROBECLOCK_INCLUDED
#define LABMOCK_PROBECLOCK_INCLUDED

#include <Poco/Timespan.h>

#include <algorithm>
#include <chrono>
#include <string>

namespace labmock_plugins
{

/// A probe's deadline as POCO's timeouts and its reason texts need it.
class ProbeClock
{
public:
    using Clock = std::chrono::steady_clock;

    /// What is left until deadline, at least a millisecond (POCO takes 0 as "no timeout").
    static Poco::Timespan left(Clock::time_point deadline)
    {
        const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now()).count();
        return Poco::Timespan(std::max<long long>(micros, 1000));
    }

    /// duration as "2.9 s" (tenths, rounded down).
    static std::string seconds(Clock::duration duration)
    {
        const long long tenths = std::chrono::duration_cast<std::chrono::milliseconds>(duration).count() / 100;
        return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
    }
};

} // namespace labmock_plugins

#endif // LABMOCK_PROBECLOCK_INCLUDED
