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
class ProbeRunner;
class SnapshotCache;

/// What each URL answers: the page, the JSON, probes, metrics and version. The whole
/// URL surface is listed in routes(). Thread-safe: endpoints only read the cache's
/// immutable views and atomics.
class Service
{
public:
    /// cache (and accessLog, whose counters /metrics shows, if given) must outlive the service.
    /// With toggles (testing.toggles=true), POST /readyz/disable and friends are routes.
    /// probes, when given (probes.enabled=true), must outlive the service too.
    explicit Service(SnapshotCache& cache, const AccessLog* accessLog = nullptr, bool toggles = false,
                     ProbeRunner* probes = nullptr);

    /// The route table: every URL of the server, in matching order.
    std::vector<Router::Route> routes();

    /// Counters of the routes' requests, labelled as Router::metricLabels(routes()).
    RequestMetrics& requestMetrics();

    /// Counters of the connection layer, rendered with the request counters on /metrics.
    ConnectionMetrics& connectionMetrics();

    /// Turns /readyz to 503 at once: the process is shutting down.
    void beginShutdown();

    /// Turns /readyz (or /livez and /healthz) to 503 until enabled again: what an operator
    /// asked for with POST /readyz/disable, --unready and the like.
    void setDisabled(bool readiness, bool disabled);

    /// Counts a reload (SIGHUP); one that worked also sets the time of the catalog served.
    void recordReload(bool ok);

    Response page(const Poco::Net::HTTPServerRequest& request);
    Response groups(const Poco::Net::HTTPServerRequest& request);
    Response live(const Poco::Net::HTTPServerRequest& request);
    Response ready(const Poco::Net::HTTPServerRequest& request);
    Response metrics(const Poco::Net::HTTPServerRequest& request);
    Response version(const Poco::Net::HTTPServerRequest& request);
    /// POST /readyz/disable and the like: sets the probe's switch, answers what it is now.
    Response toggle(bool readiness, bool disabled);
    /// POST /api/probes/run: starts every group's probe now; 202, or 409 when probes are off.
    Response runProbes(const Poco::Net::HTTPServerRequest& request);

    /// The /version document: build facts and the loaded plugins.
    std::string versionDocument() const;

private:
    SnapshotCache& _cache;
    const AccessLog* _accessLog;
    const bool _toggles; // before _requestMetrics: routes() reads it
    ProbeRunner* const _probes;
    RequestMetrics _requestMetrics;
    ConnectionMetrics _connectionMetrics;
    std::atomic<bool> _stopping{false};
    std::atomic<bool> _readinessDisabled{false};
    std::atomic<bool> _livenessDisabled{false};
    std::atomic<std::uint64_t> _reloadsOk{0};
    std::atomic<std::uint64_t> _reloadsFailed{0};
    std::atomic<double> _catalogLoaded; ///< seconds since the epoch: start, or the last reload that worked
};

} // namespace labmock

#endif // LABMOCK_SERVICE_INCLUDED
