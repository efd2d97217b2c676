//
// CapturingChannel.h
//
// A Poco log channel that keeps every message, for tests that read the log.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_TEST_CAPTURINGCHANNEL_INCLUDED
#define LABMOCK_TEST_CAPTURINGCHANNEL_INCLUDED

#include <Poco/Channel.h>
#include <Poco/Message.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

namespace labmock::test
{

/// Keeps the messages logged to it. Server threads log while the test thread reads:
/// waitForCount() lets a test wait for a message that is written after the response.
class CapturingChannel : public Poco::Channel
{
public:
    void log(const Poco::Message& message) override
    {
        {
            const std::lock_guard<std::mutex> lock(_mutex);
            _messages.push_back(message);
        }
        _changed.notify_all();
    }

    std::vector<Poco::Message> messages() const
    {
        const std::lock_guard<std::mutex> lock(_mutex);
        return _messages;
    }

    /// Every message's text, one per line.
    std::string text() const
    {
        std::string out;
        for (const auto& message : messages())
            out += message.getText() + "\n";
        return out;
    }

    /// Waits until at least count messages arrived; false after limit.
    bool waitForCount(std::size_t count, std::chrono::milliseconds limit = std::chrono::seconds(10)) const
    {
        std::unique_lock<std::mutex> lock(_mutex);
        return _changed.wait_for(lock, limit, [&] { return _messages.size() >= count; });
    }

protected:
    ~CapturingChannel() override = default;

private:
    mutable std::mutex _mutex;
    mutable std::condition_variable _changed;
    std::vector<Poco::Message> _messages;
};

} // namespace labmock::test

#endif // LABMOCK_TEST_CAPTURINGCHANNEL_INCLUDED
