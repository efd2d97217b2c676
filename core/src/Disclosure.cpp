//
// Disclosure.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Disclosure.h"

#include <Poco/DigestEngine.h>
#include <Poco/NumberFormatter.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>

namespace labmock
{

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
    std::string out;
    std::size_t done = 0;
    for (std::size_t scheme = value.find("://"); scheme != std::string::npos; scheme = value.find("://", done))
    {
        // One URL runs to white space or a list separator: "redis://:a@h1,redis://:b@h2".
        const std::size_t start = scheme + 3;
        const std::size_t end = std::min(value.find_first_of(" \t\r\n,;", start), value.size());
        // The user info ends at the last '@' before which there is no '?' or '#': a '/' or
        // an '@' in an unescaped password still counts as password (over-masking is fine).
        std::size_t at = std::string::npos;
        for (std::size_t k = start; k < end && value[k] != '?' && value[k] != '#'; ++k)
            at = value[k] == '@' ? k : at;
        const std::size_t colon = value.find(':', start);
        out.append(value, done, start - done);
        if (at != std::string::npos && colon < at)
        {
            out.append(value, start, colon + 1 - start);
            out += "****";
            out.append(value, at, end - at);
        }
        else
        {
            out.append(value, start, end - start);
        }
        done = end;
    }
    out.append(value, done, std::string::npos);
    return out;
}

std::string Disclosure::maskCredentials(const std::string& value) const
{
    // key=value pairs whose key looks like a credential, in a query string or a
    // keyword list: "…?sslpassword=x&…", "host=db password=x".
    const std::string text = maskUrlPassword(value);
    std::string out;
    std::size_t done = 0;
    for (std::size_t equals = text.find('='); equals != std::string::npos; equals = text.find('=', equals + 1))
    {
        const std::size_t keyStart = text.find_last_of("?&; \t", equals);
        const std::size_t from = keyStart == std::string::npos ? 0 : keyStart + 1;
        if (from < done || from == equals)
            continue;
        Poco::RegularExpression::Match found;
        if (_secretName->match(text.substr(from, equals - from), found) == 0)
            continue;
        const std::size_t valueEnd = std::min(text.find_first_of("&;# \t", equals + 1), text.size());
        out.append(text, done, equals + 1 - done);
        out += "****";
        done = valueEnd;
        equals = valueEnd > 0 ? valueEnd - 1 : 0;
    }
    out.append(text, done, std::string::npos);
    return out;
}

} // namespace labmock
