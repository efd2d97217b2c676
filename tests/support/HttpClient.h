//
// HttpClient.h
//
// What a test's client sends to a server on loopback, and what it gets back.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_TEST_HTTPCLIENT_INCLUDED
#define LABMOCK_TEST_HTTPCLIENT_INCLUDED

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace labmock::test
{

/// An HTTP answer as a client sees it.
struct HttpResult
{
    int status = 0;
    std::string reason;
    std::string version;
    Poco::Net::NameValueCollection headers;
    std::string body;

    /// Every value of the header name, in order (names compare case-insensitively).
    std::vector<std::string> all(const std::string& name) const
    {
        std::vector<std::string> values;
        for (const auto& [key, value] : headers)
        {
            if (Poco::icompare(key, name) == 0)
                values.push_back(value);
        }
        return values;
    }
};

/// One-shot requests to 127.0.0.1:port, each on a fresh connection. Stateless.
class HttpClient
{
public:
    static HttpResult request(unsigned short port, const std::string& method, const std::string& target,
                              const std::map<std::string, std::string>& headers = {})
    {
        Poco::Net::HTTPClientSession session("127.0.0.1", port);
        session.setTimeout(Poco::Timespan(10, 0));
        Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [name, value] : headers)
            request.set(name, value);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::istream& body = session.receiveResponse(response);
        HttpResult result;
        result.status = static_cast<int>(response.getStatus());
        result.reason = response.getReason();
        result.version = response.getVersion();
        for (const auto& [name, value] : response)
            result.headers.add(name, value);
        if (method != Poco::Net::HTTPRequest::HTTP_HEAD)
            Poco::StreamCopier::copyToString(body, result.body);
        return result;
    }

    /// Sends bytes as they are and returns all bytes that come back until the server closes
    /// the connection or limit passes.
    static std::string raw(unsigned short port, const std::string& bytes,
                           std::chrono::milliseconds limit = std::chrono::seconds(10))
    {
        Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
        socket.setReceiveTimeout(
            Poco::Timespan(static_cast<long>(limit.count() / 1000), static_cast<long>((limit.count() % 1000) * 1000)));
        socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
        std::string answer;
        char buffer[4096];
        try
        {
            for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;)
                answer.append(buffer, static_cast<std::size_t>(n));
        }
        catch (const Poco::Exception&)
        {
            // A timeout or reset ends the exchange; what arrived is the answer.
        }
        return answer;
    }
};

} // namespace labmock::test

#endif // LABMOCK_TEST_HTTPCLIENT_INCLUDED
