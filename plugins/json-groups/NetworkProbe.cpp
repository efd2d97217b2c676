//
// NetworkProbe.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "NetworkProbe.h"
#include "ProbeClock.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/X509Certificate.h>
#include <Poco/NullStream.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace jsongroups
{

namespace
{

using Clock = std::chrono::steady_clock;
using labmock_plugins::ProbeClock;

labmock::ProbeResult failed(std::string reason)
{
    labmock::ProbeResult result;
    result.reason = std::move(reason);
    return result;
}

/// The TLS context of https probes: peer and host name verified, the system's CAs.
Poco::Net::Context::Ptr clientContext()
{
    static std::once_flag once;
    static Poco::Net::Context::Ptr context;
    std::call_once(once,
                   []
                   {
                       Poco::Net::initializeSSL(); // never undone: plugins stay loaded
                       Poco::Net::Context::Params params;
                       params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
                       params.loadDefaultCAs = true;
                       context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
                   });
    return context;
}

labmock::ProbeResult tcp(const ProbeSpec& spec, const std::string& host, const std::string& portText,
                         Clock::time_point deadline)
{
    unsigned port = 0;
    if (!Poco::NumberParser::tryParseUnsigned(portText, port) || port == 0 || port > 65535)
        return failed(spec.portVariable + " is not a port number");
    const std::string where = host + ":" + std::to_string(port);
    const Clock::time_point start = Clock::now();
    try
    {
        const Poco::Net::SocketAddress address(host, static_cast<Poco::UInt16>(port));
        Poco::Net::StreamSocket socket;
        socket.connect(address, ProbeClock::left(deadline));
        labmock::ProbeResult result;
        result.ok = true;
        result.reason = "TCP connection to " + where + " accepted";
        result.details.emplace_back("address", address.toString());
        return result;
    }
    catch (const Poco::TimeoutException&)
    {
        return failed("no TCP connection to " + where + " within " + ProbeClock::seconds(deadline - start));
    }
    catch (const Poco::Exception& e)
    {
        return failed("TCP connection to " + where + " failed: " + e.displayText());
    }
}

labmock::ProbeResult http(const ProbeSpec& spec, const std::string& url, Clock::time_point deadline)
{
    Poco::URI uri;
    try
    {
        uri = Poco::URI(url);
    }
    catch (const Poco::Exception&)
    {
        return failed(spec.urlVariable + " is not a URL"); // the value itself is not repeated
    }
    const bool secure = uri.getScheme() == "https";
    if ((!secure && uri.getScheme() != "http") || uri.getHost().empty())
        return failed(spec.urlVariable + ": expected an http:// or https:// URL");
    // The target without user info: credentials in the URL are neither sent nor shown.
    const std::string where = uri.getScheme() + "://" + uri.getHost() + ":" + std::to_string(uri.getPort());
    const Clock::time_point start = Clock::now();
    std::string step = "connecting";
    try
    {
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (secure)
            session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), clientContext());
        else
            session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
        session->setTimeout(ProbeClock::left(deadline), ProbeClock::left(deadline), ProbeClock::left(deadline));
        const std::string target = uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery();
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, target, Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("User-Agent", "lab-mock-server probe");
        session->sendRequest(request);
        step = "waiting for the answer";
        session->setTimeout(ProbeClock::left(deadline), ProbeClock::left(deadline), ProbeClock::left(deadline));
        Poco::Net::HTTPResponse response;
        session->receiveResponse(response);
        labmock::ProbeResult result;
        const int status = static_cast<int>(response.getStatus());
        const std::string statusText = std::to_string(status) + " " + response.getReason();
        result.ok = status < 500;
        result.reason = (result.ok ? "reachable: GET " : "server error: GET ") + where + " answered " + statusText;
        result.details.emplace_back("status", statusText);
        if (response.has("Server"))
            result.details.emplace_back("server", response.get("Server"));
        if (secure)
        {
            const auto* https = static_cast<Poco::Net::HTTPSClientSession*>(session.get());
            result.details.emplace_back(
                "tls",
                "verified: " + const_cast<Poco::Net::HTTPSClientSession*>(https)->serverCertificate().subjectName());
        }
        return result;
    }
    catch (const Poco::TimeoutException&)
    {
        return failed("no answer from " + where + " within " + ProbeClock::seconds(deadline - start) + " (" + step
                      + ")");
    }
    catch (const Poco::Exception& e)
    {
        return failed("GET " + where + " failed (" + step + "): " + e.displayText());
    }
}

} // namespace

labmock::ProbeResult NetworkProbe::run(const ProbeSpec& spec, const std::map<std::string, std::string>& values,
                                       Clock::time_point deadline)
{
    const auto value = [&values](const std::string& name)
    {
        const auto found = values.find(name);
        return found == values.end() ? std::string() : found->second;
    };
    switch (spec.kind)
    {
    case ProbeSpec::Kind::Tcp:
        if (value(spec.hostVariable).empty())
            return failed(spec.hostVariable + " is not set");
        if (value(spec.portVariable).empty())
            return failed(spec.portVariable + " is not set");
        return tcp(spec, value(spec.hostVariable), value(spec.portVariable), deadline);
    case ProbeSpec::Kind::Http:
        if (value(spec.urlVariable).empty())
            return failed(spec.urlVariable + " is not set");
        return http(spec, value(spec.urlVariable), deadline);
    case ProbeSpec::Kind::None:
        break;
    }
    return failed("no probe declared");
}

} // namespace jsongroups

/// What the plugin looks up when its first probe runs (ProbeLibrary).
extern "C" __attribute__((visibility("default"))) const jsongroups::NetworkProbe::Function labmock_probe_json_groups =
    &jsongroups::NetworkProbe::run;
