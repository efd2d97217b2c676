//
// Service.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Service.h"

#include "AccessLog.h"
#include "BuildInfo.h"
#include "HtmlPage.h"
#include "SnapshotCache.h"

#include <labmock/Plugin.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>
#include <sstream>

namespace labmock
{

Service::Service(SnapshotCache& cache, const AccessLog* accessLog)
    : _cache(cache), _accessLog(accessLog), _requestMetrics(Router::metricLabels(routes()))
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
    return {
        {"/", true, true, false, [this](const Request& r) { return page(r); }},
        {"/api/groups", true, true, false, [this](const Request& r) { return groups(r); }},
        {"/healthz", false, false, true, [this](const Request& r) { return live(r); }},
        {"/livez", false, false, true, [this](const Request& r) { return live(r); }},
        {"/readyz", false, false, true, [this](const Request& r) { return ready(r); }},
        {"/metrics", false, false, true, [this](const Request& r) { return metrics(r); }},
        {"/version", false, true, false, [this](const Request& r) { return version(r); }},
    };
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
    const int status = views->readiness.ready() ? 200 : 503;
    if (verbose)
        return Response::text(status, views->readiness.verbose());
    return Response::text(status, views->readiness.ready() ? "ok\n" : "not ready\n");
}

Response Service::metrics(const Poco::Net::HTTPServerRequest&)
{
    const auto views = _cache.current();
    std::string body = views->metrics;
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
