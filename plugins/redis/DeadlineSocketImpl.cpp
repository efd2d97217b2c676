//
// DeadlineSocketImpl.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "DeadlineSocketImpl.h"

#include <Poco/Exception.h>
#include <Poco/Timespan.h>

#include <algorithm>
#include <climits>
#include <string>

namespace redis
{

DeadlineSocketImpl::DeadlineSocketImpl(std::chrono::steady_clock::time_point deadline, std::size_t budget)
    : _deadline(deadline), _budget(budget)
{
}

int DeadlineSocketImpl::receiveBytes(void* buffer, int length, int flags)
{
    const auto left =
        std::chrono::duration_cast<std::chrono::microseconds>(_deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0)
        throw Poco::TimeoutException("the deadline passed");
    if (remaining() == 0)
        throw Poco::ProtocolException("the reply is longer than " + std::to_string(_budget) + " bytes");
    setReceiveTimeout(Poco::Timespan(std::max<long long>(left, 1000))); // POCO takes 0 as "none"
    const int wanted = static_cast<int>(
        std::min<std::size_t>({static_cast<std::size_t>(length), remaining(), static_cast<std::size_t>(INT_MAX)}));
    const int got = Poco::Net::StreamSocketImpl::receiveBytes(buffer, wanted, flags);
    if (got > 0)
        _received += static_cast<std::size_t>(got);
    return got;
}

std::size_t DeadlineSocketImpl::remaining() const
{
    return _budget - _received;
}

} // namespace redis
