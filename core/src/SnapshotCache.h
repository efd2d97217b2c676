//
// SnapshotCache.h
//
// The current snapshot and everything rendered from it, rebuilt only when it changed.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_SNAPSHOTCACHE_INCLUDED
#define LABMOCK_SNAPSHOTCACHE_INCLUDED

#include "Catalog.h"
#include "Disclosure.h"
#include "ReadinessReport.h"
#include "Snapshot.h"
#include "UptimeText.h"
#include "ValueResolver.h"

#include <memory>
#include <mutex>
#include <string>

namespace labmock
{

/// Serves every request from one immutable set of rendered views. A request only checks
/// that the files the snapshot read are unchanged (a stat per file or directory); when
/// one changed, or the catalog was replaced (reload), the first request to notice rebuilds
/// under a lock while the others keep answering. Thread-safe.
class SnapshotCache
{
public:
    /// Everything served from one snapshot.
    struct Views
    {
        std::shared_ptr<const Snapshot> snapshot;
        ReadinessReport readiness;
        UptimeText page; ///< the HTML page
        UptimeText json; ///< the /api/groups document
        std::string metrics;
    };

    SnapshotCache(ValueResolver resolver, Disclosure disclosure, std::string basePath, bool readinessRequireAll,
                  std::shared_ptr<const Catalog> catalog, Snapshot::Context context = {});

    /// The views of the current snapshot, rebuilt first when a watched file changed.
    std::shared_ptr<const Views> current();

    /// Replaces the catalog (reload) and rebuilds at once.
    void setCatalog(std::shared_ptr<const Catalog> catalog);

private:
    std::shared_ptr<const Views> build(std::shared_ptr<const Catalog> catalog) const;

    const ValueResolver _resolver;
    const Disclosure _disclosure;
    const std::string _basePath;
    const bool _readinessRequireAll;
    const Snapshot::Context _context;
    std::mutex _rebuild;                 // one rebuild at a time; readers never wait on it
    std::shared_ptr<const Views> _views; // read and written with std::atomic_load/atomic_store
};

} // namespace labmock

#endif // LABMOCK_SNAPSHOTCACHE_INCLUDED
