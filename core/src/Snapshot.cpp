//
// Snapshot.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Snapshot.h"

#include <algorithm>

namespace labmock
{

std::shared_ptr<const Snapshot> Snapshot::take(std::shared_ptr<const Catalog> catalog, const ValueResolver& resolver,
                                               const Context& context)
{
    std::shared_ptr<Snapshot> snapshot(new Snapshot);
    snapshot->_instance = context.instance;
    if (!snapshot->_instance)
    {
        static const auto detected = std::make_shared<const InstanceInfo>(InstanceInfo::detect());
        snapshot->_instance = detected;
    }
    std::vector<FileStamp> watched;
    for (const auto& entry : catalog->groups())
    {
        std::vector<Resolution> values;
        values.reserve(entry.group.variables.size());
        for (const auto& variable : entry.group.variables)
        {
            values.push_back(resolver.resolve(variable.name, watched));
            Counts& counts = snapshot->_counts;
            ++counts.variables;
            switch (values.back().state)
            {
            case Resolution::State::Set:
                ++counts.set;
                break;
            case Resolution::State::Missing:
                ++counts.missing;
                break;
            case Resolution::State::Unreadable:
            case Resolution::State::TooLarge:
                ++counts.unreadable;
                break;
            }
            if (variable.required && values.back().state != Resolution::State::Set)
                ++counts.requiredMissing;
        }
        snapshot->_values.push_back(std::move(values));
    }
    // Many variables share a secrets directory: check each path once.
    std::stable_sort(watched.begin(), watched.end(),
                     [](const FileStamp& a, const FileStamp& b) { return a.path < b.path; });
    watched.erase(std::unique(watched.begin(), watched.end(),
                              [](const FileStamp& a, const FileStamp& b) { return a.path == b.path; }),
                  watched.end());
    snapshot->_watched = std::move(watched);
    if (context.undeclared && context.undeclared->mode() != Settings::Undeclared::Off)
    {
        snapshot->_undeclaredRules = context.undeclared;
        snapshot->_undeclared = context.undeclared->collect(*catalog);
    }
    snapshot->_catalog = std::move(catalog);
    return snapshot;
}

const Catalog& Snapshot::catalog() const
{
    return *_catalog;
}

std::shared_ptr<const Catalog> Snapshot::sharedCatalog() const
{
    return _catalog;
}

const std::vector<std::vector<Resolution>>& Snapshot::values() const
{
    return _values;
}

const Snapshot::Counts& Snapshot::counts() const
{
    return _counts;
}

Poco::Timestamp Snapshot::takenAt() const
{
    return _takenAt;
}

const InstanceInfo& Snapshot::instance() const
{
    return *_instance;
}

const UndeclaredVariables* Snapshot::undeclaredRules() const
{
    return _undeclaredRules.get();
}

const std::vector<UndeclaredVariables::Entry>& Snapshot::undeclared() const
{
    return _undeclared;
}

bool Snapshot::isCurrent() const
{
    return std::all_of(_watched.begin(), _watched.end(), [](const FileStamp& stamp) { return stamp.isCurrent(); });
}

} // namespace labmock
