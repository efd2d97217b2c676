//
// JsonPositions.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "JsonPositions.h"

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

} // namespace

JsonPositions JsonPositions::scan(const std::string& text, std::size_t maxDepth)
{
    JsonPositions positions;
    positions._text = text;
    positions._maxDepth = maxDepth;
    positions.skipSpace();
    if (positions._pos == text.size())
        positions.fail("the file holds no JSON value");
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
            ++_pos;
            if (_pos == _text.size())
                break;
            const char escape = _text[_pos];
            if (escape == 'u')
            {
                for (int i = 1; i <= 4; ++i)
                {
                    if (_pos + i >= _text.size() || !isHex(_text[_pos + i]))
                        return fail("\\u needs four hexadecimal digits");
                }
                _pos += 4;
            }
            else if (std::string("\"\\/bfnrt").find(escape) == std::string::npos)
                return fail(std::string("unknown escape \\") + escape + " in a string");
            else if (decoded)
                *decoded += escape == '"' || escape == '\\' || escape == '/' ? escape : '?';
            ++_pos;
            continue;
        }
        if (decoded)
            *decoded += c;
        ++_pos;
    }
    return fail("the text ends inside a string");
}

bool JsonPositions::number()
{
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
        ++_pos;
        if (_pos == _text.size() || !isDigit(_text[_pos]))
            return fail("expected a digit after the decimal point");
        while (_pos < _text.size() && isDigit(_text[_pos]))
            ++_pos;
    }
    if (_pos < _text.size() && (_text[_pos] == 'e' || _text[_pos] == 'E'))
    {
        ++_pos;
        if (_pos < _text.size() && (_text[_pos] == '+' || _text[_pos] == '-'))
            ++_pos;
        if (_pos == _text.size() || !isDigit(_text[_pos]))
            return fail("expected a digit in the exponent");
        while (_pos < _text.size() && isDigit(_text[_pos]))
            ++_pos;
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
