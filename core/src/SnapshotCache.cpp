//
// SnapshotCache.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "SnapshotCache.h"

#include "ApiDocument.h"
#include "HtmlPage.h"
#include "MetricsText.h"

namespace labmock
{

SnapshotCache::SnapshotCache(ValueResolver resolver, Disclosure disclosure, std::string basePath,
                             bool readinessRequireAll, std::shared_ptr<const Catalog> catalog,
                             Snapshot::Context context, const ProbeRunner* probes, bool readinessRequireProbes)
    : _resolver(std::move(resolver)), _disclosure(std::move(disclosure)), _basePath(std::move(basePath)),
      _readinessRequireAll(readinessRequireAll), _context(std::move(context)), _probes(probes),
      _readinessRequireProbes(readinessRequireProbes), _views(build(std::move(catalog)))
{
}

std::shared_ptr<const SnapshotCache::Views> SnapshotCache::current()
{
    std::shared_ptr<const Views> views = std::atomic_load(&_views);
    if (views->snapshot->isCurrent() && probesCurrent(*views))
        return views;
    // One request rebuilds; those arriving meanwhile answer from the views they have.
    const std::unique_lock<std::mutex> lock(_rebuild, std::try_to_lock);
    if (!lock)
        return views;
    std::shared_ptr<const Views> latest = std::atomic_load(&_views);
    if (latest != views && latest->snapshot->isCurrent() && probesCurrent(*latest))
        return latest; // another request rebuilt it meanwhile
    // Only probe results or their age changed: the values are not read again.
    latest = latest->snapshot->isCurrent() ? render(latest->snapshot) : build(latest->snapshot->sharedCatalog());
    std::atomic_store(&_views, latest);
    return latest;
}

std::shared_ptr<const Snapshot> SnapshotCache::snapshot()
{
    const std::shared_ptr<const Views> views = std::atomic_load(&_views);
    if (views->snapshot->isCurrent())
        return views->snapshot;
    return current()->snapshot;
}

void SnapshotCache::setCatalog(std::shared_ptr<const Catalog> catalog)
{
    const std::lock_guard<std::mutex> lock(_rebuild);
    std::atomic_store(&_views, build(std::move(catalog)));
}

std::shared_ptr<const SnapshotCache::Views> SnapshotCache::build(std::shared_ptr<const Catalog> catalog) const
{
    return render(Snapshot::take(std::move(catalog), _resolver, _context));
}

bool SnapshotCache::probesCurrent(const Views& views) const
{
    return !_probes || (views.probeGeneration == _probes->generation() && views.renderedAt == std::time(nullptr));
}

std::shared_ptr<const SnapshotCache::Views> SnapshotCache::render(std::shared_ptr<const Snapshot> snapshot) const
{
    auto views = std::make_shared<Views>();
    views->snapshot = std::move(snapshot);
    if (_probes)
    {
        views->probeGeneration = _probes->generation(); // first: a newer result is then noticed next time
        views->probes = _probes->results();
        views->renderedAt = std::time(nullptr);
    }
    const ProbeResults* probes = views->probes.get();
    views->readiness =
        ReadinessReport::evaluate(*views->snapshot, _readinessRequireAll, probes, _readinessRequireProbes);
    views->page = HtmlPage::renderLive(*views->snapshot, _disclosure, _basePath, probes);
    views->json = ApiDocument::renderLive(*views->snapshot, _disclosure, probes);
    views->metrics = MetricsText::render(*views->snapshot, views->readiness.ready());
    if (probes)
        MetricsText::renderProbes(*probes, views->metrics);
    return views;
}

} // namespace labmock
