//
// EventLoop.h
//
// One thread with its own epoll set: accepts, reads, answers, writes and enforces deadlines.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_EVENTLOOP_INCLUDED
#define LABMOCK_EVENTLOOP_INCLUDED

#include "http/Connection.h"
#include "http/ConnectionMetrics.h"
#include "http/WorkerPool.h"

#include <Poco/Event.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SocketAddress.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace labmock
{

/// An event loop thread of an HttpServer. It shares the server's listening socket with the
/// other loops (EPOLLEXCLUSIVE: one loop is woken per new connection), accepts in the loop,
/// serves its connections with non-blocking sockets (edge-triggered) and keeps each one on
/// one of four deadline queues — waiting for a request head, idle between requests,
/// waiting for the client to read, lingering after the last response. Each queue has one
/// fixed timeout, so it is ordered by expiry and epoll_wait sleeps until its first entry.
///
/// Why epoll directly: POCO 1.11's SocketReactor wakes on a poll timeout, dispatches
/// through notification objects allocated per event and has no timers; PollSet has no
/// edge-triggered mode and ParallelSocketAcceptor gives every connection a handler object
/// and reactor of POCO's choosing. None keeps deadlines.
///
/// A BlockingRequestHandler runs on the server's WorkerPool instead; its connection has no
/// deadline meanwhile and is taken up again when the worker hands it back.
///
/// Created and controlled by one HttpServer; its public functions may be called from any
/// thread; everything else runs on the loop's own thread.
class EventLoop
{
public:
    /// What a loop needs from its server; all of it outlives the loop.
    struct Setup
    {
        Poco::Net::HTTPRequestHandlerFactory& factory;
        const Poco::Net::HTTPServerParams& params;
        int listener;                          ///< the shared non-blocking listening socket
        Poco::Net::SocketAddress address;      ///< where it listens
        ConnectionMetrics::Listener& counters; ///< shared by the server's loops
        std::int64_t maxConnections;           ///< for the whole server
        std::int64_t headerTimeout;            ///< milliseconds
        std::int64_t keepAliveTimeout;         ///< milliseconds
        std::int64_t sendTimeout;              ///< milliseconds
        std::string serverName;                ///< the Server field; "" for none
        WorkerPool& pool;                      ///< runs the handlers that may block
        std::function<void()> heartbeat;       ///< run on the loop's thread every heartbeatInterval; empty: never
        std::int64_t heartbeatInterval = 0;    ///< milliseconds
    };

    /// Creates the epoll set and registers the listener; throws Poco::SystemException.
    explicit EventLoop(const Setup& setup);
    /// Closes every connection that is left; the thread must have ended (join()).
    ~EventLoop();

    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    /// Starts the thread.
    void start();

    /// Stops accepting and drains: idle connections close, every request received or still
    /// arriving is answered with Connection: close, and the thread ends when no connection
    /// is left. Returns once the loop no longer touches the listener.
    void drain();

    /// Closes every connection now and ends the thread.
    void abort();

    /// Waits for the thread to end, at most timeoutMs milliseconds; true when it has.
    bool waitFinished(long timeoutMs);

    /// Joins the ended thread.
    void join();

private:
    /// The deadline queues, in the order of Connection::Link::list.
    enum Queue
    {
        HEAD,   ///< the request head must arrive (http.headerTimeout)
        IDLE,   ///< between requests (http.keepAliveTimeout)
        SEND,   ///< the client must read (http.sendTimeout, renewed by progress)
        LINGER, ///< after the last response, discarding what the client still sends
        QUEUES
    };

    /// Where worker threads hand back the connections whose blocking handler they ran. Shared
    /// with the tasks: a task that outlives its loop (abort) finds it gone and closes the
    /// connection itself.
    struct Returns
    {
        std::mutex mutex;
        std::vector<Connection*> connections;
        int wake = -1;
        bool loopGone = false;
    };

    /// A FIFO of connections by expiry: every entry of a queue has the same timeout.
    struct DeadlineQueue
    {
        Connection* first = nullptr;
        Connection* last = nullptr;
        std::int64_t timeout = 0;
    };

    void run();
    void acceptConnections();
    void onCommand();
    void process(Connection& connection);
    /// Gives the connection's deferred handler to the pool; false when the pool is full.
    bool handOff(Connection& connection);
    /// Carries on with the connections whose handler a worker has run.
    void takeReturns();
    /// Puts connection at the end of queue with a fresh expiry.
    void enqueue(Connection& connection, Queue queue);
    void unlink(Connection& connection);
    /// Closes what expired; returns the milliseconds to the next expiry, -1 for none.
    int expire();
    void close(Connection& connection);
    void linger(Connection& connection);
    void refreshDate();
    /// Runs the heartbeat when it is due; returns timeout, shortened to the next heartbeat.
    int heartbeat(int timeout);
    std::int64_t now() const;

    Setup _setup;
    int _epoll = -1;
    int _wake = -1;    ///< eventfd: commands from other threads
    int _reserve = -1; ///< an fd given up to accept-and-close when the process runs out of them
    std::array<DeadlineQueue, QUEUES> _queues{};
    std::shared_ptr<Returns> _returns;
    std::size_t _connections = 0;
    std::vector<char> _scratch;
    std::int64_t _now = 0;
    std::int64_t _nextHeartbeat = 0;
    std::time_t _dateSecond = 0;
    std::string _date;
    bool _listening = true;
    bool _draining = false;

    std::atomic<bool> _drainRequested{false};
    std::atomic<bool> _abortRequested{false};
    Poco::Event _released;
    Poco::Event _finished;
    std::thread _thread;
};

} // namespace labmock

#endif // LABMOCK_EVENTLOOP_INCLUDED
