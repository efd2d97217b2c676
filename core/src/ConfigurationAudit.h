//
// ConfigurationAudit.h
//
// Finds configuration keys that nothing reads: typos, and keys of plugins that are not there.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_CONFIGURATIONAUDIT_INCLUDED
#define LABMOCK_CONFIGURATIONAUDIT_INCLUDED

#include <map>
#include <set>
#include <string>
#include <vector>

namespace Poco::Util
{
class AbstractConfiguration;
}

namespace labmock
{

/// Collects the keys an operator set — in the properties file, with --define, as LABMOCK_*
/// environment variables — and names each one that is not known, with where it was set
/// and the nearest known key ("unknown key http.prot in FILE (did you mean http.port?)").
/// The server's keys are Settings::keys(). Keys below plugins.<name>. belong to a
/// plugin: they are known when the loaded plugin read them from its configuration (see
/// RecordingConfiguration) or are reserved by the core for every plugin. Keys of POCO's
/// own (application.*, system.*, logging.channels/formatters/loggers.*) are left alone.
/// Used from one thread.
class ConfigurationAudit
{
public:
    /// known: the server's own keys.
    explicit ConfigurationAudit(std::vector<std::string> known);

    /// Keys set in source ("/etc/lab-mock-server/lab-mock-server.properties", "--define").
    void addKeys(const std::vector<std::string>& keys, const std::string& source);

    /// Names of LABMOCK_* environment variables (others are ignored).
    void addEnvironment(const std::vector<std::string>& names);

    /// Problems with the keys that do not belong to a plugin, one line each.
    std::vector<std::string> coreProblems() const;

    /// Problems with the keys below plugins.<name>.; readByPlugin maps each loaded plugin's
    /// name to the keys (below plugins.<name>.) it read.
    std::vector<std::string> pluginProblems(const std::map<std::string, std::set<std::string>>& readByPlugin) const;

    /// Every leaf key of config, depth first.
    static std::vector<std::string> leafKeys(const Poco::Util::AbstractConfiguration& config);

    /// The names of the LABMOCK_* variables of this process's environment, sorted.
    static std::vector<std::string> environmentNames();

    /// Keys the core reserves below plugins.<name>. for every plugin.
    static const std::vector<std::string>& reservedPluginKeys();

    /// True for keys of POCO's own that are never reported.
    static bool isPocoKey(const std::string& key);

    /// Optimal string alignment distance (a swap of neighbours costs 1), case-sensitive.
    static std::size_t distance(const std::string& a, const std::string& b);

private:
    struct Entry
    {
        std::string key;     ///< as a key: http.prot
        std::string spelled; ///< as set: http.prot, or LABMOCK_HTTP_PROT
        std::string source;  ///< "in FILE", "in --define", "in the environment"
        bool environment = false;
    };

    /// Whether entry spells candidate (a key), exactly as its source would.
    static bool spells(const Entry& entry, const std::string& candidate);
    /// The nearest of candidates, as its source spells it, or "" when none is close.
    static std::string nearest(const Entry& entry, const std::vector<std::string>& candidates);
    /// "unknown key SPELLED (KEY) in SOURCE".
    static std::string unknown(const Entry& entry);
    /// True for an entry that lies below plugins.<name>. (or may, from the environment).
    bool belowPlugins(const Entry& entry) const;

    std::vector<std::string> _known;
    std::vector<Entry> _entries;
};

} // namespace labmock

#endif // LABMOCK_CONFIGURATIONAUDIT_INCLUDED
