//
// Settings.h
//
// The server's typed configuration, read once from the layered configuration.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_SETTINGS_INCLUDED
#define LABMOCK_SETTINGS_INCLUDED

#include <Poco/Timespan.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace Poco::Util
{
class AbstractConfiguration;
}

namespace labmock
{

/// Every key of etc/lab-mock-server.properties, typed and validated. A plain value:
/// built once at start-up, then only read, so it is safe to share between threads.
struct Settings
{
    enum class Reveal
    {
        Masked, ///< secrets show a mask, their length and a fingerprint
        All,    ///< every value in plain text, as the original page did
        None    ///< only set / missing / unreadable
    };

    /// display.undeclared: what the page shows of variables no group declares.
    enum class Undeclared
    {
        Off,   ///< nothing
        Names, ///< their names only
        Masked ///< name, source and value, disclosed as declared variables are
    };

    enum class LogFormat
    {
        Text,
        Json
    };

    std::string address = "0.0.0.0";
    unsigned short port = 8080;
    int probePort = -1;                  ///< a second listener for probes and metrics only; -1: none
    std::string basePath;                ///< "" or "/prefix" without a trailing slash
    int loopThreads = 0;                 ///< event loop threads; 0: one per core
    int workerThreads = 4;               ///< at most, for handlers that may block
    std::int64_t maxConnections = 10000; ///< open client connections on the main port
    Poco::Timespan headerTimeout = Poco::Timespan(10, 0);
    Poco::Timespan keepAliveTimeout = Poco::Timespan(5, 0);
    Poco::Timespan sendTimeout = Poco::Timespan(30, 0);

    std::vector<std::string> pluginDirs;
    bool pluginsStrict = false;
    /// How long a plugin's pre-flight (load and first groups() in a child) may take.
    Poco::Timespan pluginLoadTimeout = Poco::Timespan(5, 0);
    std::vector<std::string> groupOrder{"PostgreSQL", "Redis", "App"};

    std::vector<std::string> secretsDirs;
    std::size_t maxFileBytes = 64 * 1024;

    Reveal reveal = Reveal::Masked;
    std::string secretPattern = "PASSWORD|PASSWD|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE|PASSPHRASE|CERT";
    Undeclared undeclared = Undeclared::Off;

    std::string instanceName; ///< instance.name; "": the host name

    std::string authToken; ///< empty: no access control
    std::vector<std::string> corsOrigins;

    bool readinessRequireAll = true;
    bool testingToggles = false; ///< POST /readyz/disable and friends answer (else 404)
    bool configStrict = false;   ///< an unknown configuration key stops the start (exit 78)
    /// /readyz also fails while a probed group's probe fails (or has not answered yet).
    bool readinessRequireProbes = false;

    bool probesEnabled = false;                            ///< live probes of the groups' values
    Poco::Timespan probesInterval = Poco::Timespan(30, 0); ///< at most one probe per group per interval
    Poco::Timespan probesTimeout = Poco::Timespan(3, 0);   ///< the deadline of one probe

    LogFormat logFormat = LogFormat::Text;
    std::string logLevel = "information";
    bool accessLog = true;
    std::vector<std::string> accessLogSkipPaths{"/healthz", "/livez", "/readyz"};
    std::size_t accessBuffer = 8192; ///< access lines that may wait for the log (AccessLog::DEFAULT_CAPACITY)

    Poco::Timespan drainDelay = Poco::Timespan(0, 0);
    Poco::Timespan shutdownTimeout = Poco::Timespan(10, 0);

    /// Reads every key, with its default when absent. Throws Poco::InvalidArgumentException
    /// with a one-line message naming the key (or file) when a value is unusable.
    static Settings fromConfiguration(const Poco::Util::AbstractConfiguration& config);

    /// Splits a list value: entries separated by commas, or also by colons for path lists.
    static std::vector<std::string> splitList(const std::string& value, bool paths);

    static const char* revealName(Reveal reveal);

    /// Every key of the server's own configuration (not the plugins.<name>. subtrees): the one
    /// table that the properties file documents (SettingsTest compares the two) and that
    /// ConfigurationAudit checks keys against.
    static const std::vector<std::string>& keys();

    /// plugins.<plugin>.probe (default true), read now: the plugins are known only once
    /// loaded, and LABMOCK_PLUGINS_<NAME>_PROBE cannot be enumerated. Throws
    /// Poco::InvalidArgumentException naming the key when it is not a boolean.
    static bool pluginProbes(const Poco::Util::AbstractConfiguration& config, const std::string& plugin);
};

} // namespace labmock

#endif // LABMOCK_SETTINGS_INCLUDED
