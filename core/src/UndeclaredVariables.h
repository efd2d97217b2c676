//
// UndeclaredVariables.h
//
// The environment variables no group declares: display.undeclared.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_UNDECLAREDVARIABLES_INCLUDED
#define LABMOCK_UNDECLAREDVARIABLES_INCLUDED

#include "Catalog.h"
#include "Resolution.h"
#include "Settings.h"

#include <cstddef>
#include <string>
#include <vector>

namespace labmock
{

/// Finds what else arrived: every environment variable that no group of the catalog
/// declares (nor as X_FILE of a declared X). A LABMOCK_ variable is paired with the
/// configuration key it sets; a name within edit distance 2 of a declared one (a typo such
/// as POSGRES_PASSWORD) is paired with that name. Immutable after construction;
/// collect() may be called from any thread (the environment is only read).
class UndeclaredVariables
{
public:
    /// One variable of the environment that no group declares.
    struct Entry
    {
        std::string name;       ///< made printable
        Resolution resolution;  ///< always Set from the environment; holds the value: never log it
        std::string configKey;  ///< LABMOCK_ variables: the key it sets, "" when it sets none
        std::string suggestion; ///< the declared name it is probably a typo of, or ""
    };

    /// The largest edit distance at which a name is taken for a typo of a declared one.
    static constexpr std::size_t TYPO_DISTANCE = 2;

    /// mode: what the page and JSON show of the entries (Off: nothing is collected);
    /// configKeys: every key of the server's configuration, to name a LABMOCK_ variable's key.
    UndeclaredVariables(Settings::Undeclared mode, std::vector<std::string> configKeys);

    Settings::Undeclared mode() const;

    /// The undeclared variables of the environment now, sorted by name; none when Off.
    std::vector<Entry> collect(const Catalog& catalog) const;

    /// The Levenshtein distance of a and b, ASCII case ignored, or limit + 1 when it is larger.
    static std::size_t editDistance(const std::string& a, const std::string& b, std::size_t limit);

private:
    std::string configKeyOf(const std::string& name) const;

    Settings::Undeclared _mode;
    std::vector<std::string> _configKeys;
};

} // namespace labmock

#endif // LABMOCK_UNDECLAREDVARIABLES_INCLUDED
