//
// Service.h
//
// The endpoints of the server and the table that routes to them.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_SERVICE_INCLUDED
#define LABMOCK_SERVICE_INCLUDED

#include "RequestMetrics.h"
#include "Response.h"
#include "Router.h"
#include "http/ConnectionMetrics.h"

#include <atomic>
#include <vector>

namespace Poco::Net
{
class HTTPServerRequest;
}

namespace labmock
{

class AccessLog;
class SnapshotCache;

/// What each URL answers: the page, the JSON, probes, metrics and version. The whole
/// URL surface is listed in routes(). Thread-safe: endpoints only read the cache's
/// immutable views and atomics.
class Service
{
public:
    /// cache (and accessLog, whose counters /metrics shows, if given) must outlive the service.
    explicit Service(SnapshotCache& cache, const AccessLog* accessLog = nullptr);

    /// The route table: every URL of the server, in matching order.
    std::vector<Router::Route> routes();

    /// Counters of the routes' requests, labelled as Router::metricLabels(routes()).
    RequestMetrics& requestMetrics();

    /// Counters of the connection layer, rendered with the request counters on /metrics.
    ConnectionMetrics& connectionMetrics();

    /// Turns /readyz to 503 at once: the process is shutting down.
    void beginShutdown();

    Response page(const Poco::Net::HTTPServerRequest& request);
    Response groups(const Poco::Net::HTTPServerRequest& request);
    Response live(const Poco::Net::HTTPServerRequest& request);
    Response ready(const Poco::Net::HTTPServerRequest& request);
    Response metrics(const Poco::Net::HTTPServerRequest& request);
    Response version(const Poco::Net::HTTPServerRequest& request);

    /// The /version document: build facts and the loaded plugins.
    std::string versionDocument() const;

private:
    SnapshotCache& _cache;
    const AccessLog* _accessLog;
    RequestMetrics _requestMetrics;
    ConnectionMetrics _connectionMetrics;
    std::atomic<bool> _stopping{false};
};

} // namespace labmock

#endif // LABMOCK_SERVICE_INCLUDED
