//
// JsonPositions.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "JsonPositions.h"

#include <Poco/NumberParser.h>

#include <cmath>
#include <cstdlib>

namespace jsongroups
{

namespace
{

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// The code unit of four hexadecimal digits at text[at]; -1 when they are not there.
long codeUnit(const std::string& text, std::size_t at)
{
    if (at + 4 > text.size())
        return -1;
    for (std::size_t i = at; i < at + 4; ++i)
    {
        if (!isHex(text[i]))
            return -1;
    }
    return std::strtol(text.substr(at, 4).c_str(), nullptr, 16);
}

} // namespace

JsonPositions JsonPositions::scan(const std::string& text, std::size_t maxDepth)
{
    JsonPositions positions;
    positions._text = text;
    positions._maxDepth = maxDepth;
    positions.skipSpace();
    if (positions._pos == text.size())
        positions.fail("the file holds no JSON value");
    else if (text[positions._pos] != '{' && text[positions._pos] != '[')
        positions.fail("expected a group object or an array of groups"); // all POCO parses
    else if (positions.value("", 0))
    {
        positions.skipSpace();
        if (positions._pos != text.size())
            positions.fail("unexpected text after the JSON value");
        else
            positions._valid = true;
    }
    return positions;
}

bool JsonPositions::valid() const
{
    return _valid;
}

std::string JsonPositions::error() const
{
    return _valid ? std::string() : lineAndColumn(_errorOffset) + ": " + _error;
}

std::string JsonPositions::at(const std::string& pointer) const
{
    const auto found = _starts.find(pointer);
    return found == _starts.end() ? std::string() : lineAndColumn(found->second);
}

std::string JsonPositions::lineAndColumn(std::size_t offset) const
{
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < _text.size(); ++i)
    {
        const unsigned char c = static_cast<unsigned char>(_text[i]);
        if (c == '\n')
        {
            ++line;
            column = 1;
        }
        else if ((c & 0xC0) != 0x80) // not a UTF-8 continuation byte
            ++column;
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

bool JsonPositions::fail(const std::string& message)
{
    _errorOffset = _pos;
    _error = message;
    return false;
}

void JsonPositions::skipSpace()
{
    while (_pos < _text.size()
           && (_text[_pos] == ' ' || _text[_pos] == '\t' || _text[_pos] == '\n' || _text[_pos] == '\r'))
        ++_pos;
}

bool JsonPositions::value(const std::string& pointer, std::size_t depth)
{
    skipSpace();
    if (_pos == _text.size())
        return fail("the text ends where a value was expected");
    switch (_text[_pos])
    {
    case '{':
        return object(pointer, depth + 1);
    case '[':
        return array(pointer, depth + 1);
    case '"':
        return string(nullptr);
    case 't':
        return literal("true");
    case 'f':
        return literal("false");
    case 'n':
        return literal("null");
    default:
        if (_text[_pos] == '-' || isDigit(_text[_pos]))
            return number();
        return fail(std::string("expected a value, found '") + _text[_pos] + "'");
    }
}

bool JsonPositions::object(const std::string& pointer, std::size_t depth)
{
    if (depth > _maxDepth)
        return fail("nested deeper than " + std::to_string(_maxDepth) + " levels");
    ++_pos; // {
    skipSpace();
    if (_pos < _text.size() && _text[_pos] == '}')
    {
        ++_pos;
        return true;
    }
    while (true)
    {
        skipSpace();
        if (_pos == _text.size() || _text[_pos] != '"')
            return fail(_pos == _text.size() ? "the text ends inside an object" : "expected a member name in quotes");
        const std::size_t start = _pos;
        std::string name;
        if (!string(&name))
            return false;
        _starts.emplace(pointer + "/" + name, start);
        skipSpace();
        if (_pos == _text.size() || _text[_pos] != ':')
            return fail("expected ':' after the member name \"" + name + "\"");
        ++_pos;
        if (!value(pointer + "/" + name, depth))
            return false;
        skipSpace();
        if (_pos < _text.size() && _text[_pos] == ',')
        {
            ++_pos;
            continue;
        }
        if (_pos < _text.size() && _text[_pos] == '}')
        {
            ++_pos;
            return true;
        }
        return fail(_pos == _text.size() ? "the text ends inside an object" : "expected ',' or '}' in an object");
    }
}

bool JsonPositions::array(const std::string& pointer, std::size_t depth)
{
    if (depth > _maxDepth)
        return fail("nested deeper than " + std::to_string(_maxDepth) + " levels");
    ++_pos; // [
    skipSpace();
    if (_pos < _text.size() && _text[_pos] == ']')
    {
        ++_pos;
        return true;
    }
    for (std::size_t index = 0;; ++index)
    {
        skipSpace();
        _starts.emplace(pointer + "/" + std::to_string(index), _pos);
        if (!value(pointer + "/" + std::to_string(index), depth))
            return false;
        skipSpace();
        if (_pos < _text.size() && _text[_pos] == ',')
        {
            ++_pos;
            continue;
        }
        if (_pos < _text.size() && _text[_pos] == ']')
        {
            ++_pos;
            return true;
        }
        return fail(_pos == _text.size() ? "the text ends inside an array" : "expected ',' or ']' in an array");
    }
}

bool JsonPositions::string(std::string* decoded)
{
    ++_pos; // "
    while (_pos < _text.size())
    {
        const char c = _text[_pos];
        if (c == '"')
        {
            ++_pos;
            return true;
        }
        if (static_cast<unsigned char>(c) < 0x20)
            return fail("a control character in a string (write \\n, \\t, …)");
        if (c == '\\')
        {
            if (!escape(decoded))
                return false;
            continue;
        }
        if (static_cast<unsigned char>(c) >= 0x80)
        {
            const std::size_t start = _pos;
            if (!utf8())
                return false;
            if (decoded)
                decoded->append(_text, start, _pos - start);
            continue;
        }
        if (decoded)
            *decoded += c;
        ++_pos;
    }
    return fail("the text ends inside a string");
}

bool JsonPositions::escape(std::string* decoded)
{
    ++_pos; // backslash
    if (_pos == _text.size())
        return fail("the text ends inside a string");
    const char kind = _text[_pos];
    if (kind != 'u')
    {
        if (std::string("\"\\/bfnrt").find(kind) == std::string::npos)
            return fail(std::string("unknown escape \\") + kind + " in a string");
        if (decoded)
            *decoded += kind == '"' || kind == '\\' || kind == '/' ? kind : '?';
        ++_pos;
        return true;
    }
    const long unit = codeUnit(_text, _pos + 1);
    if (unit < 0)
        return fail("\\u needs four hexadecimal digits");
    if (unit >= 0xDC00 && unit <= 0xDFFF)
        return fail("a low surrogate \\u" + _text.substr(_pos + 1, 4) + " without a high one before it");
    _pos += 5;
    if (unit >= 0xD800 && unit <= 0xDBFF)
    {
        const long low = _text.compare(_pos, 2, "\\u") == 0 ? codeUnit(_text, _pos + 2) : -1;
        if (low < 0xDC00 || low > 0xDFFF)
            return fail("a high surrogate must be followed by a low one (\\udc00 to \\udfff)");
        _pos += 6;
    }
    if (decoded)
        *decoded += '?';
    return true;
}

bool JsonPositions::utf8()
{
    // RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
    const auto byte = [this](std::size_t i) { return static_cast<unsigned char>(_text[i]); };
    const unsigned char lead = byte(_pos);
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF; // the range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF)
        length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF)
    {
        length = 3;
        low = lead == 0xE0 ? 0xA0 : 0x80;
        high = lead == 0xED ? 0x9F : 0xBF;
    }
    else if (lead >= 0xF0 && lead <= 0xF4)
    {
        length = 4;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF;
    }
    else
        return fail("invalid UTF-8 in a string");
    if (_pos + length > _text.size())
        return fail("invalid UTF-8 in a string");
    for (std::size_t i = 1; i < length; ++i)
    {
        const unsigned char c = byte(_pos + i);
        if (i == 1 ? (c < low || c > high) : (c < 0x80 || c > 0xBF))
            return fail("invalid UTF-8 in a string");
    }
    _pos += length;
    return true;
}

bool JsonPositions::number()
{
    const std::size_t start = _pos;
    bool integer = true;
    if (_text[_pos] == '-')
        ++_pos;
    if (_pos == _text.size() || !isDigit(_text[_pos]))
        return fail("expected a digit");
    if (_text[_pos] == '0')
        ++_pos;
    else
        while (_pos < _text.size() && isDigit(_text[_pos]))
            ++_pos;
    if (_pos < _text.size() && _text[_pos] == '.')
    {
        integer = false;
        ++_pos;
        if (_pos == _text.size() || !isDigit(_text[_pos]))
            return fail("expected a digit after the decimal point");
        while (_pos < _text.size() && isDigit(_text[_pos]))
            ++_pos;
    }
    if (_pos < _text.size() && (_text[_pos] == 'e' || _text[_pos] == 'E'))
    {
        integer = false;
        ++_pos;
        if (_pos < _text.size() && (_text[_pos] == '+' || _text[_pos] == '-'))
            ++_pos;
        if (_pos == _text.size() || !isDigit(_text[_pos]))
            return fail("expected a digit in the exponent");
        while (_pos < _text.size() && isDigit(_text[_pos]))
            ++_pos;
    }
    // As POCO converts it: a whole number into 64 bits, any other into a finite double.
    const std::string number = _text.substr(start, _pos - start);
    Poco::Int64 signedValue = 0;
    Poco::UInt64 unsignedValue = 0;
    const bool fits = integer ? (number[0] == '-' ? Poco::NumberParser::tryParse64(number, signedValue)
                                                  : Poco::NumberParser::tryParseUnsigned64(number, unsignedValue))
                              : std::isfinite(std::strtod(number.c_str(), nullptr));
    if (!fits)
    {
        _pos = start;
        return fail("the number " + number + " is out of range");
    }
    return true;
}

bool JsonPositions::literal(const char* word)
{
    const std::string expected(word);
    if (_text.compare(_pos, expected.size(), expected) != 0)
        return fail("expected " + expected);
    _pos += expected.size();
    return true;
}

} // namespace jsongroups
