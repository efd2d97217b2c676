//
// CredentialMaskingFuzzer.cpp
//
// Plants a password in every form masking supports, amid fuzzed text; it must not survive.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Disclosure.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace
{

/// A form a credential takes inside a value: the text around it, and the characters a
/// password may hold in that form without ending it.
struct Form
{
    const char* before;
    const char* after;
    const char* alphabet;
};

constexpr const char* URL_PASSWORD = "abcXYZ019-._~%!$&'()+=/?#:, ";
constexpr const char* TOKEN = "abcXYZ019-._~+/=";

const Form FORMS[] = {
    {"postgres://app:", "@db.example:5432/app?sslmode=require", URL_PASSWORD},
    {"redis://:", "@cache,redis://:other@cache2", URL_PASSWORD},
    {"https://", "@github.com/org/repo.git", "abcXYZ019-._~!$&'()+="},
    {"host=db password=", " sslmode=require", "abcXYZ019-._~!$()+=/?:,"},
    {"jdbc:postgresql://db/app?user=app&password=", "&ssl=true", "abcXYZ019-._~!$()+=/?:,"},
    {"Driver={ODBC};Server=db;Pwd=", ";Encrypt=yes", "abcXYZ019-._~!$()+=/?:,@ "},
    {"Server=db;Pwd={", "};Encrypt=yes", "abcXYZ019-._~!$()+=/?:,@ ;{}"}, // '}' is doubled below
    {"{\"user\":\"app\",\"password\":\"", "\",\"port\":5432}", "abcXYZ019-._~!$()+=/?:,@ ;{}'"},
    {"db:\n  password: ", "\n  host: db", "abcXYZ019-._~!$()+=/?:,@ ;{}\"#&"},
    {"psql --password ", " --host db", "abcXYZ019._~!$()+=/?:,@;{}"},
    {"mysql --pass=", " -h db", "abcXYZ019-._~!$()+=/?:,@{}"},
    {"Authorization: Bearer ", "\r\nHost: h", "abcXYZ019-._~+/="},
};

void requireMasked(const std::string& value, const std::string& masked, const std::string& secret)
{
    if (masked.find(secret) == std::string::npos)
        return;
    std::fprintf(stderr, "secret survived masking\n value: %s\nmasked: %s\nsecret: %s\n",
                 labmock::Disclosure::printable(value).c_str(), labmock::Disclosure::printable(masked).c_str(),
                 labmock::Disclosure::printable(secret).c_str());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    // Input: form, secret length, split point, then secret bytes, then the surrounding text.
    if (size < 3)
        return 0;
    const Form& form = FORMS[data[0] % (sizeof(FORMS) / sizeof(FORMS[0]))];
    const std::size_t length = 6 + data[1] % 24;
    if (size < 3 + length)
        return 0;
    const std::size_t alphabetSize = std::strlen(form.alphabet);
    std::string secret;
    for (std::size_t i = 0; i < length; ++i)
        secret += form.alphabet[data[3 + i] % alphabetSize];
    // First, a blank or '-' reads as no value (YAML, options, "https://host: text"), a quote
    // or brace as the start of a quoted value; "://" would start another URL.
    if (std::strchr(" -\"'{", secret.front()) != nullptr || secret.find("://") != std::string::npos)
        return 0;
    const std::string around(reinterpret_cast<const char*>(data) + 3 + length, size - 3 - length);
    const std::size_t split = around.empty() ? 0 : data[2] % (around.size() + 1);
    const std::string prefix = around.substr(0, split);
    const std::string suffix = around.substr(split);

    std::string planted = secret;
    if (std::strcmp(form.before + std::strlen(form.before) - 1, "{") == 0)
        for (std::size_t at = planted.find('}'); at != std::string::npos; at = planted.find('}', at + 2))
            planted.insert(at, 1, '}');
    const std::string value = prefix + "\n" + form.before + planted + form.after + "\n" + suffix;
    // The secret must be only where it was planted: not in the fuzzed text, not in the form.
    const std::string without = prefix + "\n" + form.before + form.after + "\n" + suffix;
    for (const std::string& text : {secret, planted})
        if (without.find(text) != std::string::npos || value.find(text) != value.rfind(text))
            return 0;

    static const labmock::Disclosure disclosure(labmock::Settings::Reveal::Masked, labmock::Settings().secretPattern);
    const std::string masked = disclosure.maskCredentials(value);
    requireMasked(value, masked, secret);
    requireMasked(value, masked, planted);
    return 0;
}
