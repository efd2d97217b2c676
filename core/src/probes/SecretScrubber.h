//
// SecretScrubber.h
//
// Removes secret values from text a probe returned, before it is stored or shown.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_SECRETSCRUBBER_INCLUDED
#define LABMOCK_SECRETSCRUBBER_INCLUDED

#include <string>
#include <vector>

namespace labmock
{

class Disclosure;

/// Replaces every occurrence of each secret (as it is and percent-encoded) with
/// "[redacted]", longest first, then masks credentials the Disclosure recognises
/// (URL passwords, password=… pairs), makes the text printable and cuts it to a bounded
/// length. Immutable; thread-safe.
class SecretScrubber
{
public:
    /// The text shown in place of a secret.
    static constexpr const char* REDACTED = "[redacted]";
    /// Longest text kept, in bytes.
    static constexpr std::size_t MAX_LENGTH = 1000;

    SecretScrubber(std::vector<std::string> secrets, const Disclosure& disclosure);

    std::string clean(const std::string& text) const;

private:
    std::vector<std::string> _secrets; // longest first
    const Disclosure& _disclosure;
};

} // namespace labmock

#endif // LABMOCK_SECRETSCRUBBER_INCLUDED
