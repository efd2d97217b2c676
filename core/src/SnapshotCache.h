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
#include "probes/ProbeRunner.h"

#include <ctime>
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
        std::shared_ptr<const ProbeResults> probes; ///< null when probes are off
        std::uint64_t probeGeneration = 0;
        std::time_t renderedAt = 0; ///< the second the views were rendered in (probe ages)
    };

    /// With probes (probes.enabled=true; it must outlive the cache), the views show its
    /// results and are rendered again when they change, and once a second for their age.
    SnapshotCache(ValueResolver resolver, Disclosure disclosure, std::string basePath, bool readinessRequireAll,
                  std::shared_ptr<const Catalog> catalog, Snapshot::Context context = {},
                  const ProbeRunner* probes = nullptr, bool readinessRequireProbes = false);

    /// The views of the current snapshot, rebuilt first when a watched file changed.
    std::shared_ptr<const Views> current();

    /// The current snapshot without rendering views for it when only probe results changed
    /// (the probe runner reads it every second and must not race requests for the rebuild).
    std::shared_ptr<const Snapshot> snapshot();

    /// Replaces the catalog (reload) and rebuilds at once.
    void setCatalog(std::shared_ptr<const Catalog> catalog);

private:
    std::shared_ptr<const Views> build(std::shared_ptr<const Catalog> catalog) const;
    /// Renders the views of snapshot with the current probe results.
    std::shared_ptr<const Views> render(std::shared_ptr<const Snapshot> snapshot) const;
    /// Whether views show the current probe results at the current second.
    bool probesCurrent(const Views& views) const;

    const ValueResolver _resolver;
    const Disclosure _disclosure;
    const std::string _basePath;
    const bool _readinessRequireAll;
    const Snapshot::Context _context;
    const ProbeRunner* const _probes;
    const bool _readinessRequireProbes;
    std::mutex _rebuild;                 // one rebuild at a time; readers never wait on it
    std::shared_ptr<const Views> _views; // read and written with std::atomic_load/atomic_store
};

} // namespace labmock

#endif // LABMOCK_SNAPSHOTCACHE_INCLUDED
