//
// SecretScrubber.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "probes/SecretScrubber.h"

#include "Disclosure.h"

#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>

namespace labmock
{

SecretScrubber::SecretScrubber(std::vector<std::string> secrets, const Disclosure& disclosure) : _disclosure(disclosure)
{
    for (const auto& secret : secrets)
    {
        if (secret.empty())
            continue;
        _secrets.push_back(secret);
        std::string encoded;
        Poco::URI::encode(secret, "!#$&'()*+,/:;=?@[]", encoded);
        if (encoded != secret)
            _secrets.push_back(encoded);
    }
    std::sort(_secrets.begin(), _secrets.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string SecretScrubber::clean(const std::string& text) const
{
    std::string out = text;
    for (const auto& secret : _secrets)
        Poco::replaceInPlace(out, secret, std::string(REDACTED));
    out = Disclosure::printable(_disclosure.maskCredentials(out));
    if (out.size() > MAX_LENGTH)
    {
        std::size_t cut = MAX_LENGTH;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
            --cut; // not inside a UTF-8 sequence
        out = out.substr(0, cut) + "...";
    }
    return out;
}

} // namespace labmock
