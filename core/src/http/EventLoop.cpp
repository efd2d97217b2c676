//
// EventLoop.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "http/EventLoop.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <ctime>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace labmock
{

namespace
{

constexpr int MAX_EVENTS = 256;
/// What one read may take; more waits for the next round, after the other connections.
constexpr std::size_t SCRATCH_SIZE = 64 * 1024;
/// Connections accepted per wake-up, so a connection storm cannot starve the others.
constexpr int ACCEPTS_PER_WAKE = 64;
/// How long a closing connection may still send what nobody will read (nginx's lingering
/// close): closing with unread bytes would reset the connection and could destroy the
/// response before the client read it.
constexpr std::int64_t LINGER_MILLISECONDS = 2000;

/// epoll tags of the two descriptors that are not connections.
char listenerTag;
char wakeTag;

} // namespace

EventLoop::EventLoop(const Setup& setup)
    : _setup(setup), _returns(std::make_shared<Returns>()), _scratch(SCRATCH_SIZE), _released(false), _finished(false)
{
    _epoll = ::epoll_create1(EPOLL_CLOEXEC);
    _wake = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    _returns->wake = _wake;
    _reserve = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (_epoll < 0 || _wake < 0)
        throw Poco::SystemException("cannot create an event loop", errno);
    epoll_event event{};
    // EPOLLEXCLUSIVE: a new connection wakes one of the loops sharing the listener, not all.
    event.events = EPOLLIN | EPOLLEXCLUSIVE;
    event.data.ptr = &listenerTag;
    if (::epoll_ctl(_epoll, EPOLL_CTL_ADD, _setup.listener, &event) < 0)
        throw Poco::SystemException("cannot watch the listening socket", errno);
    event.events = EPOLLIN;
    event.data.ptr = &wakeTag;
    ::epoll_ctl(_epoll, EPOLL_CTL_ADD, _wake, &event);
    _queues[HEAD].timeout = setup.headerTimeout;
    _queues[IDLE].timeout = setup.keepAliveTimeout;
    _queues[SEND].timeout = setup.sendTimeout;
    _queues[LINGER].timeout = std::min(LINGER_MILLISECONDS, setup.keepAliveTimeout);
    _now = now();
    refreshDate();
}

EventLoop::~EventLoop()
{
    for (auto& queue : _queues)
        while (queue.first)
            close(*queue.first);
    {
        // Connections still with a worker are closed by their task when it ends.
        std::lock_guard<std::mutex> lock(_returns->mutex);
        _returns->loopGone = true;
        for (Connection* connection : _returns->connections)
            close(*connection);
        _returns->connections.clear();
    }
    for (const int fd : {_epoll, _wake, _reserve})
        if (fd >= 0)
            ::close(fd);
}

void EventLoop::start()
{
    _thread = std::thread([this] { run(); });
}

void EventLoop::drain()
{
    _drainRequested = true;
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(_wake, &one, sizeof one);
    _released.wait();
}

void EventLoop::abort()
{
    _abortRequested = true;
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(_wake, &one, sizeof one);
}

bool EventLoop::waitFinished(long timeoutMs)
{
    return _finished.tryWait(std::max(0L, timeoutMs));
}

void EventLoop::join()
{
    if (_thread.joinable())
        _thread.join();
}

std::int64_t EventLoop::now() const
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

void EventLoop::refreshDate()
{
    const std::time_t second = std::time(nullptr);
    if (second == _dateSecond)
        return;
    _dateSecond = second;
    _date = Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(second), Poco::DateTimeFormat::HTTP_FORMAT);
}

void EventLoop::run()
{
    std::array<epoll_event, MAX_EVENTS> events;
    int timeout = heartbeat(-1);
    while (!(_draining && _connections == 0))
    {
        const int ready = ::epoll_wait(_epoll, events.data(), MAX_EVENTS, timeout);
        _now = now();
        refreshDate();
        bool command = false;
        for (int i = 0; i < ready; ++i)
        {
            void* tag = events[i].data.ptr;
            if (tag == &listenerTag)
            {
                if (_listening)
                    acceptConnections();
            }
            else if (tag == &wakeTag)
                command = true; // after the batch: it may close connections that have events in it
            else
            {
                auto* connection = static_cast<Connection*>(tag);
                if (events[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
                    connection->readable = true;
                process(*connection);
            }
        }
        if (command)
            onCommand();
        if (_abortRequested)
            break;
        timeout = heartbeat(expire());
    }
    for (auto& queue : _queues)
        while (queue.first)
            close(*queue.first);
    _released.set();
    _finished.set();
}

int EventLoop::heartbeat(int timeout)
{
    if (!_setup.heartbeat)
        return timeout;
    if (_now >= _nextHeartbeat)
    {
        _setup.heartbeat();
        _nextHeartbeat = _now + _setup.heartbeatInterval;
    }
    const int untilNext = static_cast<int>(std::min<std::int64_t>(_nextHeartbeat - _now, INT_MAX));
    return timeout < 0 ? untilNext : std::min(timeout, untilNext);
}

void EventLoop::onCommand()
{
    std::uint64_t count = 0;
    [[maybe_unused]] const auto read = ::read(_wake, &count, sizeof count);
    takeReturns();
    if (!_drainRequested || _draining)
        return;
    _draining = true;
    if (_listening)
    {
        ::epoll_ctl(_epoll, EPOLL_CTL_DEL, _setup.listener, nullptr);
        _listening = false;
    }
    _released.set();
    // Idle connections close now — between requests, or new and silent so far (a browser's
    // pre-connect) — the others after their next response. A request may have arrived since
    // the socket last reported: each is read once more, and what arrived is answered (with
    // Connection: close) rather than reset.
    std::vector<Connection*> idle;
    for (const Queue queue : {IDLE, HEAD})
        for (Connection* connection = _queues[queue].first; connection; connection = connection->link.next)
            if (!connection->hasInput())
                idle.push_back(connection);
    for (Connection* connection : idle)
    {
        connection->readable = true;
        process(*connection); // closes it, or moves it to another queue
    }
}

void EventLoop::acceptConnections()
{
    for (int i = 0; i < ACCEPTS_PER_WAKE; ++i)
    {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        const int fd =
            ::accept4(_setup.listener, reinterpret_cast<sockaddr*>(&address), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
        {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if ((errno == EMFILE || errno == ENFILE) && _reserve >= 0)
            {
                // Out of descriptors: take one connection off the backlog with the reserve, or
                // the listener would stay readable and the loop would spin.
                ::close(_reserve);
                const int shed = ::accept(_setup.listener, nullptr, nullptr);
                if (shed >= 0)
                {
                    ::close(shed);
                    _setup.counters.rejected.fetch_add(1, std::memory_order_relaxed);
                }
                _reserve = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
            }
            return;
        }
        if (_setup.counters.open.fetch_add(1, std::memory_order_relaxed) >= _setup.maxConnections)
        {
            _setup.counters.open.fetch_sub(1, std::memory_order_relaxed);
            _setup.counters.rejected.fetch_add(1, std::memory_order_relaxed);
            ::close(fd);
            continue;
        }
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        auto* connection =
            new Connection(fd, Poco::Net::SocketAddress(reinterpret_cast<const sockaddr*>(&address), length),
                           _setup.address, _setup.params, _setup.counters);
        epoll_event event{};
        event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
        event.data.ptr = connection;
        ++_connections;
        enqueue(*connection, HEAD);
        if (::epoll_ctl(_epoll, EPOLL_CTL_ADD, fd, &event) < 0)
            close(*connection);
    }
}

void EventLoop::process(Connection& connection)
{
    if (connection.busy)
        return; // a worker runs its handler; readable is remembered for when it is back
    if (connection.lingering)
    {
        for (;;)
        {
            const auto io = connection.receive(_scratch.data(), _scratch.size());
            if (io == Connection::Io::Closed)
                return close(connection);
            if (io == Connection::Io::WouldBlock)
                return;
        }
    }
    const std::uint64_t servedBefore = connection.served();
    for (;;)
    {
        if (connection.hasOutput())
        {
            bool progress = false;
            const auto io = connection.flush(progress);
            if (io == Connection::Io::Closed)
                return close(connection);
            if (io == Connection::Io::WouldBlock)
            {
                // The send deadline runs from the last progress: a slow reader of a large
                // response is served, a client that reads nothing is not.
                if (progress || connection.link.list != SEND)
                    enqueue(connection, SEND);
                return;
            }
        }
        if (connection.deferred())
        {
            // Only now, with every earlier response sent: the worker then owns the output.
            if (handOff(connection))
                return;
            connection.refuseDeferred();
            connection.finishDeferred();
            continue;
        }
        if (connection.closing())
            return linger(connection);
        connection.serve(_setup.factory, _date, _setup.serverName, _draining);
        if (connection.hasOutput() || connection.closing() || connection.deferred())
            continue;
        if (!connection.readable)
            break;
        const auto io = connection.receive(_scratch.data(), _scratch.size());
        if (io == Connection::Io::Closed)
            return close(connection);
        if (io == Connection::Io::WouldBlock)
        {
            connection.readable = false;
            break;
        }
    }
    // Waiting for a request: its whole head must arrive within the header deadline, however
    // slowly it trickles, so a queued head deadline is only renewed by a new request.
    const bool answered = connection.served() != servedBefore;
    if (connection.hasInput() || (connection.served() == 0 && !_draining))
    {
        if (answered || connection.link.list != HEAD)
            enqueue(connection, HEAD);
    }
    else if (_draining)
        close(connection);
    else
        enqueue(connection, IDLE);
}

bool EventLoop::handOff(Connection& connection)
{
    Connection* handed = &connection;
    const bool accepted = _setup.pool.submit(
        [handed, returns = _returns]
        {
            handed->runDeferred();
            std::lock_guard<std::mutex> lock(returns->mutex);
            if (returns->loopGone)
            {
                delete handed; // the server stopped without it: nobody is left to send the response
                return;
            }
            returns->connections.push_back(handed);
            const std::uint64_t one = 1;
            [[maybe_unused]] const auto written = ::write(returns->wake, &one, sizeof one);
        });
    if (!accepted)
        return false;
    unlink(connection); // no deadline while the handler runs: it is ours to bound
    connection.busy = true;
    return true;
}

void EventLoop::takeReturns()
{
    std::vector<Connection*> back;
    {
        std::lock_guard<std::mutex> lock(_returns->mutex);
        back.swap(_returns->connections);
    }
    for (Connection* connection : back)
    {
        connection->busy = false;
        connection->finishDeferred();
        process(*connection);
    }
}

void EventLoop::linger(Connection& connection)
{
    ::shutdown(connection.fd(), SHUT_WR);
    connection.lingering = true;
    enqueue(connection, LINGER);
    connection.readable = true;
    process(connection);
}

void EventLoop::enqueue(Connection& connection, Queue queue)
{
    unlink(connection);
    DeadlineQueue& to = _queues[queue];
    connection.link.list = queue;
    connection.link.expiry = _now + to.timeout;
    connection.link.prev = to.last;
    connection.link.next = nullptr;
    (to.last ? to.last->link.next : to.first) = &connection;
    to.last = &connection;
}

void EventLoop::unlink(Connection& connection)
{
    Connection::Link& link = connection.link;
    if (link.list < 0)
        return;
    DeadlineQueue& from = _queues[static_cast<std::size_t>(link.list)];
    (link.prev ? link.prev->link.next : from.first) = link.next;
    (link.next ? link.next->link.prev : from.last) = link.prev;
    link = Connection::Link();
}

int EventLoop::expire()
{
    std::int64_t next = -1;
    for (std::size_t q = 0; q < QUEUES; ++q)
    {
        DeadlineQueue& queue = _queues[q];
        while (queue.first && queue.first->link.expiry <= _now)
        {
            Connection& connection = *queue.first;
            if (q == HEAD)
            {
                connection.timeOut();
                _setup.counters.countClosed(ConnectionMetrics::Deadline::Header);
            }
            else if (q == IDLE)
                _setup.counters.countClosed(ConnectionMetrics::Deadline::Idle);
            else if (q == SEND)
                _setup.counters.countClosed(ConnectionMetrics::Deadline::Send);
            close(connection);
        }
        if (queue.first)
        {
            const std::int64_t wait = queue.first->link.expiry - _now;
            next = next < 0 ? wait : std::min(next, wait);
        }
    }
    return next < 0 ? -1 : static_cast<int>(std::min<std::int64_t>(next, INT_MAX));
}

void EventLoop::close(Connection& connection)
{
    unlink(connection);
    // Explicitly, before the close: a forked child (a plugin pre-flight, popen) may still hold
    // the socket for a moment, and then the registration would outlive the close and report
    // events for a connection that is gone.
    ::epoll_ctl(_epoll, EPOLL_CTL_DEL, connection.fd(), nullptr);
    delete &connection;
    --_connections;
    _setup.counters.open.fetch_sub(1, std::memory_order_relaxed);
}

} // namespace labmock
