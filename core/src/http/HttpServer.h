//
// HttpServer.h
//
// An event-driven HTTP/1.1 server under a Poco HTTPRequestHandlerFactory.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_HTTPSERVER_INCLUDED
#define LABMOCK_HTTPSERVER_INCLUDED

#include "http/ConnectionMetrics.h"
#include "http/EventLoop.h"
#include "http/WorkerPool.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Timespan.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace labmock
{

/// Serves a listening socket with a few EventLoop threads that share it: requests are
/// parsed strictly, the factory's handlers run on the loop threads (no endpoint blocks;
/// a BlockingRequestHandler runs on a WorkerPool) and every connection has deadlines
/// instead of a thread, so no number of slow clients delays the others. Replaces Poco::Net::HTTPServer, which holds a
/// thread per connection. start() and stop() are called by one controlling thread.
class HttpServer
{
public:
    struct Options
    {
        std::string name = "main";                  ///< the listener label in metrics
        unsigned loops = 0;                         ///< event loop threads; 0: one per core
        std::int64_t maxConnections = 10000;        ///< beyond it, new connections are closed at once
        Poco::Timespan headerTimeout{10, 0};        ///< for a whole request head
        Poco::Timespan keepAliveTimeout{5, 0};      ///< idle between requests
        Poco::Timespan sendTimeout{30, 0};          ///< without the client reading anything
        std::string serverName = "lab-mock-server"; ///< the Server field; "" for none
        std::size_t workerThreads = 4;              ///< at most, for BlockingRequestHandlers
        std::size_t workerQueue = 64;               ///< requests that may wait for a worker
        std::function<void()> heartbeat;            ///< run by every loop, on its thread, each heartbeatInterval
        Poco::Timespan heartbeatInterval;           ///< used when heartbeat is set
    };

    /// socket is bound and listening; the server takes it over (and makes it non-blocking).
    /// metrics receives a listener named options.name and must outlive the server.
    HttpServer(Poco::Net::HTTPRequestHandlerFactory::Ptr factory, const Poco::Net::ServerSocket& socket,
               const Options& options, ConnectionMetrics& metrics);
    /// Stops at once if still running.
    ~HttpServer();

    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Starts the event loop threads.
    void start();

    /// Closes the listener; from now on every response carries Connection: close, idle
    /// connections close, and requests received or still arriving are answered. Returns at once.
    void beginStop();

    /// After beginStop(): waits until every connection is closed, or until deadline passes,
    /// then closes what is left; true when all closed in time.
    bool finishStop(const Poco::Timestamp& deadline);

    /// beginStop() and finishStop() within timeout.
    bool stop(Poco::Timespan timeout);

    /// The port listened on.
    unsigned short port() const;

    /// How many event loop threads run.
    std::size_t loops() const;

    /// A blocking handler is still running (after a stop that timed out): what it uses must
    /// not be destroyed.
    bool handlersRunning() const;

    /// Raises the soft limit of open files (RLIMIT_NOFILE) to the hard limit and returns
    /// the connections that fit in it, leaving room for the process's other files.
    static std::int64_t raiseOpenFileLimit();

private:
    Poco::Net::HTTPRequestHandlerFactory::Ptr _factory;
    Poco::Net::HTTPServerParams::Ptr _params;
    Poco::Net::ServerSocket _socket;
    unsigned short _port;
    WorkerPool _pool; // before the loops, which hold a reference
    std::vector<std::unique_ptr<EventLoop>> _loops;
    bool _started = false;
    bool _stopping = false;
    bool _stopped = false;
};

} // namespace labmock

#endif // LABMOCK_HTTPSERVER_INCLUDED
