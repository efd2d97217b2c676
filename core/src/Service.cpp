//
// Service.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Service.h"

#include "AccessLog.h"
#include "BuildInfo.h"
#include "HtmlPage.h"
#include "ProcessMetrics.h"
#include "SnapshotCache.h"
#include "probes/ProbeRunner.h"

#include <labmock/Plugin.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/NumberFormatter.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <sstream>

namespace labmock
{

namespace
{

double secondsSinceEpoch()
{
    return static_cast<double>(Poco::Timestamp().epochMicroseconds()) / 1e6;
}

} // namespace

Service::Service(SnapshotCache& cache, const AccessLog* accessLog, bool toggles, ProbeRunner* probes)
    : _cache(cache), _accessLog(accessLog), _toggles(toggles), _probes(probes),
      _requestMetrics(Router::metricLabels(routes())), _catalogLoaded(secondsSinceEpoch())
{
}

RequestMetrics& Service::requestMetrics()
{
    return _requestMetrics;
}

ConnectionMetrics& Service::connectionMetrics()
{
    return _connectionMetrics;
}

std::vector<Router::Route> Service::routes()
{
    using Request = Poco::Net::HTTPServerRequest;
    // path, guarded by auth.token, readable cross-origin, on the probe listener, endpoint
    std::vector<Router::Route> table{
        {"/", true, true, false, [this](const Request& r) { return page(r); }},
        {"/api/groups", true, true, false, [this](const Request& r) { return groups(r); }},
        {"/healthz", false, false, true, [this](const Request& r) { return live(r); }},
        {"/livez", false, false, true, [this](const Request& r) { return live(r); }},
        {"/readyz", false, false, true, [this](const Request& r) { return ready(r); }},
        {"/metrics", false, false, true, [this](const Request& r) { return metrics(r); }},
        {"/version", false, true, false, [this](const Request& r) { return version(r); }},
        {"/api/probes/run", true, false, false, [this](const Request& r) { return runProbes(r); }, true},
    };
    if (_toggles)
    {
        // testing.toggles: POST actions for rollout and chaos tests, behind auth.token when set.
        for (const bool readiness : {true, false})
        {
            for (const bool disabled : {true, false})
            {
                const std::string path =
                    std::string(readiness ? "/readyz/" : "/livez/") + (disabled ? "disable" : "enable");
                table.push_back({path, true, false, true,
                                 [this, readiness, disabled](const Request&) { return toggle(readiness, disabled); },
                                 true});
            }
        }
    }
    return table;
}

void Service::setDisabled(bool readiness, bool disabled)
{
    (readiness ? _readinessDisabled : _livenessDisabled).store(disabled);
}

void Service::recordReload(bool ok)
{
    (ok ? _reloadsOk : _reloadsFailed).fetch_add(1, std::memory_order_relaxed);
    if (ok)
        _catalogLoaded.store(secondsSinceEpoch());
}

Response Service::toggle(bool readiness, bool disabled)
{
    setDisabled(readiness, disabled);
    Poco::Logger::get("lab-mock-server")
        .notice(std::string(readiness ? "readiness" : "liveness") + (disabled ? " disabled" : " enabled")
                + " by an operator (POST)");
    return Response::text(200, std::string(readiness ? "readyz " : "livez ") + (disabled ? "disabled\n" : "enabled\n"));
}

void Service::beginShutdown()
{
    _stopping = true;
}

Response Service::page(const Poco::Net::HTTPServerRequest&)
{
    // The cached page with the uptime of this second: shared, not copied, within a second.
    auto page = _cache.current()->page.at();
    const std::string_view body = *page;
    Response response = Response::shared(std::move(page), body, "text/html; charset=utf-8");
    response.headers.emplace_back("Content-Security-Policy", HtmlPage::contentSecurityPolicy());
    return response;
}

Response Service::groups(const Poco::Net::HTTPServerRequest&)
{
    auto json = _cache.current()->json.at();
    const std::string_view body = *json;
    return Response::shared(std::move(json), body, "application/json");
}

Response Service::live(const Poco::Net::HTTPServerRequest&)
{
    if (_livenessDisabled)
        return Response::text(503, "liveness disabled by an operator\n");
    return Response::text(200, "ok\n");
}

Response Service::ready(const Poco::Net::HTTPServerRequest& request)
{
    // A plain look at the query: a form parser would throw on a malformed one (a 500 and an
    // error line for any unauthenticated client).
    const std::string& uri = request.getURI();
    const std::size_t query = uri.find('?');
    bool verbose = false;
    if (query != std::string::npos)
    {
        const Poco::StringTokenizer fields(uri.substr(query + 1), "&");
        verbose = std::any_of(fields.begin(), fields.end(),
                              [](const std::string& field)
                              { return field == "verbose" || Poco::startsWith(field, std::string("verbose=")); });
    }
    if (_stopping)
        return Response::text(503, verbose ? "[-]shutdown in progress\nreadyz check failed\n" : "shutting down\n");
    const auto views = _cache.current();
    if (_readinessDisabled)
    {
        const std::string line =
            "[-]readiness disabled by an operator (POST /readyz/enable, or restart without --unready)\n";
        return Response::text(503, verbose ? line + views->readiness.verbose() : std::string("not ready\n"));
    }
    const int status = views->readiness.ready() ? 200 : 503;
    if (verbose)
        return Response::text(status, views->readiness.verbose());
    return Response::text(status, views->readiness.ready() ? "ok\n" : "not ready\n");
}

Response Service::metrics(const Poco::Net::HTTPServerRequest&)
{
    const auto views = _cache.current();
    std::string body = views->metrics;
    if (_readinessDisabled || _stopping)
    {
        // labmock_ready says what /readyz answers, and these turn it 503 whatever the snapshot says.
        const std::string ready = "\nlabmock_ready 1\n";
        const std::size_t at = body.find(ready);
        if (at != std::string::npos)
            body.replace(at, ready.size(), "\nlabmock_ready 0\n");
    }
    body += "# HELP labmock_toggled Whether an operator disabled the probe (POST /<probe>/disable, --unready, "
            "--unhealthy).\n# TYPE labmock_toggled gauge\n";
    body += std::string("labmock_toggled{probe=\"readyz\"} ") + (_readinessDisabled ? "1" : "0") + "\n";
    body += std::string("labmock_toggled{probe=\"livez\"} ") + (_livenessDisabled ? "1" : "0") + "\n";
    body += "# HELP labmock_reloads_total Reloads (SIGHUP) by result: ok swapped the catalog in, failed kept the "
            "previous one.\n# TYPE labmock_reloads_total counter\n";
    body += "labmock_reloads_total{result=\"ok\"} " + std::to_string(_reloadsOk.load()) + "\n";
    body += "labmock_reloads_total{result=\"failed\"} " + std::to_string(_reloadsFailed.load()) + "\n";
    body += "# HELP labmock_last_reload_timestamp_seconds When the catalog served was loaded: the start, or the "
            "last reload that worked.\n# TYPE labmock_last_reload_timestamp_seconds gauge\n";
    body += "labmock_last_reload_timestamp_seconds " + Poco::NumberFormatter::format(_catalogLoaded.load(), 3) + "\n";
    ProcessMetrics::render(body);
    _requestMetrics.render(body);
    if (_accessLog)
        _accessLog->renderMetrics(body);
    _connectionMetrics.render(body);
    return Response::text(200, std::move(body), "text/plain; version=0.0.4; charset=utf-8");
}

Response Service::version(const Poco::Net::HTTPServerRequest&)
{
    return Response::text(200, versionDocument(), "application/json");
}

Response Service::runProbes(const Poco::Net::HTTPServerRequest& request)
{
    // A browser sends Origin with every cross-origin POST, and a cached Basic login with it:
    // only a page of this server's own origin may start probes (no cross-site triggering).
    const std::string origin = request.get("Origin", "");
    if (!origin.empty() && origin != "http://" + request.getHost() && origin != "https://" + request.getHost())
        return Response::text(403, "cross-origin requests may not start probes\n");
    if (!_probes)
        return Response::text(409, "{\"error\": \"probes are off (probes.enabled=false)\"}\n", "application/json");
    _probes->runNow();
    return Response::text(202, "{\"status\": \"started\"}\n", "application/json");
}

std::string Service::versionDocument() const
{
    using Poco::JSON::Array;
    using Poco::JSON::Object;
    Object::Ptr document = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    document->set("version", BuildInfo::VERSION);
    document->set("revision", BuildInfo::GIT_REVISION);
    document->set("poco", BuildInfo::pocoVersion());
    document->set("compiler", BuildInfo::COMPILER);
    document->set("pluginAbi", PLUGIN_ABI_VERSION);
    Array::Ptr plugins = new Array;
    // Held for the whole loop: a reload may replace the views (and free their catalog) meanwhile.
    const auto views = _cache.current();
    for (const auto& plugin : views->snapshot->catalog().plugins())
    {
        Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        object->set("name", plugin.name);
        object->set("file", plugin.path);
        object->set("abiVersion", plugin.abiVersion);
        Array::Ptr groups = new Array;
        for (const auto& group : plugin.groups)
            groups->add(group);
        object->set("groups", groups);
        plugins->add(object);
    }
    document->set("plugins", plugins);
    const InstanceInfo& instance = views->snapshot->instance();
    Object::Ptr instanceObject = instance.toJson();
    const Poco::Timestamp now;
    instanceObject->set("uptimeSeconds",
                        (now > instance.startTime() ? now - instance.startTime() : 0) / Poco::Timestamp::resolution());
    document->set("instance", instanceObject);
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(document, out, 2, -1, Poco::JSON_PRESERVE_KEY_ORDER | Poco::JSON_ESCAPE_UNICODE);
    out << '\n';
    return out.str();
}

} // namespace labmock
