//
// ApiDocument.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ApiDocument.h"

#include "BuildInfo.h"

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

} // namespace

std::string ApiDocument::render(const Snapshot& snapshot, const Disclosure& disclosure)
{
    return *renderLive(snapshot, disclosure).at();
}

UptimeText ApiDocument::renderLive(const Snapshot& snapshot, const Disclosure& disclosure)
{
    const Snapshot::Counts& counts = snapshot.counts();
    const Catalog& catalog = snapshot.catalog();

    Object::Ptr summary = orderedObject();
    summary->set("variables", counts.variables);
    summary->set("set", counts.set);
    summary->set("missing", counts.missing);
    summary->set("unreadable", counts.unreadable);
    summary->set("requiredMissing", counts.requiredMissing);

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
