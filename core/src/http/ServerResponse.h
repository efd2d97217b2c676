//
// ServerResponse.h
//
// The response a handler writes: Poco's HTTPServerResponse into a connection's output buffer.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_SERVERRESPONSE_INCLUDED
#define LABMOCK_SERVERRESPONSE_INCLUDED

#include <Poco/Net/HTTPServerResponse.h>

#include <ostream>
#include <streambuf>
#include <string>

namespace labmock
{

/// Collects what a handler sends in the connection's output buffer, which the event loop
/// then writes without blocking, in one write where the socket takes it. POCO's sending
/// functions all work; ResponseWriter bypasses them with output(). A response that is
/// sent without a Content-Length ends its connection (there is no chunked encoding here).
/// One per connection, reused; used by the connection's loop thread only.
class ServerResponse : public Poco::Net::HTTPServerResponse
{
public:
    /// out must outlive the response.
    explicit ServerResponse(std::string& out);

    /// Prepares the response for the next request: status 200, the given version and
    /// keep-alive choice, no other fields; head: the request was HEAD (no body is sent).
    void reset(const std::string& version, bool keepAlive, bool head);

    /// Marks the response sent and returns the output buffer, for a writer that
    /// serialises status line, fields and body itself (ResponseWriter).
    std::string& output();

    void sendContinue() override;
    std::ostream& send() override;
    void sendFile(const std::string& path, const std::string& mediaType) override;
    void sendBuffer(const void* buffer, std::size_t length) override;
    void redirect(const std::string& uri, HTTPStatus status = HTTP_FOUND) override;
    void requireAuthentication(const std::string& realm) override;
    bool sent() const override;

private:
    /// Appends whatever is written to it to the output buffer.
    class AppendBuffer : public std::streambuf
    {
    public:
        explicit AppendBuffer(std::string& out);

    protected:
        int_type overflow(int_type c) override;
        std::streamsize xsputn(const char* data, std::streamsize size) override;

    private:
        std::string& _out;
    };

    /// Writes the status line and fields; the body may follow.
    void sendHead();

    std::string& _out;
    AppendBuffer _buffer;
    std::ostream _stream;
    std::ostream _discard;
    bool _head = false;
    bool _sent = false;
};

} // namespace labmock

#endif // LABMOCK_SERVERRESPONSE_INCLUDED
