//
// DisplayTextFuzzer.cpp
//
// Fuzzes what turns untrusted values into page, JSON and log text.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Disclosure.h"
#include "HtmlPage.h"

#include <Poco/TextIterator.h>
#include <Poco/UTF8Encoding.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace
{

bool validUtf8WithoutControls(const std::string& text)
{
    Poco::UTF8Encoding utf8;
    for (Poco::TextIterator it(text, utf8), end(text); it != end; ++it)
    {
        const int c = *it;
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F))
            return false;
    }
    return true;
}

void require(bool condition)
{
    if (!condition)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string value(reinterpret_cast<const char*>(data), size);

    // Whatever a secret file holds, what reaches a page or a log is valid UTF-8 without
    // control characters, and clean input passes unchanged.
    bool escaped = false;
    const std::string printable = labmock::Disclosure::printable(value, &escaped);
    require(validUtf8WithoutControls(printable));
    require(escaped || printable == value);

    // HTML escaping leaves no character that could open a tag or leave an attribute.
    const std::string html = labmock::HtmlPage::escape(printable);
    require(html.find_first_of("<>\"'") == std::string::npos);

    // Masking a URL password never lengthens the text by more than the mask and keeps
    // everything after the user info.
    const std::string masked = labmock::Disclosure::maskUrlPassword(value);
    require(masked.size() <= value.size() + 4);
    const std::size_t at = value.rfind('@');
    if (masked != value)
        require(at != std::string::npos && masked.substr(masked.size() - (value.size() - at)) == value.substr(at));

    require(labmock::Disclosure::fingerprint(value).size() == 19);
    return 0;
}
