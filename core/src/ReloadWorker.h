//
// ReloadWorker.h
//
// Runs reloads on a thread of their own, so that signal handling never waits for one.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_RELOADWORKER_INCLUDED
#define LABMOCK_RELOADWORKER_INCLUDED

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace labmock
{

/// Runs a reload task on its own thread each time one is requested. Requests that arrive
/// while a reload runs coalesce into one more run: a burst of SIGHUPs costs at most two
/// reloads, and the thread that takes signals never blocks on plugin code.
/// request() and stop() may be called from any thread; the task runs on the worker only.
class ReloadWorker
{
public:
    /// Starts the worker thread; task is run for each (coalesced) request.
    explicit ReloadWorker(std::function<void()> task);

    /// Stops the worker (see stop()) and joins it.
    ~ReloadWorker();

    ReloadWorker(const ReloadWorker&) = delete;
    ReloadWorker& operator=(const ReloadWorker&) = delete;

    /// Asks for a reload; returns at once.
    void request();

    /// Drops pending requests and waits until no reload runs, at most until deadline.
    /// Returns false when a reload was still running at the deadline (the caller decides
    /// whether to wait longer or end the process).
    bool stop(std::chrono::steady_clock::time_point deadline);

private:
    void run();

    std::function<void()> _task;
    std::mutex _mutex;
    std::condition_variable _changed;
    bool _pending = false;
    bool _running = false;
    bool _stopping = false;
    std::thread _thread;
};

} // namespace labmock

#endif // LABMOCK_RELOADWORKER_INCLUDED
