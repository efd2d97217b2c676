//
// DeadlineSocketImpl.h
//
// A client socket whose reads end at a deadline and within a byte budget.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_DEADLINESOCKETIMPL_INCLUDED
#define LABMOCK_DEADLINESOCKETIMPL_INCLUDED

#include <Poco/Net/StreamSocketImpl.h>

#include <chrono>
#include <cstddef>

namespace redis
{

/// POCO's receive timeout bounds one read, so a server that never pauses (an endless line,
/// a reply trickled byte by byte) would hold a probe, and grow its memory, for as long as it
/// likes. Every read through this socket waits at most until the deadline, and all reads
/// together take at most budget bytes; past either, Poco::TimeoutException or
/// Poco::ProtocolException. Used by one thread; wrap it with Poco::Net::StreamSocket.
class DeadlineSocketImpl : public Poco::Net::StreamSocketImpl
{
public:
    DeadlineSocketImpl(std::chrono::steady_clock::time_point deadline, std::size_t budget);

    using Poco::Net::StreamSocketImpl::receiveBytes;
    int receiveBytes(void* buffer, int length, int flags = 0) override;

    /// Bytes still allowed.
    std::size_t remaining() const;

private:
    std::chrono::steady_clock::time_point _deadline;
    std::size_t _budget;
    std::size_t _received = 0;
};

} // namespace redis

#endif // LABMOCK_DEADLINESOCKETIMPL_INCLUDED
