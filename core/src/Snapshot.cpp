//
// Snapshot.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Snapshot.h"

#include <algorithm>

namespace labmock
{

std::shared_ptr<const Snapshot> Snapshot::take(std::shared_ptr<const Catalog> catalog, const ValueResolver& resolver)
{
    std::shared_ptr<Snapshot> snapshot(new Snapshot);
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

bool Snapshot::isCurrent() const
{
    return std::all_of(_watched.begin(), _watched.end(), [](const FileStamp& stamp) { return stamp.isCurrent(); });
}

} // namespace labmock
