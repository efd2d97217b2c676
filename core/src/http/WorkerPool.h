//
// WorkerPool.h
//
// Threads for request handlers that may block, started on demand.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_WORKERPOOL_INCLUDED
#define LABMOCK_WORKERPOOL_INCLUDED

#include <cstddef>
#include <functional>
#include <memory>

namespace labmock
{

/// A bounded pool of threads for the request handlers that may block
/// (BlockingRequestHandler), so that they never hold up an event loop. Threads start when a
/// task finds none idle, up to maxThreads, and end after a minute without work: a server
/// whose handlers never block runs none. Every function may be called from any thread.
/// A task still running when the pool is destroyed finishes on its own thread, which then
/// ends; what the task uses must outlive it.
class WorkerPool
{
public:
    /// At most maxThreads tasks run at once and at most maxQueued more wait.
    WorkerPool(std::size_t maxThreads, std::size_t maxQueued);
    /// Lets the threads end once the queue is empty; does not wait for them.
    ~WorkerPool();

    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Queues task; false, and task dropped, when the pool is full.
    bool submit(std::function<void()> task);

    /// Tasks queued or running now.
    std::size_t pending() const;

private:
    struct State;
    static void work(std::shared_ptr<State> state);

    std::shared_ptr<State> _state; // shared with the threads, which may outlive the pool
};

} // namespace labmock

#endif // LABMOCK_WORKERPOOL_INCLUDED
