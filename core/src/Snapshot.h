//
// Snapshot.h
//
// Every variable of the catalog with its resolved value, at one moment.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_SNAPSHOT_INCLUDED
#define LABMOCK_SNAPSHOT_INCLUDED

#include "Catalog.h"
#include "FileStamp.h"
#include "InstanceInfo.h"
#include "Resolution.h"
#include "UndeclaredVariables.h"
#include "ValueResolver.h"

#include <Poco/Timestamp.h>

#include <cstddef>
#include <memory>
#include <vector>

namespace labmock
{

/// The catalog crossed with the value sources: one Resolution per variable, in catalog
/// order, plus the stamps of the files it read so a later request can tell cheaply
/// whether it is still true. Immutable; shared between threads.
class Snapshot
{
public:
    struct Counts
    {
        std::size_t variables = 0;
        std::size_t set = 0;
        std::size_t missing = 0;
        std::size_t unreadable = 0;      ///< unreadable or too large
        std::size_t requiredMissing = 0; ///< required and not set
    };

    /// What a snapshot shows beside the catalog's variables.
    struct Context
    {
        /// The instance that answers; null: InstanceInfo::detect() of this process.
        std::shared_ptr<const InstanceInfo> instance;
        /// Collects the variables no group declares; null: none are collected.
        std::shared_ptr<const UndeclaredVariables> undeclared;
    };

    /// Resolves every variable of catalog now.
    static std::shared_ptr<const Snapshot> take(std::shared_ptr<const Catalog> catalog, const ValueResolver& resolver,
                                                const Context& context = {});

    const Catalog& catalog() const;
    std::shared_ptr<const Catalog> sharedCatalog() const;
    /// values()[g][v] belongs to catalog().groups()[g].group.variables[v].
    const std::vector<std::vector<Resolution>>& values() const;
    const Counts& counts() const;

    /// When the values were read.
    Poco::Timestamp takenAt() const;
    const InstanceInfo& instance() const;
    /// The rules the undeclared variables were collected by; null when they were not.
    const UndeclaredVariables* undeclaredRules() const;
    /// The environment variables no group declares, by name (empty unless collected).
    const std::vector<UndeclaredVariables::Entry>& undeclared() const;

    /// True while no file or directory it read from has changed. Environment variables
    /// cannot change under a running process, so they are not checked.
    bool isCurrent() const;

private:
    Snapshot() = default;

    std::shared_ptr<const Catalog> _catalog;
    std::vector<std::vector<Resolution>> _values;
    std::vector<FileStamp> _watched;
    Counts _counts;
    Poco::Timestamp _takenAt;
    std::shared_ptr<const InstanceInfo> _instance;
    std::shared_ptr<const UndeclaredVariables> _undeclaredRules;
    std::vector<UndeclaredVariables::Entry> _undeclared;
};

} // namespace labmock

#endif // LABMOCK_SNAPSHOT_INCLUDED
