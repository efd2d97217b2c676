//
// Connection.h
//
// One client connection of an event loop: its buffers, its parser and the request it serves.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_CONNECTION_INCLUDED
#define LABMOCK_CONNECTION_INCLUDED

#include "http/ConnectionMetrics.h"
#include "http/RequestParser.h"
#include "http/ServerRequest.h"
#include "http/ServerResponse.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace labmock
{

/// A non-blocking client socket with what it has received and what is still to be sent.
/// serve() answers every complete request buffered, in order, by running the factory's
/// handler on the calling thread into the output buffer; the EventLoop moves the bytes
/// and keeps the deadlines. A BlockingRequestHandler is not run there but kept (deferred())
/// for the loop to hand to a worker thread, which calls runDeferred(). Owned and used by one
/// EventLoop thread, and by that worker while busy is set; not copyable.
class Connection
{
public:
    /// What an attempt to move bytes found.
    enum class Io
    {
        Done,       ///< read something, or wrote everything
        WouldBlock, ///< nothing (more) can move now: wait for the socket
        Closed      ///< the peer closed, or the socket failed
    };

    /// Where the connection is queued for its next deadline (see EventLoop).
    struct Link
    {
        Connection* prev = nullptr;
        Connection* next = nullptr;
        std::int64_t expiry = 0; ///< milliseconds on the loop's monotonic clock
        int list = -1;           ///< which deadline list holds it; -1: none
    };

    /// Takes ownership of fd, a connected non-blocking socket; params and counters (where
    /// requests refused before a handler are counted) outlive the connection.
    Connection(int fd, const Poco::Net::SocketAddress& client, const Poco::Net::SocketAddress& server,
               const Poco::Net::HTTPServerParams& params, ConnectionMetrics::Listener& counters);
    /// Closes the socket.
    ~Connection();

    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    int fd() const;

    /// Reads once into scratch and keeps what arrived.
    Io receive(char* scratch, std::size_t size);

    /// Sends as much of the output as the socket takes; progress tells whether any byte left.
    Io flush(bool& progress);

    /// Answers the complete requests buffered, in order, until one ends the connection or the
    /// output grows past what a slow reader may hold back. date and server are the Date and
    /// Server fields of the responses; with closeAll, every response ends the connection.
    void serve(Poco::Net::HTTPRequestHandlerFactory& factory, const std::string& date, const std::string& server,
               bool closeAll);

    /// Answers a request head that did not arrive in time with 408, as far as the socket
    /// takes it at once; the connection is to be closed after.
    void timeOut();

    /// A blocking handler waits to run for the request serve() stopped at.
    bool deferred() const;
    /// Runs the deferred handler into the output buffer; on a worker thread, while busy.
    void runDeferred();
    /// Answers the deferred request 503 instead: the worker pool is full.
    void refuseDeferred();
    /// Back on the loop thread after runDeferred() or refuseDeferred(): the request is done.
    void finishDeferred();

    /// Output is waiting to be sent.
    bool hasOutput() const;
    /// Part of a request has arrived.
    bool hasInput() const;
    /// The last response ends the connection: nothing more is read as a request.
    bool closing() const;
    /// Requests answered so far.
    std::uint64_t served() const;

    /// The socket reported it may be readable; cleared when a read would block.
    bool readable = true;
    /// The output is written and the write side shut: what arrives now is discarded.
    bool lingering = false;
    /// Its deferred handler runs on a worker thread: the loop leaves the connection alone.
    bool busy = false;
    /// Deadline queue membership, kept by the EventLoop.
    Link link;

private:
    /// Answers a request the parser refused, and logs why (never its bytes).
    void reject(const std::string& date, const std::string& server);
    void handle(Poco::Net::HTTPRequestHandlerFactory& factory);
    /// Runs handler (null: none matched) and makes sure a response is written.
    void answer(Poco::Net::HTTPRequestHandler* handler);
    /// Runs call; if it throws, logs it and answers 500 (or ends the connection when part of
    /// a response is written already). Returns whether it completed.
    bool guarded(const std::function<void()>& call);
    /// The request is answered: counts it and makes ready for the next one.
    void finishRequest();

    int _fd;
    Poco::Net::SocketAddress _client;
    std::string _in;
    std::size_t _inStart = 0; ///< where the next request begins in _in
    std::string _out;
    std::size_t _outStart = 0; ///< what of _out is sent
    RequestParser _parser;
    ServerResponse _response;
    ServerRequest _request;
    ConnectionMetrics::Listener& _counters;
    std::unique_ptr<Poco::Net::HTTPRequestHandler> _deferred;
    std::uint64_t _served = 0;
    bool _closing = false;
};

} // namespace labmock

#endif // LABMOCK_CONNECTION_INCLUDED
