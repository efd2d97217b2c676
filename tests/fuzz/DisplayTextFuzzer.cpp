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

    // Masking URL passwords touches nothing in a value without a URL, and adds at most a
    // mask per URL.
    const std::string masked = labmock::Disclosure::maskUrlPassword(value);
    if (value.find("://") == std::string::npos)
        require(masked == value);
    require(masked.size() <= value.size() + 4 * (value.size() / 3 + 1));
    // Masking credentials replaces disjoint, non-adjacent spans of at least one byte each.
    static const labmock::Disclosure disclosure(labmock::Settings::Reveal::Masked, "PASSWORD|SECRET|TOKEN|KEY");
    const std::string credentials = disclosure.maskCredentials(value);
    require(credentials.size() <= value.size() + 3 * (value.size() / 2 + 1));
    if (value.find_first_of("=:-") == std::string::npos)
        require(credentials == value);

    require(labmock::Disclosure::fingerprint(value).size() == 19);
    return 0;
}
