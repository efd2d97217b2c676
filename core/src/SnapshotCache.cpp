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
                             Snapshot::Context context)
    : _resolver(std::move(resolver)), _disclosure(std::move(disclosure)), _basePath(std::move(basePath)),
      _readinessRequireAll(readinessRequireAll), _context(std::move(context)), _views(build(std::move(catalog)))
{
}

std::shared_ptr<const SnapshotCache::Views> SnapshotCache::current()
{
    std::shared_ptr<const Views> views = std::atomic_load(&_views);
    if (views->snapshot->isCurrent())
        return views;
    // One request rebuilds; those arriving meanwhile answer from the views they have.
    const std::unique_lock<std::mutex> lock(_rebuild, std::try_to_lock);
    if (!lock)
        return views;
    std::shared_ptr<const Views> latest = std::atomic_load(&_views);
    if (latest != views && latest->snapshot->isCurrent())
        return latest; // another request rebuilt it meanwhile
    latest = build(latest->snapshot->sharedCatalog());
    std::atomic_store(&_views, latest);
    return latest;
}

void SnapshotCache::setCatalog(std::shared_ptr<const Catalog> catalog)
{
    const std::lock_guard<std::mutex> lock(_rebuild);
    std::atomic_store(&_views, build(std::move(catalog)));
}

std::shared_ptr<const SnapshotCache::Views> SnapshotCache::build(std::shared_ptr<const Catalog> catalog) const
{
    auto views = std::make_shared<Views>();
    views->snapshot = Snapshot::take(std::move(catalog), _resolver, _context);
    views->readiness = ReadinessReport::evaluate(*views->snapshot, _readinessRequireAll);
    views->page = HtmlPage::renderLive(*views->snapshot, _disclosure, _basePath);
    views->json = ApiDocument::renderLive(*views->snapshot, _disclosure);
    views->metrics = MetricsText::render(*views->snapshot, views->readiness.ready());
    return views;
}

} // namespace labmock
