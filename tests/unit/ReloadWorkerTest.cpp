//
// ReloadWorkerTest.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ReloadWorker.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

using labmock::ReloadWorker;

namespace
{

/// A reload task that blocks until released, and counts its runs.
class GatedTask
{
public:
    void operator()()
    {
        std::unique_lock<std::mutex> lock(_mutex);
        ++_started;
        _changed.notify_all();
        _changed.wait(lock, [this] { return _released > 0; });
        --_released;
        ++_finished;
        _changed.notify_all();
    }

    void release(int runs = 1)
    {
        const std::lock_guard<std::mutex> lock(_mutex);
        _released += runs;
        _changed.notify_all();
    }

    void waitStarted(int runs)
    {
        std::unique_lock<std::mutex> lock(_mutex);
        _changed.wait(lock, [&] { return _started >= runs; });
    }

    void waitFinished(int runs)
    {
        std::unique_lock<std::mutex> lock(_mutex);
        _changed.wait(lock, [&] { return _finished >= runs; });
    }

    int started()
    {
        const std::lock_guard<std::mutex> lock(_mutex);
        return _started;
    }

private:
    std::mutex _mutex;
    std::condition_variable _changed;
    int _started = 0;
    int _finished = 0;
    int _released = 0;
};

auto soon()
{
    return std::chrono::steady_clock::now() + std::chrono::seconds(30);
}

} // namespace

TEST(ReloadWorker, RequestsDuringARunCoalesceIntoOneMore)
{
    GatedTask task;
    ReloadWorker worker([&] { task(); });
    worker.request();
    task.waitStarted(1);
    for (int i = 0; i < 10; ++i)
        worker.request(); // returns at once although the first run is blocked
    task.release();
    task.waitStarted(2);
    task.release();
    task.waitFinished(2);
    EXPECT_TRUE(worker.stop(soon()));
    EXPECT_EQ(task.started(), 2);
}

TEST(ReloadWorker, StopReportsARunStillGoingAtTheDeadline)
{
    GatedTask task;
    ReloadWorker worker([&] { task(); });
    worker.request();
    task.waitStarted(1);
    EXPECT_FALSE(worker.stop(std::chrono::steady_clock::now()));
    task.release();
    EXPECT_TRUE(worker.stop(soon()));
}

TEST(ReloadWorker, StopDropsPendingRequests)
{
    GatedTask task;
    ReloadWorker worker([&] { task(); });
    worker.request();
    task.waitStarted(1);
    worker.request();
    EXPECT_FALSE(worker.stop(std::chrono::steady_clock::now())); // the first run is still going
    task.release();
    EXPECT_TRUE(worker.stop(soon()));
    EXPECT_EQ(task.started(), 1) << "the request pending at stop() never ran";
}
