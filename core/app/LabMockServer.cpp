//
// LabMockServer.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "LabMockServer.h"

#include "AccessLog.h"
#include "ApiDocument.h"
#include "BuildInfo.h"
#include "Catalog.h"
#include "ConfigurationAudit.h"
#include "CorsPolicy.h"
#include "Disclosure.h"
#include "EnvironmentConfiguration.h"
#include "InstallLayout.h"
#include "InstanceInfo.h"
#include "JsonLogFormatter.h"
#include "PluginHost.h"
#include "RegularFile.h"
#include "ReloadWorker.h"
#include "RequestMetrics.h"
#include "Router.h"
#include "Service.h"
#include "SnapshotCache.h"
#include "SystemdNotifier.h"
#include "TextReport.h"
#include "TokenAuthenticator.h"
#include "UndeclaredVariables.h"
#include "ValueResolver.h"
#include "http/HttpServer.h"
#include "probes/ProbeRunner.h"

#include <labmock/Plugin.h>

#include <Poco/ConsoleChannel.h>
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/NumberFormatter.h>
#include <Poco/Path.h>
#include <Poco/PatternFormatter.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/Thread.h>
#include <Poco/URI.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/JSONConfiguration.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionCallback.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionProcessor.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/PropertyFileConfiguration.h>
#include <Poco/Util/XMLConfiguration.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <pthread.h>
#include <sstream>
#include <thread>

namespace labmock
{

namespace
{

using Poco::Util::Option;
using Poco::Util::OptionCallback;

/// Between the command line (PRIO_APPLICATION) and the properties file (PRIO_DEFAULT).
constexpr int PRIO_ENVIRONMENT = -50;
/// Computed defaults: below the file, above Poco's system configuration.
constexpr int PRIO_COMPUTED_DEFAULTS = 50;

/// Exit codes (sysexits.h, as Poco::Util::Application names them).
constexpr int EXIT_CHECK_FAILED = 1;

/// Connections waiting to be accepted (capped by net.core.somaxconn).
constexpr int LISTEN_BACKLOG = 4096;
/// Open connections the probe listener takes: kubelets and scrapers, not crowds.
constexpr std::int64_t PROBE_CONNECTIONS = 1024;

std::string joined(const std::vector<std::string>& items)
{
    return items.empty() ? std::string("(none)") : Poco::cat(std::string(", "), items.begin(), items.end());
}

/// How long --healthcheck waits to connect, and then for each read: a local server answers
/// in milliseconds; a container runtime's own healthcheck timeout is longer.
constexpr int HEALTHCHECK_TIMEOUT_SECONDS = 3;

/// The one-line state systemd shows (`systemctl status`), e.g.
/// "serving 8 variables, 2 missing, on 0.0.0.0:8080; probes on 0.0.0.0:8081".
std::string serviceStatus(const Snapshot::Counts& counts, const std::string& where)
{
    std::string status =
        "serving " + std::to_string(counts.variables) + " variables, " + std::to_string(counts.missing) + " missing";
    if (counts.unreadable > 0)
        status += ", " + std::to_string(counts.unreadable) + " unreadable";
    return status + ", on " + where;
}

/// Far above any real configuration; bounds what a wrong --config (a log, a device) costs.
constexpr std::size_t MAX_CONFIG_FILE_BYTES = 1 << 20;

/// The configuration in content, read as Application::loadConfiguration() would read the
/// file path: by its extension (.properties, .ini, .json, .xml). The file itself is read
/// by RegularFile, so a FIFO or a device named as the config file cannot hang the start.
Poco::AutoPtr<Poco::Util::AbstractConfiguration> parsedConfiguration(const std::string& path,
                                                                     const std::string& content)
{
    const std::string extension = Poco::toLower(Poco::Path(path).getExtension());
    std::istringstream stream(content);
    if (extension == "properties")
        return new Poco::Util::PropertyFileConfiguration(stream);
    if (extension == "ini")
        return new Poco::Util::IniFileConfiguration(stream);
    if (extension == "json")
        return new Poco::Util::JSONConfiguration(stream);
    if (extension == "xml")
        return new Poco::Util::XMLConfiguration(stream);
    throw Poco::InvalidArgumentException("unsupported configuration file type (.properties, .ini, .json or .xml)");
}

/// The signals a serving process takes with sigwait() in its main thread, blocked in every
/// thread: a handler-less SIGHUP, SIGUSR1, SIGUSR2 or SIGALRM would otherwise kill it, and so would a second
/// SIGINT during shutdown (POCO issue 2978). One-shot modes keep the default dispositions,
/// so Ctrl-C stops a --check or --fingerprint.
sigset_t controlSignals()
{
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGQUIT);
    sigaddset(&signals, SIGHUP);
    // Their default action ends the process; nothing here uses them, so they are logged.
    sigaddset(&signals, SIGUSR1);
    sigaddset(&signals, SIGUSR2);
    sigaddset(&signals, SIGALRM);
    return signals;
}

bool stopsTheServer(int signal)
{
    return signal == SIGINT || signal == SIGTERM || signal == SIGQUIT;
}

/// The key of a --define value key=value; throws naming the value when it has none.
std::string definedKey(const std::string& value)
{
    const auto equals = value.find('=');
    if (equals == std::string::npos || equals == 0)
        throw Poco::Util::InvalidArgumentException("--define expects key=value, got \"" + value + "\"");
    return Poco::trim(value.substr(0, equals));
}

} // namespace

void LabMockServer::defineOptions(Poco::Util::OptionSet& options)
{
    ServerApplication::defineOptions(options);
    const OptionCallback<LabMockServer> handle(this, &LabMockServer::handleModeOption);
    options.addOption(Option("help", "h", "Print this help and exit.").callback(handle));
    options.addOption(Option("version", "", "Print the version and exit.").callback(handle));
    options.addOption(
        Option("config", "c", "Read configuration from FILE (a .properties file).").argument("FILE").callback(handle));
    options.addOption(
        Option("port", "p", "Listen on port N (http.port; 0 picks a free port).").argument("N").binding("http.port"));
    options.addOption(
        Option("address", "a", "Listen on address ADDR (http.address).").argument("ADDR").binding("http.address"));
    options.addOption(Option("plugins", "", "Load plugins from DIRS, separated by ',' or ':' (plugins.path).")
                          .argument("DIRS")
                          .binding("plugins.path"));
    options.addOption(Option("define", "D", "Set a configuration key: --define key=value (repeatable).")
                          .argument("key=value")
                          .repeatable(true)
                          .callback(handle));
    options.addOption(Option("check", "",
                             "Print every group and variable and exit: 0 when all required "
                             "variables are set, 1 otherwise.")
                          .callback(handle));
    options.addOption(Option("probe", "",
                             "With --check: also run every group's probe once (live proof that the "
                             "values work); exit 1 when one fails.")
                          .callback(handle));
    options.addOption(Option("format", "", "Output of --check: text or json.").argument("FORMAT").callback(handle));
    options.addOption(Option("list-plugins", "", "Print which plugins would load from where, and why any would not.")
                          .callback(handle));
    options.addOption(Option("fingerprint", "",
                             "Read a value from standard input and print its fingerprint "
                             "(a trailing newline is not counted).")
                          .callback(handle));
    options.addOption(
        Option("unready", "", "Start with /readyz disabled, as POST /readyz/disable does.").callback(handle));
    options.addOption(Option("unhealthy", "", "Start with /livez and /healthz disabled, as POST /livez/disable does.")
                          .callback(handle));
    options.addOption(Option("healthcheck", "",
                             "Fetch URL (meant for this host, e.g. http://127.0.0.1:8080/livez) and exit: 0 on "
                             "a 2xx answer, 1 otherwise. For container HEALTHCHECKs.")
                          .argument("URL")
                          .callback(handle));
}

bool LabMockServer::argumentsValid(const std::vector<std::string>& args)
{
    // The same options POCO will process, checked the same way, without their callbacks.
    Poco::Util::OptionSet options;
    defineOptions(options);
    Poco::Util::OptionProcessor processor(options);
    processor.setUnixStyle(true);
    // What is echoed back goes to the journal: a credential typed on the command line
    // (--define=auth.token=…, --password=…) is masked as it would be on the page.
    const Disclosure disclosure(Settings::Reveal::Masked, Settings().secretPattern);
    std::string current;
    try
    {
        for (std::size_t i = 1; i < args.size(); ++i)
        {
            current = args[i];
            std::string name, value;
            if (!processor.process(current, name, value))
            {
                std::cerr << "lab-mock-server: unexpected argument \""
                          << Disclosure::printable(disclosure.maskCredentials(current))
                          << "\" (options start with --; see --help)" << std::endl;
                return false;
            }
            if (name == "help" || name == "version")
                return true; // asking for help wins over whatever follows
            if (name == "define")
                definedKey(value);
        }
        processor.checkRequired();
    }
    catch (const Poco::Util::UnknownOptionException&)
    {
        std::cerr << "lab-mock-server: unknown option " << Disclosure::printable(disclosure.maskCredentials(current))
                  << " (see --help)" << std::endl;
        return false;
    }
    catch (const Poco::Exception& e)
    {
        const std::string shown = Disclosure::printable(disclosure.maskCredentials(current));
        std::cerr << "lab-mock-server: " << (shown.empty() ? "" : shown + ": ")
                  << Disclosure::printable(disclosure.maskCredentials(e.displayText())) << " (see --help)" << std::endl;
        return false;
    }
    return true;
}

void LabMockServer::handleModeOption(const std::string& name, const std::string& value)
{
    if (name == "help")
        _mode = Mode::Help;
    else if (name == "version")
        _mode = Mode::Version;
    else if (name == "check")
        _mode = Mode::Check;
    else if (name == "list-plugins")
        _mode = Mode::ListPlugins;
    else if (name == "fingerprint")
        _mode = Mode::Fingerprint;
    else if (name == "unready")
        _startUnready = true;
    else if (name == "unhealthy")
        _startUnhealthy = true;
    else if (name == "healthcheck")
    {
        _mode = Mode::Healthcheck;
        _healthcheckUrl = value;
    }
    else if (name == "format")
        _format = value;
    else if (name == "probe")
        _probe = true;
    else if (name == "config")
        _configFile = value;
    else if (name == "define")
    {
        const std::string key = definedKey(value);
        _definedKeys.push_back(key);
        config().setString(key, value.substr(value.find('=') + 1));
    }
    if (_mode == Mode::Help || _mode == Mode::Version)
        stopOptionsProcessing();
}

void LabMockServer::initialize(Poco::Util::Application& self)
{
    _configError = configure();
    ServerApplication::initialize(self);
    if (_configError == EXIT_OK)
        setupLogging();
}

int LabMockServer::configure()
{
    // Where the defaults of paths point depends on where this binary lies (build tree, or
    // which prefix), so that it finds its plugins either way with no arguments.
    const InstallLayout layout = InstallLayout::forExecutableIn(config().getString("application.dir", ""));
    std::string secretsDirs = "/run/secrets";
    if (Poco::Environment::has("CREDENTIALS_DIRECTORY"))
        secretsDirs = Poco::Environment::get("CREDENTIALS_DIRECTORY") + "," + secretsDirs;
    _defaults = new Poco::Util::MapConfiguration;
    _defaults->setString("plugins.path", layout.pluginDir);
    _defaults->setString("groups.path", layout.groupsDir);
    _defaults->setString("secrets.dirs", secretsDirs);
    config().add(_defaults, PRIO_COMPUTED_DEFAULTS, false);
    config().add(new EnvironmentConfiguration, PRIO_ENVIRONMENT, false);

    Poco::AutoPtr<Poco::Util::AbstractConfiguration> fileConfig;
    std::string file = _configFile;
    if (file.empty() && !layout.configFile.empty() && Poco::File(layout.configFile).exists())
        file = layout.configFile;
    if (!file.empty())
    {
        try
        {
            fileConfig = parsedConfiguration(file, RegularFile::load(file, MAX_CONFIG_FILE_BYTES));
            config().add(fileConfig, PRIO_DEFAULT, false);
            config().setString("application.configDir", Poco::Path(file).absolute().parent().toString());
        }
        catch (const Poco::Exception& e)
        {
            std::cerr << "lab-mock-server: cannot read config file " << file << ": " << e.message() << std::endl;
            return EXIT_CONFIG;
        }
    }
    config().setString("application.configFile", file.empty() ? "(none)" : file);

    try
    {
        _settings = Settings::fromConfiguration(config());
    }
    catch (const Poco::Exception& e)
    {
        std::cerr << "lab-mock-server: bad configuration: " << e.message() << std::endl;
        return EXIT_CONFIG;
    }
    if (_format != "text" && _format != "json")
    {
        std::cerr << "lab-mock-server: --format: expected text or json, got \"" << _format << "\"" << std::endl;
        return EXIT_USAGE;
    }
    // Keys that nothing reads: typos, or keys of another version.
    if (fileConfig)
        _audit.addKeys(ConfigurationAudit::leafKeys(*fileConfig), file);
    _audit.addKeys(_definedKeys, "--define");
    _audit.addEnvironment(ConfigurationAudit::environmentNames());
    if (_settings.configStrict)
    {
        const auto problems = _audit.coreProblems();
        for (const auto& problem : problems)
            std::cerr << "lab-mock-server: " << problem << std::endl;
        if (!problems.empty())
        {
            std::cerr << "lab-mock-server: config.strict=true: not starting with an unknown key" << std::endl;
            return EXIT_CONFIG;
        }
    }
    // json-groups reads plugins.json-groups.path; groups.path is its documented name.
    _defaults->setString("plugins.json-groups.path", config().getString("groups.path", ""));
    return EXIT_OK;
}

void LabMockServer::setupLogging()
{
    Poco::AutoPtr<Poco::Formatter> formatter;
    if (_settings.logFormat == Settings::LogFormat::Json)
        formatter = new JsonLogFormatter;
    else
        formatter = new Poco::PatternFormatter("%Y-%m-%dT%H:%M:%S.%iZ %p %s: %t");
    Poco::AutoPtr<Poco::Channel> channel = new Poco::FormattingChannel(formatter, new Poco::ConsoleChannel);
    Poco::Logger::setChannel("", channel); // the root logger and every one made so far
    Poco::Logger::setLevel("", Poco::Logger::parseLevel(_settings.logLevel));
    setLogger(Poco::Logger::get("lab-mock-server"));
}

int LabMockServer::main(const std::vector<std::string>&)
{
    switch (_mode)
    {
    case Mode::Help:
    {
        Poco::Util::HelpFormatter help(options());
        help.setCommand(commandName());
        help.setUsage("[options]");
        help.setHeader("Shows which environment variables and secrets reached this process, over HTTP.");
        help.setFooter("Every option and key is documented in lab-mock-server.properties.\n"
                       "Exit status: 0 success; 1 --check found a required variable missing, a "
                       "plugin error or no group at all; 64 a usage error (an unknown option, a stray argument); "
                       "69 the port cannot be bound; 70 a plugin failed with plugins.strict=true; "
                       "78 bad configuration (or an unknown key with config.strict=true).");
        help.format(std::cout);
        return EXIT_OK;
    }
    case Mode::Version:
        std::cout << "lab-mock-server " << BuildInfo::VERSION << " (" << BuildInfo::GIT_REVISION << ", plugin ABI "
                  << PLUGIN_ABI_VERSION << ")" << std::endl;
        return EXIT_OK;
    case Mode::Fingerprint:
        return fingerprint();
    case Mode::Healthcheck: // asks the running server; this process's configuration does not matter
        return healthcheck();
    default:
        break;
    }
    if (_configError != EXIT_OK)
        return _configError;
    for (const auto& problem : _audit.coreProblems())
        logger().warning(problem);
    switch (_mode)
    {
    case Mode::Check:
        return check();
    case Mode::ListPlugins:
        return listPlugins();
    default:
        return serve();
    }
}

std::shared_ptr<const Catalog> LabMockServer::loadCatalog(PluginHost& host)
{
    const PluginScan scan = host.scan(_settings.pluginDirs);
    auto catalog = std::make_shared<const Catalog>(Catalog::merge(scan, _settings.groupOrder));
    for (const auto& error : catalog->errors())
        logger().warning("plugin skipped or incomplete: " + error.path + ": " + Disclosure::printable(error.message));
    return catalog;
}

Snapshot::Context LabMockServer::snapshotContext() const
{
    return {std::make_shared<const InstanceInfo>(InstanceInfo::detect(_settings.instanceName)),
            std::make_shared<const UndeclaredVariables>(_settings.undeclared, Settings::keys())};
}

int LabMockServer::auditPluginKeys(const PluginHost& host)
{
    const auto problems = _audit.pluginProblems(host.keysRead());
    if (!_settings.configStrict)
    {
        for (const auto& problem : problems)
            logger().warning(problem);
        return EXIT_OK;
    }
    for (const auto& problem : problems)
        std::cerr << "lab-mock-server: " << problem << std::endl;
    if (problems.empty())
        return EXIT_OK;
    std::cerr << "lab-mock-server: config.strict=true: not starting with an unknown key" << std::endl;
    return EXIT_CONFIG;
}

int LabMockServer::check()
{
    PluginHost host(config(), _settings.pluginLoadTimeout);
    const auto catalog = loadCatalog(host);
    if (const int audit = auditPluginKeys(host); audit != EXIT_OK)
        return audit;
    const ValueResolver resolver(_settings.secretsDirs, _settings.maxFileBytes);
    const Disclosure disclosure(_settings.reveal, _settings.secretPattern);
    const auto snapshot = Snapshot::take(catalog, resolver, snapshotContext());
    std::shared_ptr<const ProbeResults> probes;
    bool probesReturned = true;
    if (_probe)
    {
        // Probes run once, whatever probes.enabled says: asking for them is the opt-in here.
        ProbeRunner runner([&snapshot] { return snapshot; }, disclosure, probeInterval(), probeTimeout(),
                           [this](const std::string& plugin) { return Settings::pluginProbes(config(), plugin); });
        probesReturned = runner.runAndWait();
        probes = runner.results();
    }
    std::cout << (_format == "json" ? ApiDocument::render(*snapshot, disclosure, probes.get())
                                    : TextReport::render(*snapshot, disclosure, probes.get()));
    std::cout.flush();
    int code =
        snapshot->counts().requiredMissing == 0 && !(probes && probes->anyFailed(true)) ? EXIT_OK : EXIT_CHECK_FAILED;
    if (catalog->groups().empty())
    {
        // Nothing declared is nothing checked: a wrong plugins.path or groups.path, not a pass.
        std::cerr << "lab-mock-server: --check: no group is declared (plugins.path: " << joined(_settings.pluginDirs)
                  << "; groups.path: " << config().getString("groups.path", "") << ")" << std::endl;
        code = EXIT_CHECK_FAILED;
    }
    // As /readyz: a plugin error (a directory that does not exist, too) fails the check.
    if (!catalog->errors().empty())
        code = EXIT_CHECK_FAILED;
    if (!probesReturned)
        std::_Exit(code); // a probe still running in plugin code cannot be joined; it must not outlive main()
    return code;
}

std::chrono::milliseconds LabMockServer::probeInterval() const
{
    return std::chrono::milliseconds(_settings.probesInterval.totalMilliseconds());
}

std::chrono::milliseconds LabMockServer::probeTimeout() const
{
    return std::chrono::milliseconds(_settings.probesTimeout.totalMilliseconds());
}

int LabMockServer::listPlugins()
{
    PluginHost host(config(), _settings.pluginLoadTimeout);
    const PluginScan scan = host.scan(_settings.pluginDirs);
    const Catalog catalog = Catalog::merge(scan, _settings.groupOrder); // adds rejected and duplicate groups
    if (const int audit = auditPluginKeys(host); audit != EXIT_OK)
        return audit;
    std::cout << "plugins.path: " << joined(_settings.pluginDirs) << "\n";
    for (const auto& plugin : catalog.plugins()) // without rejected group names, which may hold control bytes
        std::cout << "load  " << plugin.path << "  (" << plugin.name << ", ABI " << plugin.abiVersion
                  << ", groups: " << joined(plugin.groups) << ")\n";
    for (const auto& error : catalog.errors())
        std::cout << "skip  " << error.path << "  " << Disclosure::printable(error.message) << "\n";
    std::cout.flush();
    return EXIT_OK;
}

int LabMockServer::fingerprint()
{
    std::string value;
    Poco::StreamCopier::copyToString(std::cin, value);
    if (!value.empty() && value.back() == '\n')
    {
        value.pop_back();
        if (!value.empty() && value.back() == '\r')
            value.pop_back();
    }
    std::cout << Disclosure::fingerprint(value) << std::endl;
    return EXIT_OK;
}

int LabMockServer::healthcheck()
{
    // What is printed is kept (docker inspect shows it): a password or token in the URL is masked.
    const Disclosure disclosure(Settings::Reveal::Masked, Settings().secretPattern);
    const auto shown = [&disclosure](const std::string& text)
    { return Disclosure::printable(disclosure.maskCredentials(text)); };
    const std::string prefix = "healthcheck: " + shown(_healthcheckUrl) + ": ";
    // POCO's timeout bounds each read, not the exchange: a server that trickles its answer
    // must not hold the check past its limit either.
    std::thread(
        [prefix]
        {
            std::this_thread::sleep_for(std::chrono::seconds(HEALTHCHECK_TIMEOUT_SECONDS));
            std::cout << prefix << "no complete answer within " << HEALTHCHECK_TIMEOUT_SECONDS << " s" << std::endl;
            std::_Exit(EXIT_CHECK_FAILED);
        })
        .detach();
    try
    {
        const Poco::URI uri(_healthcheckUrl);
        if (uri.getScheme() != "http" || uri.getHost().empty())
        {
            std::cout << prefix << "expected an http:// URL with a host" << std::endl;
            return EXIT_CHECK_FAILED;
        }
        Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
        session.setTimeout(Poco::Timespan(HEALTHCHECK_TIMEOUT_SECONDS, 0));
        const std::string target = uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery();
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, target, Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("User-Agent", "lab-mock-server-healthcheck");
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::istream& body = session.receiveResponse(response);
        body.ignore(1 << 20); // read, so that the server sees a complete exchange
        const int status = response.getStatus();
        std::cout << prefix << status << " " << response.getReason() << std::endl;
        return status >= 200 && status < 300 ? EXIT_OK : EXIT_CHECK_FAILED;
    }
    catch (const Poco::Exception& e)
    {
        std::cout << prefix << shown(e.displayText()) << std::endl;
    }
    catch (const std::exception& e)
    {
        std::cout << prefix << shown(e.what()) << std::endl;
    }
    return EXIT_CHECK_FAILED;
}

void LabMockServer::reload(PluginHost& host, SnapshotCache& cache, Service& service)
{
    Poco::Logger& log = logger();
    log.information("SIGHUP: reloading plugins and group files");
    try
    {
        const auto reloaded = loadCatalog(host);
        if (_settings.pluginsStrict && !reloaded->errors().empty())
        {
            log.error("reload failed (plugins.strict=true, " + std::to_string(reloaded->errors().size())
                      + " plugin errors); keeping the previous catalog");
            service.recordReload(false);
            return;
        }
        cache.setCatalog(reloaded);
        service.recordReload(true);
        log.information("reloaded: " + std::to_string(reloaded->plugins().size()) + " plugins, "
                        + std::to_string(reloaded->groups().size()) + " groups");
    }
    catch (const Poco::Exception& e)
    {
        log.error("reload failed, keeping the previous catalog: " + e.displayText());
    }
    catch (const std::exception& e)
    {
        log.error(std::string("reload failed, keeping the previous catalog: ") + e.what());
        service.recordReload(false);
    }
    catch (...)
    {
        log.error("reload failed, keeping the previous catalog: unknown exception");
        service.recordReload(false);
    }
}

int LabMockServer::waitForStopSignal(const sigset_t& signals, ReloadWorker& reloader)
{
    int signal = 0;
    while (sigwait(&signals, &signal) == 0 && !stopsTheServer(signal))
    {
        if (signal == SIGHUP)
            reloader.request();
        else
            logger().information(std::string("SIG") + ::sigabbrev_np(signal)
                                 + " ignored (SIGHUP reloads, SIGTERM stops)");
    }
    return signal;
}

int LabMockServer::serve()
{
    // Before any thread starts (plugins may start some), so every thread inherits the mask.
    const sigset_t signals = controlSignals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    Poco::Logger& log = logger();
    SystemdNotifier notifier; // does nothing unless systemd (Type=notify) set $NOTIFY_SOCKET
    PluginHost host(config(), _settings.pluginLoadTimeout);
    const auto catalog = loadCatalog(host);
    if (_settings.pluginsStrict && !catalog->errors().empty())
    {
        std::cerr << "lab-mock-server: plugins.strict=true and " << catalog->errors().size()
                  << " plugin error(s); first: " << catalog->errors().front().path << ": "
                  << Disclosure::printable(catalog->errors().front().message) << std::endl;
        return EXIT_SOFTWARE;
    }
    if (const int audit = auditPluginKeys(host); audit != EXIT_OK)
        return audit;

    // Probes (opt-in) read the cache's current snapshot; the cache shows their results.
    SnapshotCache* probedCache = nullptr;
    std::unique_ptr<ProbeRunner> probes;
    if (_settings.probesEnabled)
        probes = std::make_unique<ProbeRunner>(
            [&probedCache] { return probedCache->snapshot(); }, Disclosure(_settings.reveal, _settings.secretPattern),
            probeInterval(), probeTimeout(),
            [this](const std::string& plugin) { return Settings::pluginProbes(config(), plugin); });
    SnapshotCache cache(ValueResolver(_settings.secretsDirs, _settings.maxFileBytes),
                        Disclosure(_settings.reveal, _settings.secretPattern), _settings.basePath,
                        _settings.readinessRequireAll, catalog, snapshotContext(), probes.get(),
                        _settings.readinessRequireProbes);
    probedCache = &cache;
    AccessLog accessLog(Poco::Logger::get("access"), _settings.accessLog, _settings.accessLogSkipPaths,
                        _settings.basePath, _settings.accessBuffer);
    Service service(cache, &accessLog, _settings.testingToggles, probes.get());
    service.setDisabled(true, _startUnready);
    service.setDisabled(false, _startUnhealthy);
    const TokenAuthenticator authenticator(_settings.authToken);
    const CorsPolicy cors(_settings.corsOrigins);
    const EndpointHandler::Context context{service.requestMetrics(), accessLog, authenticator, cors};

    // The server holds a descriptor per connection: the soft limit rises to the hard one.
    const std::int64_t fileLimit = HttpServer::raiseOpenFileLimit();
    if (_settings.maxConnections > fileLimit)
        log.warning("http.maxConnections=" + std::to_string(_settings.maxConnections) + " exceeds the open file limit;"
                    + " serving at most " + std::to_string(fileLimit) + " connections");

    Poco::Net::ServerSocket socket;
    const std::string where = _settings.address + ":" + std::to_string(_settings.port);
    try
    {
        // SO_REUSEADDR (restart over TIME_WAIT) but not SO_REUSEPORT: a second server on a
        // busy port must fail, not share its connections. The event loops share this socket.
        socket.bind(Poco::Net::SocketAddress(_settings.address, _settings.port), true, false);
        socket.listen(LISTEN_BACKLOG);
    }
    catch (const Poco::Exception& e)
    {
        std::cerr << "lab-mock-server: cannot listen on " << where << " (http.address, http.port): " << e.displayText()
                  << std::endl;
        return EXIT_UNAVAILABLE;
    }

    Poco::Net::ServerSocket probeSocket;
    if (_settings.probePort >= 0)
    {
        try
        {
            probeSocket.bind(
                Poco::Net::SocketAddress(_settings.address, static_cast<Poco::UInt16>(_settings.probePort)), true,
                false);
            probeSocket.listen(LISTEN_BACKLOG);
        }
        catch (const Poco::Exception& e)
        {
            std::cerr << "lab-mock-server: cannot listen on " << _settings.address << ":" << _settings.probePort
                      << " (http.address, http.probePort): " << e.displayText() << std::endl;
            return EXIT_UNAVAILABLE;
        }
    }

    // Event loops own the connections and their deadlines; handlers run on the loop threads.
    HttpServer::Options options;
    options.loops = static_cast<unsigned>(_settings.loopThreads);
    options.workerThreads = static_cast<std::size_t>(_settings.workerThreads);
    options.maxConnections = std::min(_settings.maxConnections, fileLimit);
    options.headerTimeout = _settings.headerTimeout;
    options.keepAliveTimeout = _settings.keepAliveTimeout;
    options.sendTimeout = _settings.sendTimeout;
    options.serverName = "lab-mock-server/" + std::string(BuildInfo::VERSION);
    if (notifier.watchdogEnabled())
    {
        // Every event loop beats on its own thread; WATCHDOG=1 needs a beat from each.
        options.heartbeat = [&notifier] { notifier.heartbeat(); };
        options.heartbeatInterval = notifier.heartbeatInterval();
    }
    HttpServer server(new Router(_settings.basePath, service.routes(), context), socket, options,
                      service.connectionMetrics());
    server.start();

    // Probes get a loop and a connection budget of their own: clients that fill the main
    // port's budget or its loops cannot delay the kubelet or Prometheus.
    std::unique_ptr<HttpServer> probeServer;
    if (_settings.probePort >= 0)
    {
        HttpServer::Options probeOptions = options;
        probeOptions.name = "probe";
        probeOptions.loops = 1;
        probeOptions.maxConnections = std::min<std::int64_t>(PROBE_CONNECTIONS, fileLimit);
        probeServer = std::make_unique<HttpServer>(new Router(_settings.basePath, service.routes(), context, true),
                                                   probeSocket, probeOptions, service.connectionMetrics());
        probeServer->start();
        log.information("probes and metrics also on " + probeSocket.address().toString());
    }

    notifier.expectHeartbeats(server.loops() + (probeServer ? probeServer->loops() : 0));
    std::string listeners = socket.address().toString();
    if (probeServer)
        listeners += "; probes on " + probeSocket.address().toString();
    if (probes)
    {
        probes->start();
        log.information("probes enabled: each group at most every "
                        + Poco::NumberFormatter::format(_settings.probesInterval.totalMilliseconds() / 1000.0)
                        + " s, timeout "
                        + Poco::NumberFormatter::format(_settings.probesTimeout.totalMilliseconds() / 1000.0) + " s");
    }

    const Snapshot::Counts counts = cache.current()->snapshot->counts(); // a copy: a reload may free the views
    log.information("listening on " + socket.address().toString() + " (base path \"" + _settings.basePath
                    + "\"); config file: " + config().getString("application.configFile", "")
                    + "; plugins loaded: " + std::to_string(catalog->plugins().size()) + ", skipped or failing: "
                    + std::to_string(catalog->errors().size()) + "; groups: " + std::to_string(catalog->groups().size())
                    + ", variables: " + std::to_string(counts.variables) + " (" + std::to_string(counts.set)
                    + " set); reveal: " + Settings::revealName(_settings.reveal));
    // Every listener accepts now: systemd may start what is ordered after this service.
    notifier.ready(serviceStatus(counts, listeners));
    if (notifier.watchdogEnabled())
        log.information("systemd watchdog: " + std::to_string(notifier.watchdogTimeout().totalMilliseconds())
                        + " ms; each event loop beats every "
                        + std::to_string(notifier.heartbeatInterval().totalMilliseconds()) + " ms");

    // Reloads run beside this thread, so a slow or hanging plugin never delays a signal.
    ReloadWorker reloader(
        [&]
        {
            notifier.reloading("reloading plugins and group files");
            reload(host, cache, service); // keeps the previous catalog when the new one fails
            const Snapshot::Counts reloaded = cache.current()->snapshot->counts();
            notifier.ready(serviceStatus(reloaded, listeners));
        });
    const int signal = waitForStopSignal(signals, reloader);
    log.information(std::string("SIG") + ::sigabbrev_np(signal) + ": shutting down");
    notifier.stopping(std::string("shutting down (SIG") + ::sigabbrev_np(signal) + ")");
    service.beginShutdown(); // /readyz answers 503 from now on
    if (_settings.drainDelay.totalMilliseconds() > 0)
        Poco::Thread::sleep(static_cast<long>(_settings.drainDelay.totalMilliseconds()));

    // The listeners close; every request received is answered with Connection: close, idle
    // connections close, and what is still open at shutdown.timeout is closed.
    const Poco::Timestamp deadline = Poco::Timestamp() + _settings.shutdownTimeout.totalMicroseconds();
    server.beginStop();
    if (probeServer)
        probeServer->beginStop();
    bool clean = server.finishStop(deadline);
    if (probeServer)
        clean = probeServer->finishStop(deadline) && clean;
    if (!clean)
        log.warning("shutdown.timeout reached with connections open; closed them");
    accessLog.stop(); // every queued line is written
    const auto steadyDeadline =
        std::chrono::steady_clock::now()
        + std::chrono::microseconds(std::max<Poco::Timestamp::TimeDiff>(0, deadline - Poco::Timestamp()));
    if (probes && !probes->stop(steadyDeadline))
    {
        // Plugin code past its deadline cannot be joined; everything else has ended cleanly.
        log.warning("shutdown.timeout reached while a probe was still running; exiting");
        std::_Exit(EXIT_OK);
    }
    if (server.handlersRunning() || (probeServer && probeServer->handlersRunning()))
    {
        // A blocking handler still uses the service: it must not be destroyed under it.
        log.warning("shutdown.timeout reached while a request handler was still running; exiting");
        std::_Exit(EXIT_OK);
    }
    if (!reloader.stop(
            std::chrono::steady_clock::now()
            + std::chrono::microseconds(std::max<Poco::Timestamp::TimeDiff>(0, deadline - Poco::Timestamp()))))
    {
        // Plugin code that never returns cannot be joined; everything else has ended cleanly.
        log.warning("shutdown.timeout reached while a reload was still running; exiting");
        std::_Exit(EXIT_OK);
    }
    log.information("stopped");
    return EXIT_OK;
}

} // namespace labmock
