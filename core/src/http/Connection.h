//
// Connection.h
//
// One client connection of an event loop: its buffers, its parser and the request it serves.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_CONNECTION_INCLUDED
#define LABMOCK_CONNECTION_INCLUDED

#include "http/RequestParser.h"
#include "http/ServerRequest.h"
#include "http/ServerResponse.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <cstdint>
#include <string>

namespace labmock
{

/// A non-blocking client socket with what it has received and what is still to be sent.
/// serve() answers every complete request buffered, in order, by running the factory's
/// handler on the calling thread into the output buffer; the EventLoop moves the bytes
/// and keeps the deadlines. Owned and used by one EventLoop thread; not copyable.
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

    /// Takes ownership of fd, a connected non-blocking socket; params outlives the connection.
    Connection(int fd, const Poco::Net::SocketAddress& client, const Poco::Net::SocketAddress& server,
               const Poco::Net::HTTPServerParams& params);
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
    /// Deadline queue membership, kept by the EventLoop.
    Link link;

private:
    /// Answers a request the parser refused, and logs why (never its bytes).
    void reject(const std::string& date, const std::string& server);
    void handle(Poco::Net::HTTPRequestHandlerFactory& factory);

    int _fd;
    Poco::Net::SocketAddress _client;
    std::string _in;
    std::size_t _inStart = 0; ///< where the next request begins in _in
    std::string _out;
    std::size_t _outStart = 0; ///< what of _out is sent
    RequestParser _parser;
    ServerResponse _response;
    ServerRequest _request;
    std::uint64_t _served = 0;
    bool _closing = false;
};

} // namespace labmock

#endif // LABMOCK_CONNECTION_INCLUDED
