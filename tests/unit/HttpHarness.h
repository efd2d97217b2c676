//
// HttpHarness.h
//
// The real HttpServer on an ephemeral loopback port, serving a Router, for unit tests.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_TEST_HTTPHARNESS_INCLUDED
#define LABMOCK_TEST_HTTPHARNESS_INCLUDED

#include "AccessLog.h"
#include "CapturingChannel.h"
#include "CorsPolicy.h"
#include "HttpClient.h"
#include "RequestMetrics.h"
#include "Router.h"
#include "TokenAuthenticator.h"
#include "http/ConnectionMetrics.h"
#include "http/HttpServer.h"

#include <Poco/AutoPtr.h>
#include <Poco/Logger.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace labmock::test
{

/// A route of the table, field by field (the order of Route's fields is not the point of a test).
inline Router::Route route(std::string path, EndpointHandler::Endpoint endpoint, bool guarded = false,
                           bool corsAllowed = false, bool probe = false)
{
    Router::Route r;
    r.path = std::move(path);
    r.guarded = guarded;
    r.corsAllowed = corsAllowed;
    r.probe = probe;
    r.endpoint = std::move(endpoint);
    return r;
}

/// What an HttpHarness serves besides its routes.
struct HarnessOptions
{
    std::string basePath;
    std::string token;
    std::vector<std::string> corsOrigins;
    std::vector<std::string> skipPaths;
    bool probesOnly = false; ///< serve as the probe listener (http.probePort)
};

/// Serves routes through the real Router and EndpointHandler over loopback TCP, with its
/// own access log (captured), token, CORS policy and request metrics. One test thread
/// talks to it; the server's threads are stopped when it is destroyed.
class HttpHarness
{
public:
    using Options = HarnessOptions;

    /// metrics, when given, must be labelled Router::metricLabels(routes) and outlive the harness.
    explicit HttpHarness(std::vector<Router::Route> routes, const Options& options = {},
                         RequestMetrics* metrics = nullptr)
        : _channel(new CapturingChannel), _logger(makeLogger(_channel)),
          _ownMetrics(metrics ? nullptr : std::make_unique<RequestMetrics>(Router::metricLabels(routes))),
          _metrics(metrics ? *metrics : *_ownMetrics), _accessLog(_logger, true, options.skipPaths, options.basePath),
          _authenticator(options.token), _cors(options.corsOrigins),
          _server(new Router(options.basePath, std::move(routes), {_metrics, _accessLog, _authenticator, _cors},
                             options.probesOnly),
                  Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)), makeOptions(), _connections)
    {
        _server.start();
    }

    ~HttpHarness()
    {
        _server.stop(Poco::Timespan(0));
    }

    HttpHarness(const HttpHarness&) = delete;
    HttpHarness& operator=(const HttpHarness&) = delete;

    unsigned short port() const
    {
        return _server.port();
    }

    /// One request on a fresh connection.
    HttpResult request(const std::string& method, const std::string& target,
                       const std::map<std::string, std::string>& headers = {}) const
    {
        return HttpClient::request(port(), method, target, headers);
    }

    HttpResult get(const std::string& target, const std::map<std::string, std::string>& headers = {}) const
    {
        return request("GET", target, headers);
    }

    /// Sends bytes as they are and returns what comes back until the server closes the
    /// connection (or 10 s pass).
    std::string raw(const std::string& bytes) const
    {
        return HttpClient::raw(port(), bytes);
    }

    RequestMetrics& metrics()
    {
        return _metrics;
    }

    /// What the access log wrote. A line is written after its response: wait for it.
    const CapturingChannel& accessLog() const
    {
        return *_channel;
    }

private:
    static Poco::Logger& makeLogger(const Poco::AutoPtr<CapturingChannel>& channel)
    {
        static std::atomic<int> next{0};
        Poco::Logger& logger = Poco::Logger::get("unit-access-" + std::to_string(next++));
        logger.setChannel(channel);
        logger.setLevel(Poco::Message::PRIO_INFORMATION);
        return logger;
    }

    static HttpServer::Options makeOptions()
    {
        HttpServer::Options options;
        options.loops = 1;
        options.keepAliveTimeout = Poco::Timespan(2, 0);
        return options;
    }

    Poco::AutoPtr<CapturingChannel> _channel;
    Poco::Logger& _logger;
    std::unique_ptr<RequestMetrics> _ownMetrics;
    RequestMetrics& _metrics;
    AccessLog _accessLog;
    TokenAuthenticator _authenticator;
    CorsPolicy _cors;
    ConnectionMetrics _connections;
    HttpServer _server; // last: stopped before what its handlers use
};

} // namespace labmock::test

#endif // LABMOCK_TEST_HTTPHARNESS_INCLUDED
