//
// Disclosure.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Disclosure.h"

#include <Poco/Ascii.h>
#include <Poco/DigestEngine.h>
#include <Poco/NumberFormatter.h>
#include <Poco/SHA2Engine.h>
#include <Poco/String.h>

#include <algorithm>
#include <functional>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

namespace labmock
{

namespace
{

/// [begin, end) of text to mask.
using Spans = std::vector<std::pair<std::size_t, std::size_t>>;
using KeyTest = std::function<bool(const std::string&)>;

bool isNameChar(char c)
{
    return Poco::Ascii::isAlphaNumeric(c) || c == '_' || c == '.' || c == '-';
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

/// Replaces each run of overlapping or adjacent spans with one mask.
std::string maskSpans(const std::string& text, Spans& spans)
{
    std::sort(spans.begin(), spans.end());
    std::string out;
    std::size_t done = 0;
    bool masking = false;
    for (const auto& [begin, end] : spans)
    {
        if (begin == end)
            continue;
        if (masking && begin <= done)
        {
            done = std::max(done, end);
            continue;
        }
        out.append(text, done, begin - done);
        out += "****";
        done = end;
        masking = true;
    }
    out.append(text, done, std::string::npos);
    return out;
}

/// The span of a value that starts at begin, without its quotes or braces. A quoted value
/// ends at its closing quote (after backslash escapes), an ODBC braced value at its closing
/// brace ("}}" is an escaped brace), any other at one of terminators; each at the line's end.
std::pair<std::size_t, std::size_t> valueSpan(const std::string& text, std::size_t begin, std::string_view terminators)
{
    const char open = begin < text.size() ? text[begin] : 0;
    const bool quoted = open == '"' || open == '\'' || open == '{';
    const char close = open == '{' ? '}' : open;
    std::size_t k = quoted ? begin + 1 : begin;
    for (; k < text.size() && text[k] != '\r' && text[k] != '\n'; ++k)
    {
        if (!quoted && terminators.find(text[k]) != std::string_view::npos)
            break;
        if (quoted && text[k] == close && !(open == '{' && k + 1 < text.size() && text[k + 1] == '}'))
            break;
        if (quoted && (text[k] == '\\' || (open == '{' && text[k] == '}')))
            ++k; // an escaped character
    }
    return {quoted ? begin + 1 : begin, std::min(k, text.size())};
}

/// scheme://user:PASSWORD@host and http(s)://TOKEN@host.
void findUrlPasswords(const std::string& text, Spans& spans)
{
    for (std::size_t scheme = text.find("://"); scheme != std::string::npos; scheme = text.find("://", scheme + 3))
    {
        const std::size_t start = scheme + 3;
        const std::size_t userEnd = text.find_first_of("/?#@: \t\r\n,;", start);
        if (userEnd == std::string::npos)
            return;
        if (text[userEnd] == '@')
        {
            // git and GitHub take a token as the user of an https URL; other schemes a user name.
            std::size_t schemeBegin = scheme;
            while (schemeBegin > 0
                   && (Poco::Ascii::isAlphaNumeric(text[schemeBegin - 1]) || text[schemeBegin - 1] == '+'))
                --schemeBegin;
            const std::string name = Poco::toLower(text.substr(schemeBegin, scheme - schemeBegin));
            const bool web = Poco::endsWith(name, std::string("http")) || Poco::endsWith(name, std::string("https"));
            if (web && userEnd > start)
                spans.emplace_back(start, userEnd);
            continue;
        }
        if (text[userEnd] != ':')
            continue;
        // "https://host: some text" has no user info. "host:8443/x@y" is masked as one: a
        // password "8443/x" looks the same, and over-masking beats leaking.
        const std::size_t password = userEnd + 1;
        if (password >= text.size() || isBlank(text[password]))
            continue;
        // The password may hold '/', '?', '#', ',', ' ' and even '@': it ends at the first '@'
        // after which the authority holds no other '@', within this URL and line …
        const auto nextUrl =
            text.begin() + static_cast<std::ptrdiff_t>(std::min(text.find("://", password), text.size()));
        const std::size_t bound =
            static_cast<std::size_t>(std::find_if(text.begin() + static_cast<std::ptrdiff_t>(password), nextUrl,
                                                  [](char c) { return c == '\r' || c == '\n'; })
                                     - text.begin());
        std::size_t at = std::string::npos;
        for (std::size_t k = text.find('@', password); k < bound && at == std::string::npos; k = text.find('@', k + 1))
        {
            const std::size_t next = std::min(text.find_first_of("/?#@ \t,;", k + 1), bound);
            if (next == bound || text[next] != '@')
                at = k;
        }
        if (at == std::string::npos)
            continue;
        // … or at a later '@' before the path ends: over-masking beats leaking.
        std::size_t runEnd = at;
        while (runEnd < bound && std::string_view(" \t,;").find(text[runEnd]) == std::string_view::npos)
            ++runEnd;
        for (std::size_t k = at + 1; k < runEnd && text[k] != '?' && text[k] != '#'; ++k)
            at = text[k] == '@' ? k : at;
        spans.emplace_back(password, at);
    }
}

/// key=value (queries, keyword lists, ODBC, --key=value) and key: value (YAML, JSON, HTTP
/// headers), where the key, maybe quoted, passes isKey.
void findKeyValues(const std::string& text, const KeyTest& isKey, Spans& spans)
{
    for (std::size_t separator = text.find_first_of("=:"); separator != std::string::npos;
         separator = text.find_first_of("=:", separator + 1))
    {
        std::size_t keyEnd = separator;
        while (keyEnd > 0 && isBlank(text[keyEnd - 1])) // "password" : "x", Pwd = x
            --keyEnd;
        const bool spaced = keyEnd < separator;
        const char quote = keyEnd > 0 && (text[keyEnd - 1] == '"' || text[keyEnd - 1] == '\'') ? text[--keyEnd] : 0;
        std::size_t keyBegin = keyEnd;
        while (keyBegin > 0 && isNameChar(text[keyBegin - 1]))
            --keyBegin;
        if (keyBegin == keyEnd || (quote && (keyBegin == 0 || text[keyBegin - 1] != quote))
            || !isKey(text.substr(keyBegin, keyEnd - keyBegin)))
            continue;
        std::size_t value = separator + 1;
        const char* terminators = "&;# \t";
        while (spaced && value < text.size() && isBlank(text[value]))
            ++value;
        if (text[separator] == ':')
        {
            // YAML wants a blank after the colon, JSON quotes its keys; "jdbc:" and "key:x" are neither.
            if (!quote && (value >= text.size() || !isBlank(text[value])))
                continue;
            while (value < text.size() && isBlank(text[value]))
                ++value;
            terminators = quote ? ",}" : ""; // JSON: to the next member; YAML, header: to the line's end
        }
        const auto [begin, end] = valueSpan(text, value, terminators);
        spans.emplace_back(begin, end);
        separator = std::max(separator, end); // what a masked value holds needs no second look
    }
}

/// --key value and -key value on a command line, where the key passes isKey.
void findOptionValues(const std::string& text, const KeyTest& isKey, Spans& spans)
{
    for (std::size_t dash = text.find('-'); dash != std::string::npos; dash = text.find('-', dash + 1))
    {
        if (dash > 0 && !Poco::Ascii::isSpace(text[dash - 1]))
            continue;
        std::size_t nameEnd = dash;
        while (nameEnd < text.size() && isNameChar(text[nameEnd]))
            ++nameEnd;
        std::size_t value = nameEnd;
        while (value < text.size() && isBlank(text[value]))
            ++value;
        if (value == nameEnd || value == text.size() || text[value] == '-' || !isKey(text.substr(dash, nameEnd - dash)))
            continue;
        const auto [begin, end] = valueSpan(text, value, " \t");
        spans.emplace_back(begin, end);
        dash = std::max(dash, end);
    }
}

} // namespace

Disclosure::Disclosure(Settings::Reveal reveal, const std::string& secretPattern)
    : _reveal(reveal),
      _secretName(std::make_shared<const Poco::RegularExpression>(secretPattern, Poco::RegularExpression::RE_CASELESS))
{
}

Settings::Reveal Disclosure::reveal() const
{
    return _reveal;
}

bool Disclosure::isSecret(const Variable& variable) const
{
    // match(subject) would demand the whole name match; a secret name only contains the pattern.
    Poco::RegularExpression::Match found;
    return variable.secret || _secretName->match(variable.name, found) > 0;
}

Disclosure::Shown Disclosure::show(const Variable& variable, const Resolution& resolution) const
{
    Shown shown;
    switch (resolution.state)
    {
    case Resolution::State::Missing:
        return shown;
    case Resolution::State::Unreadable:
    case Resolution::State::TooLarge:
        shown.kind = Shown::Kind::Problem;
        shown.text = printable(std::string(Resolution::stateName(resolution.state)) + ": " + resolution.reason);
        return shown;
    case Resolution::State::Set:
        break;
    }
    if (_reveal == Settings::Reveal::None)
    {
        shown.kind = Shown::Kind::Hidden;
    }
    else if (_reveal == Settings::Reveal::Masked && isSecret(variable))
    {
        shown.kind = Shown::Kind::Masked;
        shown.length = resolution.value.size();
        shown.fingerprint = fingerprint(resolution.value);
    }
    else
    {
        shown.kind = Shown::Kind::Value;
        const std::string& value =
            _reveal == Settings::Reveal::Masked ? maskCredentials(resolution.value) : resolution.value;
        shown.text = printable(value, &shown.escaped);
    }
    return shown;
}

std::string Disclosure::fingerprint(const std::string& value)
{
    Poco::SHA2Engine sha256(Poco::SHA2Engine::SHA_256);
    sha256.update(value);
    return "sha256:" + Poco::DigestEngine::digestToHex(sha256.digest()).substr(0, 12);
}

std::string Disclosure::printable(const std::string& value, bool* escaped)
{
    // Decode UTF-8 by hand: Poco's UTF8Encoding tells an invalid sequence, not its length.
    auto sequenceLength = [&value](std::size_t i) -> std::size_t
    {
        const auto byte = [&value](std::size_t k) { return static_cast<unsigned char>(value[k]); };
        const unsigned char lead = byte(i);
        std::size_t length = 0;
        unsigned codePoint = 0;
        if (lead >= 0x20 && lead < 0x7F)
            return 1;
        if (lead >= 0xC2 && lead <= 0xDF)
            length = 2, codePoint = lead & 0x1F;
        else if (lead >= 0xE0 && lead <= 0xEF)
            length = 3, codePoint = lead & 0x0F;
        else if (lead >= 0xF0 && lead <= 0xF4)
            length = 4, codePoint = lead & 0x07;
        else
            return 0;
        if (i + length > value.size())
            return 0;
        for (std::size_t k = 1; k < length; ++k)
        {
            if ((byte(i + k) & 0xC0) != 0x80)
                return 0;
            codePoint = (codePoint << 6) | (byte(i + k) & 0x3F);
        }
        const bool overlong = (length == 3 && codePoint < 0x800) || (length == 4 && codePoint < 0x10000);
        const bool surrogate = codePoint >= 0xD800 && codePoint <= 0xDFFF;
        const bool c1Control = codePoint >= 0x80 && codePoint <= 0x9F;
        return overlong || surrogate || codePoint > 0x10FFFF || c1Control ? 0 : length;
    };

    bool clean = true;
    for (std::size_t i = 0; i < value.size() && clean;)
    {
        const std::size_t length = sequenceLength(i);
        clean = length > 0;
        i += length;
    }
    if (escaped)
        *escaped = !clean;
    if (clean)
        return value;

    std::string out;
    for (std::size_t i = 0; i < value.size();)
    {
        const std::size_t length = sequenceLength(i);
        const char c = value[i];
        if (length > 0 && c != '\\')
            out.append(value, i, length);
        else if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else
            out += "\\x" + Poco::NumberFormatter::formatHex(static_cast<unsigned char>(c), 2);
        i += length > 0 ? length : 1;
    }
    return out;
}

std::string Disclosure::maskUrlPassword(const std::string& value)
{
    Spans spans;
    findUrlPasswords(value, spans);
    return maskSpans(value, spans);
}

bool Disclosure::isCredentialKey(const std::string& key) const
{
    // Short keys that name a credential in connection strings, options and headers but are
    // too common as parts of variable names to join display.secretPattern.
    static const std::set<std::string> credentialKeys{"pwd", "pass", "authorization", "proxy-authorization"};
    const std::string name = Poco::toLower(key.substr(std::min(key.find_first_not_of('-'), key.size())));
    Poco::RegularExpression::Match found;
    return credentialKeys.count(name) > 0 || (!name.empty() && _secretName->match(name, found) > 0);
}

std::string Disclosure::maskCredentials(const std::string& value) const
{
    const auto isKey = [this](const std::string& key) { return isCredentialKey(key); };
    Spans spans;
    findUrlPasswords(value, spans);
    findKeyValues(value, isKey, spans);
    findOptionValues(value, isKey, spans);
    return maskSpans(value, spans);
}

} // namespace labmock
