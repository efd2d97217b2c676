//
// HttpServer.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "http/HttpServer.h"

#include <Poco/Environment.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <sys/resource.h>

namespace labmock
{

namespace
{

/// Descriptors kept for what is not a client connection: listeners, epoll sets, plugins,
/// secret files, logs.
constexpr std::int64_t RESERVED_FILES = 64;

} // namespace

HttpServer::HttpServer(Poco::Net::HTTPRequestHandlerFactory::Ptr factory, const Poco::Net::ServerSocket& socket,
                       const Options& options, ConnectionMetrics& metrics)
    : _factory(std::move(factory)), _params(new Poco::Net::HTTPServerParams), _socket(socket),
      _port(socket.address().port()), _pool(options.workerThreads, options.workerQueue)
{
    _params->setSoftwareVersion(options.serverName);
    _params->setKeepAlive(true);
    _params->setKeepAliveTimeout(options.keepAliveTimeout);
    _params->setTimeout(options.headerTimeout);
    _socket.setBlocking(false);
    ConnectionMetrics::Listener& counters = metrics.add(options.name);
    const unsigned loops = options.loops ? options.loops : std::max(1u, Poco::Environment::processorCount());
    auto milliseconds = [](const Poco::Timespan& span) { return std::max<std::int64_t>(1, span.totalMilliseconds()); };
    for (unsigned i = 0; i < loops; ++i)
        _loops.push_back(std::make_unique<EventLoop>(
            EventLoop::Setup{*_factory, *_params, _socket.impl()->sockfd(), _socket.address(), counters,
                             options.maxConnections, milliseconds(options.headerTimeout),
                             milliseconds(options.keepAliveTimeout), milliseconds(options.sendTimeout),
                             options.serverName, _pool, options.heartbeat, milliseconds(options.heartbeatInterval)}));
}

HttpServer::~HttpServer()
{
    if (_started && !_stopped)
        stop(Poco::Timespan(0));
}

void HttpServer::start()
{
    for (auto& loop : _loops)
        loop->start();
    _started = true;
}

void HttpServer::beginStop()
{
    if (_stopping || !_started)
        return;
    _stopping = true;
    for (auto& loop : _loops)
        loop->drain();
    // No loop watches the listener any more: closing it refuses new connections at once.
    _socket.close();
}

bool HttpServer::finishStop(const Poco::Timestamp& deadline)
{
    if (!_started || _stopped)
        return true;
    beginStop();
    bool clean = true;
    for (auto& loop : _loops)
    {
        const long left = static_cast<long>((deadline - Poco::Timestamp()) / 1000);
        if (!loop->waitFinished(left))
        {
            clean = false;
            loop->abort();
        }
    }
    for (auto& loop : _loops)
        loop->join();
    _stopped = true;
    return clean;
}

bool HttpServer::stop(Poco::Timespan timeout)
{
    beginStop();
    return finishStop(Poco::Timestamp() + timeout.totalMicroseconds());
}

unsigned short HttpServer::port() const
{
    return _port;
}

std::size_t HttpServer::loops() const
{
    return _loops.size();
}

bool HttpServer::handlersRunning() const
{
    return _pool.pending() > 0;
}

std::int64_t HttpServer::raiseOpenFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 1024 - RESERVED_FILES;
    if (limit.rlim_cur < limit.rlim_max)
    {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    const auto files = limit.rlim_cur == RLIM_INFINITY ? static_cast<std::int64_t>(1) << 30
                                                       : static_cast<std::int64_t>(limit.rlim_cur);
    return std::max<std::int64_t>(1, files - RESERVED_FILES);
}

} // namespace labmock
