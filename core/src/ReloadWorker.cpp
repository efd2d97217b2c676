//
// ReloadWorker.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ReloadWorker.h"

namespace labmock
{

ReloadWorker::ReloadWorker(std::function<void()> task) : _task(std::move(task)), _thread([this] { run(); })
{
}

ReloadWorker::~ReloadWorker()
{
    {
        const std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
        _pending = false;
    }
    _changed.notify_all();
    _thread.join();
}

void ReloadWorker::request()
{
    {
        const std::lock_guard<std::mutex> lock(_mutex);
        _pending = true;
    }
    _changed.notify_all();
}

bool ReloadWorker::stop(std::chrono::steady_clock::time_point deadline)
{
    std::unique_lock<std::mutex> lock(_mutex);
    _stopping = true;
    _pending = false;
    _changed.notify_all();
    return _changed.wait_until(lock, deadline, [this] { return !_running; });
}

void ReloadWorker::run()
{
    std::unique_lock<std::mutex> lock(_mutex);
    for (;;)
    {
        _changed.wait(lock, [this] { return _pending || _stopping; });
        if (_stopping)
            return;
        _pending = false;
        _running = true;
        lock.unlock();
        _task();
        lock.lock();
        _running = false;
        _changed.notify_all();
    }
}

} // namespace labmock
