//
// LabMockServer.h
//
// The server application: options, configuration layers, start-up and signals.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_LABMOCKSERVER_INCLUDED
#define LABMOCK_LABMOCKSERVER_INCLUDED

#include "ConfigurationAudit.h"
#include "Settings.h"
#include "Snapshot.h"

#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/ServerApplication.h>

#include <chrono>
#include <csignal>
#include <string>

namespace labmock
{

class Catalog;
class PluginHost;
class ReloadWorker;
class Service;
class SnapshotCache;
class SystemdNotifier;

/// Wires the core together and runs it: configuration (command line > LABMOCK_*
/// environment > properties file > defaults), logging, plugins, the HTTP server,
/// signals (TERM/INT/QUIT drain and stop, HUP reloads) and systemd notifications. Also the
/// one-shot modes --check, --list-plugins, --fingerprint and --healthcheck.
class LabMockServer : public Poco::Util::ServerApplication
{
public:
    /// Checks the command line before the application runs: an unknown option, a missing
    /// or unexpected value and a stray argument print one line on stderr. Returns false then
    /// (exit EX_USAGE); POCO's own report would come late, in its words, with EX_CONFIG.
    bool argumentsValid(const std::vector<std::string>& args);

protected:
    void initialize(Poco::Util::Application& self) override;
    void defineOptions(Poco::Util::OptionSet& options) override;
    int main(const std::vector<std::string>& args) override;

private:
    enum class Mode
    {
        Serve,
        Help,
        Version,
        Check,
        ListPlugins,
        Fingerprint,
        Healthcheck
    };

    /// Records what an option asks for; values of bound options go to the configuration.
    void handleModeOption(const std::string& name, const std::string& value);

    /// Layers the configuration and reads the settings; returns an exit code, 0 when usable.
    int configure();
    void setupLogging();
    /// Scans plugins into a catalog; logs what was loaded and skipped.
    std::shared_ptr<const Catalog> loadCatalog(PluginHost& host);

    /// The instance and undeclared-variable rules every snapshot is taken with.
    Snapshot::Context snapshotContext() const;

    int serve();
    /// SIGHUP: scans the plugins again and swaps the catalog in, or keeps the old one and says why.
    void reload(PluginHost& host, SnapshotCache& cache, Service& service);
    /// Takes signals until one asks to stop (returned): HUP requests a reload, others are logged.
    int waitForStopSignal(const sigset_t& signals, ReloadWorker& reloader);
    int check();
    std::chrono::milliseconds probeInterval() const;
    std::chrono::milliseconds probeTimeout() const;
    int listPlugins();
    int fingerprint();
    /// Logs the keys below plugins.<name>. that no loaded plugin read; with config.strict,
    /// prints them on stderr instead and returns EXIT_CONFIG.
    int auditPluginKeys(const PluginHost& host);
    /// Fetches _healthcheckUrl: 0 on a 2xx answer, 1 otherwise, with one line saying why.
    int healthcheck();

    Mode _mode = Mode::Serve;
    std::string _format = "text";
    bool _probe = false; ///< --check --probe
    std::string _configFile;
    std::string _healthcheckUrl;
    Poco::AutoPtr<Poco::Util::MapConfiguration> _defaults;
    Settings _settings;
    int _configError = 0;
    std::vector<std::string> _definedKeys; ///< keys set with --define, for the audit
    ConfigurationAudit _audit{Settings::keys()};
    bool _startUnready = false;
    bool _startUnhealthy = false;
};

} // namespace labmock

#endif // LABMOCK_LABMOCKSERVER_INCLUDED
