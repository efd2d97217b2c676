//
// JsonPositions.h
//
// Where things are in a JSON text: the first syntax error, and each value, by line and column.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef JSONGROUPS_JSONPOSITIONS_INCLUDED
#define JSONGROUPS_JSONPOSITIONS_INCLUDED

#include <cstddef>
#include <map>
#include <string>

namespace jsongroups
{

/// A strict RFC 8259 scan of an object or array, made because Poco::JSON::Parser reports neither line
/// nor column: it finds the first syntax error (offset and message) and where each member
/// and array element starts, by JSON pointer ("/0/vars/2"). It refuses at least what POCO
/// 1.11's parser refuses (invalid UTF-8, lone surrogates, numbers out of range, nesting
/// deeper than 128), so every parse error gets a position; the json-groups fuzzer checks
/// that. Lines and columns count from 1; a column counts characters (UTF-8), a tab as one.
/// A plain value; scan() is reentrant.
class JsonPositions
{
public:
    /// Scans text; nesting deeper than maxDepth is reported as an error there.
    static JsonPositions scan(const std::string& text, std::size_t maxDepth = 128);

    /// True when the text is one JSON value, with nothing but white space around it.
    bool valid() const;

    /// "line L, column C: what is wrong" for the first syntax error; "" when valid.
    std::string error() const;

    /// "line L, column C" of the member or element at pointer ("" for the root); "" when
    /// the scan did not get there.
    std::string at(const std::string& pointer) const;

private:
    JsonPositions() = default;
    std::string lineAndColumn(std::size_t offset) const;

    // The scan: each returns false after recording the error at _pos.
    bool fail(const std::string& message);
    void skipSpace();
    bool value(const std::string& pointer, std::size_t depth);
    bool object(const std::string& pointer, std::size_t depth);
    bool array(const std::string& pointer, std::size_t depth);
    bool string(std::string* decoded);
    bool escape(std::string* decoded);
    bool utf8();
    bool number();
    bool literal(const char* word);

    std::string _text;
    std::size_t _pos = 0;
    std::size_t _maxDepth = 0;
    bool _valid = false;
    std::size_t _errorOffset = 0;
    std::string _error;
    std::map<std::string, std::size_t> _starts;
};

} // namespace jsongroups

#endif // JSONGROUPS_JSONPOSITIONS_INCLUDED
