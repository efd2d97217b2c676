//
// Connection.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "http/Connection.h"

#include "ResponseWriter.h"
#include "http/BlockingRequestHandler.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>

#include <cerrno>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>

namespace labmock
{

namespace
{

/// Pipelined requests are answered until this much output waits for a slow reader.
constexpr std::size_t OUTPUT_LIMIT = 256 * 1024;
/// An output buffer larger than this is given back once it is sent (an idle connection
/// keeps no large page's worth of memory).
constexpr std::size_t KEEP_CAPACITY = 64 * 1024;

} // namespace

Connection::Connection(int fd, const Poco::Net::SocketAddress& client, const Poco::Net::SocketAddress& server,
                       const Poco::Net::HTTPServerParams& params, ConnectionMetrics::Listener& counters)
    : _fd(fd), _client(client), _response(_out), _request(_response, _client, server, params), _counters(counters)
{
    _request.reset();
}

Connection::~Connection()
{
    ::close(_fd);
}

int Connection::fd() const
{
    return _fd;
}

Connection::Io Connection::receive(char* scratch, std::size_t size)
{
    for (;;)
    {
        const ssize_t n = ::recv(_fd, scratch, size, 0);
        if (n > 0)
        {
            if (!lingering)
                _in.append(scratch, static_cast<std::size_t>(n));
            return Io::Done;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return Io::WouldBlock;
        return Io::Closed;
    }
}

Connection::Io Connection::flush(bool& progress)
{
    progress = false;
    while (_outStart < _out.size())
    {
        const ssize_t n = ::send(_fd, _out.data() + _outStart, _out.size() - _outStart, MSG_NOSIGNAL);
        if (n > 0)
        {
            _outStart += static_cast<std::size_t>(n);
            progress = true;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return Io::WouldBlock;
        return Io::Closed;
    }
    if (_out.capacity() > KEEP_CAPACITY)
        std::string().swap(_out);
    else
        _out.clear();
    _outStart = 0;
    return Io::Done;
}

void Connection::serve(Poco::Net::HTTPRequestHandlerFactory& factory, const std::string& date,
                       const std::string& server, bool closeAll)
{
    while (!_closing && !_deferred && _inStart < _in.size() && _out.size() - _outStart < OUTPUT_LIMIT)
    {
        const auto result = _parser.parse(std::string_view(_in).substr(_inStart), _request);
        if (result == RequestParser::Result::Incomplete)
            break;
        if (result == RequestParser::Result::Invalid)
        {
            reject(date, server);
            break;
        }
        _inStart += _parser.consumed();
        // A body is never read, so what follows it cannot be trusted as the next request.
        const bool keepAlive = _parser.keepAlive() && !_parser.hasBody() && !closeAll;
        _parser.reset();
        _response.reset(_request.getVersion(), keepAlive, _request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD);
        _response.set(Poco::Net::HTTPResponse::DATE, date);
        if (!server.empty())
            _response.set("Server", server);
        handle(factory);
        if (!_deferred)
            finishRequest();
    }
    if (_closing || _inStart == _in.size())
    {
        _in.clear(); // after a last response nothing more is read as a request
        _inStart = 0;
    }
    else if (_inStart > 0)
    {
        _in.erase(0, _inStart); // the parser's progress is relative to the request's start
        _inStart = 0;
    }
}

void Connection::handle(Poco::Net::HTTPRequestHandlerFactory& factory)
{
    std::unique_ptr<Poco::Net::HTTPRequestHandler> handler;
    if (!guarded([&] { handler.reset(factory.createRequestHandler(_request)); }))
        return;
    if (dynamic_cast<BlockingRequestHandler*>(handler.get()))
        _deferred = std::move(handler); // the loop hands it to a worker thread
    else
        answer(handler.get());
}

void Connection::answer(Poco::Net::HTTPRequestHandler* handler)
{
    guarded(
        [&]
        {
            if (handler)
                handler->handleRequest(_request, _response);
            if (!_response.sent())
                ResponseWriter::write(
                    _request, _response,
                    Response::text(handler ? 500 : 501, handler ? "no response\n" : "not implemented\n"));
        });
}

bool Connection::guarded(const std::function<void()>& call)
{
    try
    {
        call();
        return true;
    }
    catch (const Poco::Exception& e)
    {
        Poco::Logger::get("http").error("request failed: " + e.displayText());
    }
    catch (const std::exception& e)
    {
        Poco::Logger::get("http").error(std::string("request failed: ") + e.what());
    }
    catch (...)
    {
        Poco::Logger::get("http").error("request failed: unknown exception");
    }
    // What was sent may be incomplete, and what follows cannot be trusted: the connection ends.
    const bool sent = _response.sent();
    _response.setKeepAlive(false);
    if (!sent)
        ResponseWriter::write(_request, _response, Response::text(500, "internal server error\n"));
    return false;
}

void Connection::finishRequest()
{
    ++_served;
    _closing = !_response.getKeepAlive();
    _request.reset();
}

bool Connection::deferred() const
{
    return _deferred != nullptr;
}

void Connection::runDeferred()
{
    answer(_deferred.get());
}

void Connection::refuseDeferred()
{
    Poco::Logger::get("http").warning("refused a request from " + _client.host().toString()
                                      + ": every worker thread is busy (http.workerThreads)");
    Response busy = Response::text(503, "busy, try again\n");
    busy.headers.emplace_back("Retry-After", "1");
    ResponseWriter::write(_request, _response, busy);
    _counters.refused.fetch_add(1, std::memory_order_relaxed);
}

void Connection::finishDeferred()
{
    _deferred.reset();
    finishRequest();
}

void Connection::reject(const std::string& date, const std::string& server)
{
    Poco::Logger::get("http").information("refused a request from " + _client.host().toString() + ": "
                                          + std::to_string(_parser.status()) + " " + _parser.reason());
    _request.reset();
    _request.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    _response.reset(Poco::Net::HTTPMessage::HTTP_1_1, false, false);
    _response.set(Poco::Net::HTTPResponse::DATE, date);
    if (!server.empty())
        _response.set("Server", server);
    ResponseWriter::write(_request, _response, Response::text(_parser.status(), std::string(_parser.reason()) + "\n"));
    _closing = true;
    _counters.refused.fetch_add(1, std::memory_order_relaxed);
}

void Connection::timeOut()
{
    if (!hasInput() || hasOutput())
        return;
    _request.reset();
    _request.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    _response.reset(Poco::Net::HTTPMessage::HTTP_1_1, false, false);
    ResponseWriter::write(_request, _response, Response::text(408, "request timeout\n"));
    _closing = true;
    _counters.refused.fetch_add(1, std::memory_order_relaxed);
    bool progress = false;
    flush(progress);
}

bool Connection::hasOutput() const
{
    return _outStart < _out.size();
}

bool Connection::hasInput() const
{
    return _inStart < _in.size();
}

bool Connection::closing() const
{
    return _closing;
}

std::uint64_t Connection::served() const
{
    return _served;
}

} // namespace labmock
