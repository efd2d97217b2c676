//
// ApiDocument.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ApiDocument.h"

#include "BuildInfo.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace labmock
{

namespace
{

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr orderedObject()
{
    return new Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

Object::Ptr variableObject(const Variable& variable, const Resolution& resolution, const Disclosure& disclosure,
                           bool namesOnly = false)
{
    using Kind = Disclosure::Shown::Kind;
    Disclosure::Shown shown;
    shown.kind = Kind::Hidden;
    if (!namesOnly)
        shown = disclosure.show(variable, resolution);
    Object::Ptr object = orderedObject();
    object->set("name", variable.name);
    object->set("state", Resolution::stateName(resolution.state));
    object->set("value", shown.kind == Kind::Value ? Poco::Dynamic::Var(shown.text) : Poco::Dynamic::Var());
    object->set("source", Resolution::sourceName(resolution.source));
    if (!resolution.path.empty())
        object->set("path", Disclosure::printable(resolution.path));
    object->set("secret", disclosure.isSecret(variable));
    object->set("required", variable.required);
    if (shown.kind == Kind::Masked)
    {
        object->set("masked", true);
        object->set("length", shown.length);
        object->set("fingerprint", shown.fingerprint);
    }
    if (shown.escaped)
        object->set("escaped", true);
    if (shown.kind == Kind::Problem)
        object->set("reason", Disclosure::printable(resolution.reason));
    if (!resolution.warning.empty())
        object->set("warning", resolution.warning);
    return object;
}

/// Where the uptime goes: a string, as a JSON text, replaced by a number when served.
const std::string& uptimeMarker()
{
    static const std::string marker = []
    {
        std::ostringstream out;
        Poco::JSON::Stringifier::formatString(UptimeText::MARKER, out,
                                              Poco::JSON_WRAP_STRINGS | Poco::JSON_ESCAPE_UNICODE);
        return out.str();
    }();
    return marker;
}

std::string uptimeSeconds(Poco::Timespan uptime)
{
    return std::to_string(uptime.totalSeconds());
}

Array::Ptr undeclaredArray(const Snapshot& snapshot, const Disclosure& disclosure)
{
    const bool namesOnly = snapshot.undeclaredRules()->mode() == Settings::Undeclared::Names;
    Array::Ptr undeclared = new Array;
    for (const auto& entry : snapshot.undeclared())
    {
        Object::Ptr object =
            variableObject(Variable{entry.name, false, false}, entry.resolution, disclosure, namesOnly);
        object->remove("required");
        if (entry.name.rfind("LABMOCK_", 0) == 0)
            object->set("configKey",
                        entry.configKey.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(entry.configKey));
        if (!entry.suggestion.empty())
            object->set("didYouMean", entry.suggestion);
        undeclared->add(object);
    }
    return undeclared;
}

/// The "probe" object of a group: state, reason, when and how long, what it learned.
Object::Ptr probeObject(const std::string& group, const ProbeResults* probes, const Poco::Timestamp& now)
{
    Object::Ptr object = orderedObject();
    if (!probes)
    {
        object->set("state", ProbeStatus::stateName(ProbeStatus::State::NotProbed));
        object->set("reason", "probes.enabled=false");
        return object;
    }
    const ProbeStatus& status = probes->of(group);
    object->set("state", ProbeStatus::stateName(status.state));
    object->set("reason", status.reason);
    if (status.state == ProbeStatus::State::Ok || status.state == ProbeStatus::State::Failed)
    {
        object->set("checkedAt",
                    Poco::DateTimeFormatter::format(status.checkedAt, Poco::DateTimeFormat::ISO8601_FRAC_FORMAT));
        object->set("ageSeconds", status.ageSeconds(now));
        object->set("durationSeconds", status.durationSeconds);
        Object::Ptr details = orderedObject();
        for (const auto& [name, value] : status.details)
            details->set(name, value);
        object->set("details", details);
    }
    if (status.state != ProbeStatus::State::NotProbed)
        object->set("running", status.running);
    return object;
}

} // namespace

std::string ApiDocument::render(const Snapshot& snapshot, const Disclosure& disclosure, const ProbeResults* probes)
{
    return *renderLive(snapshot, disclosure, probes).at();
}

UptimeText ApiDocument::renderLive(const Snapshot& snapshot, const Disclosure& disclosure, const ProbeResults* probes)
{
    const Snapshot::Counts& counts = snapshot.counts();
    const Catalog& catalog = snapshot.catalog();

    Object::Ptr summary = orderedObject();
    summary->set("variables", counts.variables);
    summary->set("set", counts.set);
    summary->set("missing", counts.missing);
    summary->set("unreadable", counts.unreadable);
    summary->set("requiredMissing", counts.requiredMissing);

    const Poco::Timestamp now;
    Array::Ptr groups = new Array;
    for (std::size_t g = 0; g < catalog.groups().size(); ++g)
    {
        const Catalog::Entry& entry = catalog.groups()[g];
        Object::Ptr group = orderedObject();
        group->set("name", entry.group.name);
        group->set("description", Disclosure::printable(entry.group.description));
        group->set("plugin", entry.plugin);
        Array::Ptr variables = new Array;
        for (std::size_t v = 0; v < entry.group.variables.size(); ++v)
            variables->add(variableObject(entry.group.variables[v], snapshot.values()[g][v], disclosure));
        group->set("variables", variables);
        group->set("probe", probeObject(entry.group.name, probes, now));
        groups->add(group);
    }

    Array::Ptr errors = new Array;
    for (const auto& error : catalog.errors())
    {
        Object::Ptr object = orderedObject();
        object->set("plugin", error.plugin);
        object->set("path", Disclosure::printable(error.path));
        object->set("message", Disclosure::printable(error.message));
        errors->add(object);
    }

    Object::Ptr document = orderedObject();
    document->set("service", "lab-mock-server");
    document->set("version", BuildInfo::VERSION);
    document->set("reveal", Settings::revealName(disclosure.reveal()));
    const Poco::Timestamp readAt = snapshot.takenAt();
    Object::Ptr instance = snapshot.instance().toJson(&readAt);
    instance->set("uptimeSeconds", std::string(UptimeText::MARKER));
    document->set("instance", instance);
    document->set("summary", summary);
    document->set("groups", groups);
    if (snapshot.undeclaredRules())
        document->set("undeclared", undeclaredArray(snapshot, disclosure));
    document->set("errors", errors);

    std::ostringstream out;
    // JSON_ESCAPE_UNICODE makes the document pure ASCII (valid UTF-8 whatever a value holds)
    // and escapes '/', so "</script>" cannot appear if it is ever embedded in HTML.
    Poco::JSON::Stringifier::stringify(document, out, 2, -1, Poco::JSON_PRESERVE_KEY_ORDER | Poco::JSON_ESCAPE_UNICODE);
    out << '\n';
    // The marker is the first string of its kind: what precedes it is the server's own text
    // and printable instance facts, in which no control byte survives.
    return UptimeText(out.str(), uptimeMarker(), snapshot.instance().startTime(), &uptimeSeconds);
}

} // namespace labmock
