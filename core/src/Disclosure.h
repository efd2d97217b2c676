//
// Disclosure.h
//
// Decides what of a value may be shown: all of it, a mask with a fingerprint, or nothing.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_DISCLOSURE_INCLUDED
#define LABMOCK_DISCLOSURE_INCLUDED

#include "Resolution.h"
#include "Settings.h"

#include <labmock/Variable.h>

#include <Poco/RegularExpression.h>

#include <cstddef>
#include <memory>
#include <string>

namespace labmock
{

/// Applies display.reveal to resolved values, the same way for page, JSON and reports.
/// A variable is secret when its plugin flags it or its name matches display.secretPattern
/// (case-insensitive). Immutable after construction; safe to use from any thread.
class Disclosure
{
public:
    /// How one value is shown.
    struct Shown
    {
        enum class Kind
        {
            Missing, ///< "None" on the page, null in JSON
            Value,   ///< text holds the value (URL passwords masked, made printable)
            Masked,  ///< a secret: only length and fingerprint
            Hidden,  ///< display.reveal=none: only that it is set
            Problem  ///< unreadable or too large: text holds the reason
        };

        Kind kind = Kind::Missing;
        std::string text;
        bool escaped = false;    ///< text had control characters or invalid UTF-8, now escaped
        std::size_t length = 0;  ///< bytes of the value (Masked)
        std::string fingerprint; ///< "sha256:" + 12 hex digits (Masked)
    };

    /// The text shown in place of a masked value.
    static constexpr const char* MASK = "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2";

    Disclosure(Settings::Reveal reveal, const std::string& secretPattern);

    Settings::Reveal reveal() const;
    bool isSecret(const Variable& variable) const;
    Shown show(const Variable& variable, const Resolution& resolution) const;

    /// "sha256:" and the first 12 hex digits of SHA-256(value): `printf %s VALUE | sha256sum`.
    static std::string fingerprint(const std::string& value);

    /// value itself when it is valid UTF-8 without control characters; otherwise a copy
    /// with backslash escapes (\n, \t, \xNN, \\) so no raw byte reaches a page or a log.
    static std::string printable(const std::string& value, bool* escaped = nullptr);

    /// Masks the password in the user info of every URL in value, and the whole user info
    /// of an http(s) URL without a password (a token used as user name):
    /// postgres://u:p@h/db → postgres://u:****@h/db, https://TOKEN@h/ → https://****@h/.
    static std::string maskUrlPassword(const std::string& value);

    /// maskUrlPassword(), and the values of credential keys: keys that match
    /// display.secretPattern or name a credential in connection strings (ODBC Pwd, pass,
    /// Authorization), written as key=value (query strings, keyword lists, ODBC braces,
    /// --pass=x), key: value (YAML, JSON, HTTP headers) or --key value (command lines).
    std::string maskCredentials(const std::string& value) const;

private:
    bool isCredentialKey(const std::string& key) const;

    Settings::Reveal _reveal;
    std::shared_ptr<const Poco::RegularExpression> _secretName; // shared: the regex is not copyable
};

} // namespace labmock

#endif // LABMOCK_DISCLOSURE_INCLUDED
