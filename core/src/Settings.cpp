//
// Settings.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Settings.h"

#include "RegularFile.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/NumberFormatter.h>
#include <Poco/NumberParser.h>
#include <Poco/RegularExpression.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <cmath>

namespace labmock
{

namespace
{

using Poco::Util::AbstractConfiguration;

[[noreturn]] void reject(const std::string& key, const std::string& value, const std::string& expected)
{
    throw Poco::InvalidArgumentException(key + ": expected " + expected + ", got \"" + value + "\"");
}

long long readInteger(const AbstractConfiguration& config, const std::string& key, long long fallback, long long min,
                      long long max)
{
    if (!config.has(key))
        return fallback;
    const std::string value = Poco::trim(config.getString(key));
    Poco::Int64 number = 0;
    if (!Poco::NumberParser::tryParse64(value, number) || number < min || number > max)
        reject(key, value, "a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    return number;
}

Poco::Timespan readSeconds(const AbstractConfiguration& config, const std::string& key, Poco::Timespan fallback,
                           double minimum = 0)
{
    if (!config.has(key))
        return fallback;
    const std::string value = Poco::trim(config.getString(key));
    double seconds = 0;
    if (!Poco::NumberParser::tryParseFloat(value, seconds) || !std::isfinite(seconds) || seconds < minimum
        || seconds > 86400)
        reject(key, value, "a number of seconds from " + Poco::NumberFormatter::format(minimum) + " to 86400");
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(seconds * Poco::Timespan::SECONDS));
}

bool readBool(const AbstractConfiguration& config, const std::string& key, bool fallback)
{
    if (!config.has(key))
        return fallback;
    const std::string value = Poco::toLower(Poco::trim(config.getString(key)));
    if (value == "true" || value == "yes" || value == "on" || value == "1")
        return true;
    if (value == "false" || value == "no" || value == "off" || value == "0")
        return false;
    reject(key, value, "true or false");
}

template <typename Enum>
Enum readChoice(const AbstractConfiguration& config, const std::string& key, Enum fallback,
                std::initializer_list<std::pair<const char*, Enum>> choices)
{
    if (!config.has(key))
        return fallback;
    const std::string value = Poco::toLower(Poco::trim(config.getString(key)));
    std::string names;
    for (const auto& [name, choice] : choices)
    {
        if (value == name)
            return choice;
        names += names.empty() ? name : std::string(" | ") + name;
    }
    reject(key, value, names);
}

std::string readBasePath(const AbstractConfiguration& config)
{
    std::string value = Poco::trim(config.getString("http.basePath", ""));
    while (!value.empty() && value.back() == '/')
        value.pop_back();
    if (value.empty())
        return value;
    static const Poco::RegularExpression valid("^(/[A-Za-z0-9._~!$&'()*+,;=:@-]+)+$");
    if (!valid.match(value))
        reject("http.basePath", value, "a path such as /echo");
    return value;
}

/// A token is a line; this bounds what a wrong auth.tokenFile (a log, a device) costs.
constexpr std::size_t MAX_TOKEN_FILE_BYTES = 64 * 1024;

std::string readToken(const AbstractConfiguration& config)
{
    std::string token = config.getString("auth.token", "");
    const std::string file = Poco::trim(config.getString("auth.tokenFile", ""));
    if (token.empty() && !file.empty())
    {
        try
        {
            token = RegularFile::load(file, MAX_TOKEN_FILE_BYTES);
        }
        catch (const Poco::Exception& e)
        {
            throw Poco::InvalidArgumentException("auth.tokenFile: cannot read " + file + ": " + e.message());
        }
        while (!token.empty() && (token.back() == '\n' || token.back() == '\r'))
            token.pop_back();
        if (token.empty())
            throw Poco::InvalidArgumentException("auth.tokenFile: " + file + " is empty");
    }
    return token;
}

} // namespace

std::vector<std::string> Settings::splitList(const std::string& value, bool paths)
{
    const Poco::StringTokenizer tokens(value, paths ? ",:" : ",",
                                       Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    return {tokens.begin(), tokens.end()};
}

const char* Settings::revealName(Reveal reveal)
{
    switch (reveal)
    {
    case Reveal::All:
        return "all";
    case Reveal::None:
        return "none";
    case Reveal::Masked:
        break;
    }
    return "masked";
}

const std::vector<std::string>& Settings::keys()
{
    // In the order of etc/lab-mock-server.properties (SettingsTest compares the two).
    static const std::vector<std::string> keys = splitList(
        "config.strict, http.address, http.port, http.probePort, http.basePath, http.loopThreads, http.workerThreads, "
        "http.maxConnections, http.headerTimeout, http.keepAliveTimeout, http.sendTimeout, "
        "plugins.path, plugins.strict, plugins.loadTimeout, groups.path, groups.order, "
        "secrets.dirs, secrets.maxFileBytes, "
        "display.reveal, display.secretPattern, display.undeclared, instance.name, "
        "auth.token, auth.tokenFile, cors.allowOrigins, readiness.requireAll, readiness.requireProbes, "
        "probes.enabled, probes.interval, probes.timeout, testing.toggles, "
        "logging.format, logging.level, logging.accessLog, logging.accessLog.skipPaths, logging.accessBuffer, "
        "shutdown.drainDelay, shutdown.timeout",
        false);
    return keys;
}

bool Settings::pluginProbes(const AbstractConfiguration& config, const std::string& plugin)
{
    return readBool(config, "plugins." + plugin + ".probe", true);
}

Settings Settings::fromConfiguration(const AbstractConfiguration& config)
{
    Settings s;
    s.address = Poco::trim(config.getString("http.address", s.address));
    s.port = static_cast<unsigned short>(readInteger(config, "http.port", s.port, 0, 65535));
    if (!Poco::trim(config.getString("http.probePort", "")).empty())
        s.probePort = static_cast<int>(readInteger(config, "http.probePort", s.probePort, 0, 65535));
    s.basePath = readBasePath(config);
    s.loopThreads = static_cast<int>(readInteger(config, "http.loopThreads", s.loopThreads, 0, 256));
    s.workerThreads = static_cast<int>(readInteger(config, "http.workerThreads", s.workerThreads, 1, 256));
    s.maxConnections =
        static_cast<std::int64_t>(readInteger(config, "http.maxConnections", s.maxConnections, 1, 10000000));
    // A deadline of 0 would close every connection at once; "never" is not offered.
    s.headerTimeout = readSeconds(config, "http.headerTimeout", s.headerTimeout, 0.001);
    s.keepAliveTimeout = readSeconds(config, "http.keepAliveTimeout", s.keepAliveTimeout, 0.001);
    s.sendTimeout = readSeconds(config, "http.sendTimeout", s.sendTimeout, 0.001);

    s.pluginDirs = splitList(config.getString("plugins.path", ""), true);
    s.pluginsStrict = readBool(config, "plugins.strict", s.pluginsStrict);
    s.pluginLoadTimeout = readSeconds(config, "plugins.loadTimeout", s.pluginLoadTimeout, 0.01);
    if (config.has("groups.order"))
        s.groupOrder = splitList(config.getString("groups.order"), false);

    s.secretsDirs = splitList(config.getString("secrets.dirs", ""), true);
    s.maxFileBytes = static_cast<std::size_t>(
        readInteger(config, "secrets.maxFileBytes", static_cast<long long>(s.maxFileBytes), 0, 64LL << 20));

    s.reveal = readChoice(config, "display.reveal", s.reveal,
                          {{"masked", Reveal::Masked}, {"all", Reveal::All}, {"none", Reveal::None}});
    s.secretPattern = config.getString("display.secretPattern", s.secretPattern);
    try
    {
        Poco::RegularExpression check(s.secretPattern);
    }
    catch (const Poco::RegularExpressionException& e)
    {
        reject("display.secretPattern", s.secretPattern, "a regular expression (" + e.message() + ")");
    }

    s.undeclared = readChoice(config, "display.undeclared", s.undeclared,
                              {{"off", Undeclared::Off}, {"names", Undeclared::Names}, {"masked", Undeclared::Masked}});
    s.instanceName = Poco::trim(config.getString("instance.name", s.instanceName));

    s.authToken = readToken(config);
    s.corsOrigins = splitList(config.getString("cors.allowOrigins", ""), false);
    for (const auto& origin : s.corsOrigins)
    {
        static const Poco::RegularExpression valid("^https?://[^/\\s]+$");
        if (!valid.match(origin))
            reject("cors.allowOrigins", origin, "exact origins such as https://ui.example.org (no wildcard)");
    }

    s.readinessRequireAll = readBool(config, "readiness.requireAll", s.readinessRequireAll);
    s.testingToggles = readBool(config, "testing.toggles", s.testingToggles);
    s.configStrict = readBool(config, "config.strict", s.configStrict);
    s.readinessRequireProbes = readBool(config, "readiness.requireProbes", s.readinessRequireProbes);

    s.probesEnabled = readBool(config, "probes.enabled", s.probesEnabled);
    s.probesInterval = readSeconds(config, "probes.interval", s.probesInterval, 1);
    s.probesTimeout = readSeconds(config, "probes.timeout", s.probesTimeout, 0.1);
    Poco::Util::AbstractConfiguration::Keys plugins; // those set in a file or on the command line, checked early
    config.keys("plugins", plugins);
    for (const auto& plugin : plugins)
        pluginProbes(config, plugin);

    s.logFormat =
        readChoice(config, "logging.format", s.logFormat, {{"text", LogFormat::Text}, {"json", LogFormat::Json}});
    s.logLevel = Poco::trim(config.getString("logging.level", s.logLevel));
    try
    {
        Poco::Logger::parseLevel(s.logLevel);
    }
    catch (const Poco::Exception&)
    {
        reject("logging.level", s.logLevel,
               "fatal | critical | error | warning | notice | information | debug | trace");
    }
    s.accessLog = readBool(config, "logging.accessLog", s.accessLog);
    if (config.has("logging.accessLog.skipPaths"))
        s.accessLogSkipPaths = splitList(config.getString("logging.accessLog.skipPaths"), false);
    s.accessBuffer = static_cast<std::size_t>(
        readInteger(config, "logging.accessBuffer", static_cast<long long>(s.accessBuffer), 1, 1000000));

    s.drainDelay = readSeconds(config, "shutdown.drainDelay", s.drainDelay);
    s.shutdownTimeout = readSeconds(config, "shutdown.timeout", s.shutdownTimeout);
    return s;
}

} // namespace labmock
