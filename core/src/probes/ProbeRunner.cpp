//
// ProbeRunner.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "probes/ProbeRunner.h"

#include "PluginCall.h"

#include "probes/SecretScrubber.h"

#include <labmock/GroupProber.h>

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/NumberFormatter.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace labmock
{

namespace
{

using Clock = std::chrono::steady_clock;

/// How long past its deadline a probe may take before the runner records it as failed.
constexpr auto GRACE = std::chrono::seconds(1);
/// How often the scheduler looks for changed values, new groups and overdue probes.
constexpr auto TICK = std::chrono::seconds(1);

/// What one group needs, decided outside the lock (plugin code may be slow).
struct Plan
{
    std::string group;
    std::string notProbed; ///< why not; empty when it is probed
    std::shared_ptr<GroupProber> prober;
    std::map<std::string, std::string> values;
    std::vector<std::string> secrets;
    std::size_t valuesHash = 0;
};

struct Slot
{
    ProbeStatus status;
    bool running = false;
    bool overdue = false; ///< the running probe passed its deadline and was recorded as failed
    bool started = false; ///< a probe was started at least once
    std::uint64_t run = 0;
    Clock::time_point startedAt;
    Clock::time_point deadline;
    std::size_t valuesHash = 0;
};

std::string seconds(std::chrono::milliseconds duration)
{
    return Poco::NumberFormatter::format(static_cast<double>(duration.count()) / 1000.0) + " s";
}

} // namespace

struct ProbeRunner::Shared
{
    Shared(SnapshotSource source, Disclosure disclosure, std::chrono::milliseconds interval,
           std::chrono::milliseconds timeout, PluginSwitch pluginSwitch)
        : source(std::move(source)), disclosure(std::move(disclosure)), interval(interval), timeout(timeout),
          pluginSwitch(std::move(pluginSwitch)), results(std::make_shared<const ProbeResults>()),
          log(Poco::Logger::get("probes"))
    {
    }

    const SnapshotSource source;
    const Disclosure disclosure;
    const std::chrono::milliseconds interval;
    const std::chrono::milliseconds timeout;
    const PluginSwitch pluginSwitch;

    std::mutex mutex;
    std::condition_variable changed;
    std::map<std::string, Slot> slots; // the current catalog's groups
    std::size_t running = 0;           // probe threads not yet returned, of any group
    std::uint64_t runs = 0;
    bool stopping = false;
    bool forced = false;
    std::thread scheduler;

    std::shared_ptr<const ProbeResults> results; // std::atomic_load / atomic_store
    std::atomic<std::uint64_t> generation{0};
    Poco::Logger& log;

    /// The plan for every group of the current snapshot.
    std::vector<Plan> plan() const;
    /// Applies plans under the lock: new and removed groups, not-probed reasons, launches.
    void apply(const std::shared_ptr<Shared>& self, std::vector<Plan> plans, bool force);
    /// Records probes past deadline + GRACE as failed; under the lock. True when one was.
    bool expire(Clock::time_point now);
    /// The earliest moment expire() has something to do; under the lock.
    Clock::time_point nextExpiry() const;
    /// Publishes the slots as results(); under the lock.
    void publish();
    void launch(const std::shared_ptr<Shared>& self, Slot& slot, Plan& plan);
    void finished(const std::string& group, std::uint64_t run, ProbeStatus status);
    void schedule(const std::shared_ptr<Shared>& self);
};

std::vector<Plan> ProbeRunner::Shared::plan() const
{
    const std::shared_ptr<const Snapshot> snapshot = source();
    std::vector<Plan> plans;
    const Catalog& catalog = snapshot->catalog();
    for (std::size_t g = 0; g < catalog.groups().size(); ++g)
    {
        const Catalog::Entry& entry = catalog.groups()[g];
        Plan plan;
        plan.group = entry.group.name;
        std::string message;
        bool on = true;
        bool can = true;
        if (!entry.prober)
            plan.notProbed = "its plugin (" + entry.plugin + ") has no probe";
        else if (!PluginCall::guarded([&] { on = pluginSwitch(entry.plugin); }, message))
            plan.notProbed = message;
        else if (!on)
            plan.notProbed = "plugins." + entry.plugin + ".probe=false";
        else if (!PluginCall::guarded([&] { can = entry.prober->canProbe(entry.group.name); }, message))
            plan.notProbed = "canProbe() failed: " + message;
        else if (!can)
            plan.notProbed = "no probe declared for this group";
        if (plan.notProbed.empty())
        {
            plan.prober = entry.prober;
            std::string joined;
            for (std::size_t v = 0; v < entry.group.variables.size(); ++v)
            {
                const Variable& variable = entry.group.variables[v];
                const Resolution& resolution = snapshot->values()[g][v];
                if (resolution.state != Resolution::State::Set)
                    continue;
                plan.values.emplace(variable.name, resolution.value);
                if (disclosure.isSecret(variable))
                    plan.secrets.push_back(resolution.value);
                joined += variable.name + '=' + resolution.value + '\0';
            }
            plan.valuesHash = std::hash<std::string>()(joined);
        }
        plans.push_back(std::move(plan));
    }
    return plans;
}

void ProbeRunner::Shared::apply(const std::shared_ptr<Shared>& self, std::vector<Plan> plans, bool force)
{
    const Clock::time_point now = Clock::now();
    std::map<std::string, Slot> kept;
    for (auto& plan : plans)
    {
        Slot slot;
        const auto found = slots.find(plan.group);
        if (found != slots.end())
            slot = found->second;
        if (!plan.notProbed.empty())
        {
            slot.status = ProbeStatus{ProbeStatus::State::NotProbed, plan.notProbed, {}, 0, Poco::Timestamp(0), false};
        }
        else
        {
            if (slot.status.state == ProbeStatus::State::NotProbed)
                slot.status = ProbeStatus{
                    ProbeStatus::State::Pending, "waiting for the first probe", {}, 0, Poco::Timestamp(0), false};
            const bool due =
                force || !slot.started || now - slot.startedAt >= interval || plan.valuesHash != slot.valuesHash;
            if (due && !slot.running && !stopping)
                launch(self, slot, plan);
        }
        kept[plan.group] = std::move(slot);
    }
    slots = std::move(kept); // a removed group's running probe reports to nobody
    publish();
}

void ProbeRunner::Shared::launch(const std::shared_ptr<Shared>& self, Slot& slot, Plan& plan)
{
    slot.running = true;
    slot.overdue = false;
    slot.started = true;
    slot.startedAt = Clock::now();
    slot.deadline = slot.startedAt + timeout;
    slot.valuesHash = plan.valuesHash;
    slot.run = ++runs;
    ++running;
    std::thread(
        [self, group = plan.group, run = slot.run, prober = std::move(plan.prober), values = std::move(plan.values),
         secrets = std::move(plan.secrets), deadline = slot.deadline, startedAt = slot.startedAt]() mutable
        {
            ProbeResult result;
            std::string message;
            const bool returned =
                PluginCall::guarded([&] { result = prober->probe(group, values, deadline); }, message);
            const auto took = Clock::now() - startedAt;
            prober.reset(); // a provider dropped by a reload is destroyed here, before the runner hears of it
            const SecretScrubber scrubber(std::move(secrets), self->disclosure);
            ProbeStatus status;
            status.state = returned && result.ok ? ProbeStatus::State::Ok : ProbeStatus::State::Failed;
            if (!returned)
                status.reason = "the probe threw: " + message;
            else if (result.reason.empty())
                status.reason = result.ok ? "ok" : "failed (no reason given)";
            else
                status.reason = result.reason;
            status.reason = scrubber.clean(status.reason);
            for (const auto& [name, value] : result.details)
                status.details.emplace_back(scrubber.clean(name), scrubber.clean(value));
            status.durationSeconds = std::chrono::duration<double>(took).count();
            status.checkedAt = Poco::Timestamp();
            self->finished(group, run, std::move(status));
        })
        .detach();
}

void ProbeRunner::Shared::finished(const std::string& group, std::uint64_t run, ProbeStatus status)
{
    std::lock_guard<std::mutex> lock(mutex);
    --running;
    const auto found = slots.find(group);
    if (found != slots.end() && found->second.run == run)
    {
        Slot& slot = found->second;
        slot.running = false;
        if (!slot.overdue) // an answer after the deadline does not undo the failure recorded then
        {
            const bool changedState = slot.status.state != status.state;
            slot.status = std::move(status);
            publish(); // before the log line: who reads the line finds the result published
            if (changedState || slot.status.state == ProbeStatus::State::Failed)
            {
                const std::string line = "probe of group \"" + Disclosure::printable(group) + "\": "
                                         + ProbeStatus::stateName(slot.status.state) + ": " + slot.status.reason;
                if (slot.status.state == ProbeStatus::State::Ok)
                    log.information(line);
                else if (changedState)
                    log.warning(line);
                else
                    log.debug(line);
            }
        }
        else
        {
            publish(); // running is over
        }
    }
    changed.notify_all();
}

bool ProbeRunner::Shared::expire(Clock::time_point now)
{
    bool any = false;
    std::vector<std::string> newlyFailed;
    for (auto& [group, slot] : slots)
    {
        if (!slot.running || slot.overdue || now < slot.deadline + GRACE)
            continue;
        slot.overdue = true;
        any = true;
        if (slot.status.state != ProbeStatus::State::Failed)
            newlyFailed.push_back(group);
        slot.status = ProbeStatus{ProbeStatus::State::Failed,
                                  "no answer within probes.timeout (" + seconds(timeout) + ")",
                                  {},
                                  std::chrono::duration<double>(now - slot.startedAt).count(),
                                  Poco::Timestamp(),
                                  true};
    }
    if (!any)
        return false;
    publish(); // before the log lines: who reads one finds the result published
    for (const auto& group : newlyFailed)
        log.warning("probe of group \"" + Disclosure::printable(group) + "\": failed: " + slots[group].status.reason);
    return true;
}

Clock::time_point ProbeRunner::Shared::nextExpiry() const
{
    Clock::time_point next = Clock::time_point::max();
    for (const auto& entry : slots)
    {
        if (entry.second.running && !entry.second.overdue)
            next = std::min(next, entry.second.deadline + GRACE);
    }
    return next;
}

void ProbeRunner::Shared::publish()
{
    auto published = std::make_shared<ProbeResults>();
    for (const auto& [group, slot] : slots)
    {
        ProbeStatus status = slot.status;
        status.running = slot.running;
        published->groups.emplace(group, std::move(status));
    }
    std::atomic_store(&results, std::shared_ptr<const ProbeResults>(std::move(published)));
    ++generation;
}

void ProbeRunner::Shared::schedule(const std::shared_ptr<Shared>& self)
{
    std::unique_lock<std::mutex> lock(mutex);
    while (!stopping)
    {
        const bool force = forced;
        forced = false;
        lock.unlock();
        std::vector<Plan> plans;
        std::string message;
        if (!PluginCall::guarded([&] { plans = plan(); }, message))
            log.error("probes: cannot read the groups: " + message);
        lock.lock();
        if (message.empty())
            apply(self, std::move(plans), force);
        expire(Clock::now());
        const Clock::time_point wake = std::min(Clock::now() + TICK, nextExpiry());
        changed.wait_until(lock, wake, [this] { return stopping || forced; });
    }
}

ProbeRunner::ProbeRunner(SnapshotSource source, Disclosure disclosure, std::chrono::milliseconds interval,
                         std::chrono::milliseconds timeout, PluginSwitch pluginSwitch)
    : _shared(
        std::make_shared<Shared>(std::move(source), std::move(disclosure), interval, timeout, std::move(pluginSwitch)))
{
}

ProbeRunner::~ProbeRunner()
{
    stop(Clock::now());
}

void ProbeRunner::start()
{
    // The first round starts here, so every group has a status (pending or not probed)
    // before the server says it is listening.
    std::vector<Plan> plans = _shared->plan();
    std::lock_guard<std::mutex> lock(_shared->mutex);
    if (_shared->scheduler.joinable() || _shared->stopping)
        return;
    _shared->apply(_shared, std::move(plans), false);
    _shared->scheduler = std::thread([shared = _shared] { shared->schedule(shared); });
}

bool ProbeRunner::stop(std::chrono::steady_clock::time_point deadline)
{
    std::unique_lock<std::mutex> lock(_shared->mutex);
    _shared->stopping = true;
    _shared->changed.notify_all();
    if (_shared->scheduler.joinable())
    {
        std::thread scheduler = std::move(_shared->scheduler);
        lock.unlock();
        scheduler.join();
        lock.lock();
    }
    return _shared->changed.wait_until(lock, deadline, [this] { return _shared->running == 0; });
}

void ProbeRunner::runNow()
{
    std::lock_guard<std::mutex> lock(_shared->mutex);
    _shared->forced = true;
    _shared->changed.notify_all();
}

bool ProbeRunner::runAndWait()
{
    std::vector<Plan> plans = _shared->plan();
    std::unique_lock<std::mutex> lock(_shared->mutex);
    _shared->apply(_shared, std::move(plans), true);
    while (true)
    {
        _shared->expire(Clock::now());
        const Clock::time_point next = _shared->nextExpiry();
        if (next == Clock::time_point::max())
            break; // every probe returned or was given up
        _shared->changed.wait_until(lock, next);
    }
    return _shared->running == 0;
}

std::shared_ptr<const ProbeResults> ProbeRunner::results() const
{
    return std::atomic_load(&_shared->results);
}

std::uint64_t ProbeRunner::generation() const
{
    return _shared->generation.load();
}

} // namespace labmock
