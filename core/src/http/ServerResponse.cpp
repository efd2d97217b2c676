//
// ServerResponse.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "http/ServerResponse.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>

namespace labmock
{

ServerResponse::AppendBuffer::AppendBuffer(std::string& out) : _out(out)
{
}

ServerResponse::AppendBuffer::int_type ServerResponse::AppendBuffer::overflow(int_type c)
{
    if (!traits_type::eq_int_type(c, traits_type::eof()))
        _out.push_back(traits_type::to_char_type(c));
    return traits_type::not_eof(c);
}

std::streamsize ServerResponse::AppendBuffer::xsputn(const char* data, std::streamsize size)
{
    _out.append(data, static_cast<std::size_t>(size));
    return size;
}

ServerResponse::ServerResponse(std::string& out) : _out(out), _buffer(out), _stream(&_buffer), _discard(nullptr)
{
}

void ServerResponse::reset(const std::string& version, bool keepAlive, bool head)
{
    clear();
    setStatusAndReason(HTTP_OK);
    setVersion(version);
    setKeepAlive(keepAlive);
    _head = head;
    _sent = false;
}

std::string& ServerResponse::output()
{
    _sent = true;
    return _out;
}

void ServerResponse::sendContinue()
{
    _out += getVersion();
    _out += " 100 Continue\r\n\r\n";
}

void ServerResponse::sendHead()
{
    if (_sent)
        throw Poco::Net::NetException("response already sent");
    _sent = true;
    // Without a length the body ends with the connection: there is no chunked encoding here.
    if (getChunkedTransferEncoding() || !hasContentLength())
    {
        setChunkedTransferEncoding(false);
        setKeepAlive(false);
    }
    write(_stream);
}

std::ostream& ServerResponse::send()
{
    sendHead();
    return _head ? _discard : _stream;
}

void ServerResponse::sendFile(const std::string& path, const std::string& mediaType)
{
    const Poco::File file(path);
    setContentLength64(static_cast<Poco::Int64>(file.getSize()));
    setContentType(mediaType);
    Poco::FileInputStream in(path);
    sendHead();
    if (!_head)
        Poco::StreamCopier::copyStream(in, _stream);
}

void ServerResponse::sendBuffer(const void* buffer, std::size_t length)
{
    setContentLength64(static_cast<Poco::Int64>(length));
    sendHead();
    if (!_head)
        _out.append(static_cast<const char*>(buffer), length);
}

void ServerResponse::redirect(const std::string& uri, HTTPStatus status)
{
    setStatusAndReason(status);
    set("Location", uri);
    setContentLength(0);
    sendHead();
}

void ServerResponse::requireAuthentication(const std::string& realm)
{
    setStatusAndReason(HTTP_UNAUTHORIZED);
    set("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
    setContentLength(0);
    sendHead();
}

bool ServerResponse::sent() const
{
    return _sent;
}

} // namespace labmock
