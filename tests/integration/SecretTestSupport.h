//
// SecretTestSupport.h
//
// Reading what the server answered about secrets: JSON variables, page rows, report lines.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_TEST_SECRETTESTSUPPORT_INCLUDED
#define LABMOCK_TEST_SECRETTESTSUPPORT_INCLUDED

#include "ServerProcess.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>
#include <Poco/TextIterator.h>
#include <Poco/UTF8Encoding.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

namespace labmock::test
{

/// The mask the server shows in place of a secret (six U+2022 bullets).
inline const std::string SECRET_MASK = "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2";

/// Parses a JSON document whose root is an object; throws on anything else.
inline Poco::JSON::Object::Ptr parseJsonObject(const std::string& text)
{
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

/// The object of variable name in an /api/groups document; null when absent.
inline Poco::JSON::Object::Ptr findVariable(const Poco::JSON::Object::Ptr& document, const std::string& name)
{
    const Poco::JSON::Array::Ptr groups = document->getArray("groups");
    for (std::size_t g = 0; groups && g < groups->size(); ++g)
    {
        const Poco::JSON::Array::Ptr variables = groups->getObject(static_cast<unsigned>(g))->getArray("variables");
        for (std::size_t v = 0; variables && v < variables->size(); ++v)
        {
            Poco::JSON::Object::Ptr variable = variables->getObject(static_cast<unsigned>(v));
            if (variable->getValue<std::string>("name") == name)
                return variable;
        }
    }
    return nullptr;
}

/// A string member of a JSON object, "<null>" when null, "<absent>" when not there.
inline std::string member(const Poco::JSON::Object::Ptr& object, const std::string& key)
{
    if (!object || !object->has(key))
        return "<absent>";
    if (object->isNull(key))
        return "<null>";
    return object->get(key).convert<std::string>();
}

/// The table row of variable name on the HTML page ("<tr … data-name="NAME">…</tr>"), without
/// the line-break opportunities (<wbr>) in its names and paths; "" when absent.
inline std::string pageRow(const std::string& page, const std::string& name)
{
    const std::size_t mark = page.find(" data-name=\"" + name + "\">");
    if (mark == std::string::npos)
        return "";
    const std::size_t start = page.rfind("<tr", mark);
    const std::size_t end = page.find("</tr>", mark);
    std::string row = page.substr(start, end == std::string::npos ? std::string::npos : end + 5 - start);
    for (std::size_t at = row.find("<wbr>"); at != std::string::npos; at = row.find("<wbr>", at))
        row.erase(at, 5);
    return row;
}

/// The cells after the name cell of a page row: "<td class="value…">…</td><td class="source">…</td>".
inline std::string valueAndSource(const std::string& row)
{
    const std::size_t start = row.find("<td class=\"value");
    const std::size_t end = row.rfind("</tr>");
    return start == std::string::npos || end == std::string::npos ? "<no value cell>" : row.substr(start, end - start);
}

/// The document of /api/groups or --check --format=json without its instance block, whose
/// uptime and read time differ from one process or request to the next.
inline std::string withoutInstance(const std::string& json)
{
    const std::size_t start = json.find("\"instance\": {");
    if (start == std::string::npos)
        return json;
    const std::size_t end = json.find('}', start);
    return json.substr(0, start) + json.substr(json.find('"', end));
}

/// The line of a --check text report that names variable name; "" when absent.
inline std::string reportLine(const std::string& report, const std::string& name)
{
    std::size_t start = 0;
    while (start < report.size())
    {
        std::size_t end = report.find('\n', start);
        if (end == std::string::npos)
            end = report.size();
        const std::string line = report.substr(start, end - start);
        if (line.find("  " + name + "  ") != std::string::npos
            || (line.size() >= name.size() + 2
                && line.compare(line.size() - name.size() - 2, std::string::npos, "  " + name) == 0))
            return line;
        start = end + 1;
    }
    return "";
}

/// True when text is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF),
/// by POCO's decoder: an oracle independent of the server's own.
inline bool isValidUtf8(const std::string& text)
{
    Poco::UTF8Encoding utf8;
    for (Poco::TextIterator it(text, utf8), end(text); it != end; ++it)
    {
        if (*it < 0)
            return false;
    }
    return true;
}

/// "sha256:" and the first 12 hex digits that coreutils' sha256sum prints for exactly the
/// bytes of value — what `printf %s VALUE | sha256sum` gives, without a shell quoting them.
inline std::string sha256sumFingerprint(const std::string& value)
{
    char path[] = "/tmp/labmock-fingerprint-XXXXXX";
    const int fd = ::mkstemp(path);
    if (fd < 0)
        throw std::runtime_error(std::string("mkstemp: ") + std::strerror(errno));
    const bool written = ::write(fd, value.data(), value.size()) == static_cast<ssize_t>(value.size());
    ::close(fd);
    std::string output;
    if (written)
    {
        if (FILE* pipe = ::popen((std::string("sha256sum < ") + path).c_str(), "r"))
        {
            char buffer[256];
            std::size_t n = 0;
            while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
                output.append(buffer, n);
            ::pclose(pipe);
        }
    }
    ::unlink(path);
    if (output.size() < 64)
        throw std::runtime_error("sha256sum printed \"" + output + "\"");
    return "sha256:" + output.substr(0, 12);
}

/// Every header of an answer as "Name: value" lines, to search them all at once.
inline std::string headerText(const HttpResult& result)
{
    std::string text;
    for (const auto& [name, value] : result.headers)
        text += name + ": " + value + "\n";
    return text;
}

/// All values of header name (case-insensitive), in order.
inline std::vector<std::string> headerValues(const HttpResult& result, const std::string& name)
{
    std::vector<std::string> values;
    for (auto it = result.headers.find(name); it != result.headers.end() && Poco::icompare(it->first, name) == 0; ++it)
        values.push_back(it->second);
    return values;
}

} // namespace labmock::test

#endif // LABMOCK_TEST_SECRETTESTSUPPORT_INCLUDED
