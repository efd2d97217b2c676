//
// RequestParser.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "http/RequestParser.h"

#include <Poco/Net/HTTPRequest.h>

#include <cctype>

namespace labmock
{

namespace
{

/// Empty lines tolerated before a request line (RFC 9112 §2.2: at least one).
constexpr std::size_t MAX_LEADING_EMPTY_LINES = 4;

/// A token character of RFC 9110 §5.6.2: what a method and a field name consist of.
bool isTokenChar(unsigned char c)
{
    static const std::string_view symbols = "!#$%&'*+-.^_`|~";
    return std::isalnum(c) || symbols.find(static_cast<char>(c)) != std::string_view::npos;
}

bool isToken(std::string_view text)
{
    if (text.empty())
        return false;
    for (const char c : text)
        if (!isTokenChar(static_cast<unsigned char>(c)))
            return false;
    return true;
}

/// A field value byte: visible ASCII, space, tab or obs-text; no other control byte.
bool isValueChar(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c != 0x7f);
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

} // namespace

RequestParser::Result RequestParser::parse(std::string_view data, Poco::Net::HTTPRequest& request)
{
    // Empty lines before the request line are skipped (a client may send CRLF after a body).
    while (_scanned == _start && data.size() > _start && data[_start] == '\r')
    {
        if (data.size() == _start + 1)
            return Result::Incomplete;
        if (data[_start + 1] != '\n')
            return fail(400, "bad request: malformed request line");
        _start += 2;
        _scanned = _start;
        if (_start > 2 * MAX_LEADING_EMPTY_LINES)
            return fail(400, "bad request: empty lines instead of a request");
    }
    for (; _scanned < data.size(); ++_scanned)
    {
        if (data[_scanned] != '\n')
            continue;
        if (_scanned == _start || data[_scanned - 1] != '\r')
            return fail(400, "bad request: bare LF line end");
        if (_scanned - _start > MAX_HEAD)
            return fail(431, "request header fields too large");
        // "\r\n\r\n": the empty line that ends the head (the request line is never empty).
        if (_scanned - _start >= 3 && data[_scanned - 2] == '\n')
        {
            _consumed = _scanned + 1;
            return parseHead(data.substr(_start, _scanned - 3 - _start), request);
        }
    }
    const std::string_view received = data.substr(_start);
    const std::size_t lineEnd = received.find('\n');
    if (lineEnd == std::string_view::npos && received.size() > MAX_REQUEST_LINE)
        return fail(414, "URI too long");
    if (received.size() > MAX_HEAD)
        return fail(431, "request header fields too large");
    return Result::Incomplete;
}

RequestParser::Result RequestParser::parseHead(std::string_view head, Poco::Net::HTTPRequest& request)
{
    // head: the request line and the field lines, each but the last followed by CRLF.
    const std::size_t lineEnd = head.find("\r\n");
    const std::string_view line = head.substr(0, lineEnd);
    if (line.size() > MAX_REQUEST_LINE)
        return fail(414, "URI too long");
    const std::size_t methodEnd = line.find(' ');
    if (methodEnd == std::string_view::npos)
        return fail(400, "bad request: malformed request line");
    const std::size_t targetEnd = line.find(' ', methodEnd + 1);
    if (targetEnd == std::string_view::npos)
        return fail(400, "bad request: malformed request line");
    const std::string_view method = line.substr(0, methodEnd);
    const std::string_view target = line.substr(methodEnd + 1, targetEnd - methodEnd - 1);
    const std::string_view version = line.substr(targetEnd + 1);
    if (!isToken(method))
        return fail(400, "bad request: malformed method");
    if (target.empty())
        return fail(400, "bad request: malformed request target");
    for (const char c : target)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f)
            return fail(400, "bad request: malformed request target");
    const bool http11 = version == Poco::Net::HTTPMessage::HTTP_1_1;
    if (!http11 && version != Poco::Net::HTTPMessage::HTTP_1_0)
    {
        const bool wellFormed = version.size() == 8 && version.substr(0, 5) == "HTTP/" && std::isdigit(version[5])
                                && version[6] == '.' && std::isdigit(version[7]);
        return fail(wellFormed ? 505 : 400, "bad request: unsupported HTTP version");
    }
    request.setMethod(std::string(method));
    request.setURI(std::string(target));
    request.setVersion(std::string(version));

    std::size_t fields = 0;
    std::size_t hosts = 0;
    bool contentLength = false;
    bool closeToken = false;
    bool keepAliveToken = false;
    std::string_view rest = lineEnd == std::string_view::npos ? std::string_view() : head.substr(lineEnd + 2);
    while (lineEnd != std::string_view::npos)
    {
        const std::size_t end = rest.find("\r\n");
        const std::string_view field = rest.substr(0, end);
        if (!field.empty() && (field.front() == ' ' || field.front() == '\t'))
            return fail(400, "bad request: obsolete line folding");
        const std::size_t colon = field.find(':');
        if (colon == std::string_view::npos)
            return fail(400, "bad request: header field without a colon");
        const std::string_view name = field.substr(0, colon);
        if (!isToken(name))
            return fail(400, "bad request: malformed header field name");
        const std::string_view value = trimmed(field.substr(colon + 1));
        for (const char c : value)
            if (!isValueChar(static_cast<unsigned char>(c)))
                return fail(400, "bad request: control character in a header field");
        if (++fields > MAX_FIELDS)
            return fail(431, "request header fields too large");

        if (equalsIgnoreCase(name, "Host"))
            ++hosts;
        else if (equalsIgnoreCase(name, "Transfer-Encoding"))
            return fail(400, "bad request: Transfer-Encoding is not accepted");
        else if (equalsIgnoreCase(name, "Content-Length"))
        {
            if (contentLength)
                return fail(400, "bad request: more than one Content-Length");
            contentLength = true;
            if (value.empty() || value.size() > 18)
                return fail(400, "bad request: Content-Length is not a number");
            for (const char c : value)
            {
                if (!std::isdigit(static_cast<unsigned char>(c)))
                    return fail(400, "bad request: Content-Length is not a number");
                _hasBody = _hasBody || c != '0';
            }
        }
        else if (equalsIgnoreCase(name, "Connection"))
        {
            for (std::string_view list = value; !list.empty();)
            {
                const std::size_t comma = list.find(',');
                const std::string_view option = trimmed(list.substr(0, comma));
                closeToken = closeToken || equalsIgnoreCase(option, "close");
                keepAliveToken = keepAliveToken || equalsIgnoreCase(option, "keep-alive");
                list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
            }
        }
        else if (equalsIgnoreCase(name, "Expect") && !equalsIgnoreCase(value, "100-continue"))
            return fail(417, "expectation failed");
        request.add(std::string(name), std::string(value));
        if (end == std::string_view::npos)
            break;
        rest.remove_prefix(end + 2);
    }
    if (hosts > 1 || (http11 && hosts == 0))
        return fail(400, hosts ? "bad request: more than one Host" : "bad request: missing Host");
    _keepAlive = !closeToken && (http11 || keepAliveToken);
    return Result::Complete;
}

RequestParser::Result RequestParser::fail(int status, const char* reason)
{
    _status = status;
    _reason = reason;
    return Result::Invalid;
}

void RequestParser::reset()
{
    *this = RequestParser();
}

std::size_t RequestParser::consumed() const
{
    return _consumed;
}

int RequestParser::status() const
{
    return _status;
}

const char* RequestParser::reason() const
{
    return _reason;
}

bool RequestParser::keepAlive() const
{
    return _keepAlive;
}

bool RequestParser::hasBody() const
{
    return _hasBody;
}

} // namespace labmock
