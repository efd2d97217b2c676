//
// WorkerPool.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "http/WorkerPool.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>

namespace labmock
{

namespace
{

/// How long a thread waits for work before it ends.
constexpr std::chrono::seconds IDLE_LIFETIME(60);

} // namespace

struct WorkerPool::State
{
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::function<void()>> tasks;
    std::size_t threads = 0; ///< alive
    std::size_t idle = 0;    ///< alive and waiting for a task
    std::size_t running = 0; ///< taken from the queue, not finished
    std::size_t maxThreads = 1;
    std::size_t maxQueued = 0;
    bool stopping = false;
};

WorkerPool::WorkerPool(std::size_t maxThreads, std::size_t maxQueued) : _state(std::make_shared<State>())
{
    _state->maxThreads = std::max<std::size_t>(1, maxThreads);
    _state->maxQueued = maxQueued;
}

WorkerPool::~WorkerPool()
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    _state->stopping = true;
    _state->ready.notify_all();
}

bool WorkerPool::submit(std::function<void()> task)
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    State& state = *_state;
    const bool threadFree = state.tasks.size() < state.idle;
    if (state.stopping
        || (!threadFree && state.threads >= state.maxThreads && state.tasks.size() - state.idle >= state.maxQueued))
        return false;
    state.tasks.push_back(std::move(task));
    if (threadFree)
        state.ready.notify_one();
    else if (state.threads < state.maxThreads)
    {
        try
        {
            // Detached: it holds the state, so it may outlive the pool without a dangling reference.
            std::thread(work, _state).detach();
            ++state.threads;
        }
        catch (const std::system_error&)
        {
            state.tasks.pop_back(); // no thread to be had: the caller answers "busy"
            return false;
        }
    }
    return true;
}

std::size_t WorkerPool::pending() const
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    return _state->tasks.size() + _state->running;
}

void WorkerPool::work(std::shared_ptr<State> shared)
{
    State& state = *shared;
    std::unique_lock<std::mutex> lock(state.mutex);
    for (;;)
    {
        ++state.idle;
        const bool woken =
            state.ready.wait_for(lock, IDLE_LIFETIME, [&] { return state.stopping || !state.tasks.empty(); });
        --state.idle;
        if (!woken || state.tasks.empty())
        {
            --state.threads;
            return;
        }
        std::function<void()> task = std::move(state.tasks.front());
        state.tasks.pop_front();
        ++state.running;
        lock.unlock();
        task(); // tasks catch what they throw
        task = nullptr;
        lock.lock();
        --state.running;
    }
}

} // namespace labmock
