//
// SecretScrubberTest.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "probes/SecretScrubber.h"

#include "Disclosure.h"

#include <gtest/gtest.h>

using labmock::Disclosure;
using labmock::SecretScrubber;

namespace
{

const Disclosure disclosure(labmock::Settings::Reveal::Masked, labmock::Settings().secretPattern);

} // namespace

TEST(SecretScrubber, RedactsEverySecretAsItIsAndPercentEncoded)
{
    const SecretScrubber scrubber({"p@ss word", "s3cret"}, disclosure);
    EXPECT_EQ(scrubber.clean("login with p@ss word failed, s3cret and s3cret again"),
              "login with [redacted] failed, [redacted] and [redacted] again");
    EXPECT_EQ(scrubber.clean("GET /?k=p%40ss%20word"), "GET /?k=[redacted]");
    EXPECT_EQ(scrubber.clean("nothing to hide"), "nothing to hide");
}

TEST(SecretScrubber, RedactsTheLongestSecretFirst)
{
    const SecretScrubber scrubber({"abc", "abcdef"}, disclosure);
    EXPECT_EQ(scrubber.clean("abcdef"), "[redacted]");
}

TEST(SecretScrubber, MasksCredentialsItWasNotToldAboutAndMakesTextPrintable)
{
    const SecretScrubber scrubber({}, disclosure);
    EXPECT_EQ(scrubber.clean("postgres://app:hunter2@db/app"), "postgres://app:****@db/app");
    EXPECT_EQ(scrubber.clean("line one\nline\x01two"), "line one\\nline\\x01two");
}

TEST(SecretScrubber, IgnoresEmptySecretsAndBoundsTheLength)
{
    const SecretScrubber scrubber({""}, disclosure);
    EXPECT_EQ(scrubber.clean("text"), "text");
    const std::string cut = scrubber.clean(std::string(5000, 'x'));
    EXPECT_EQ(cut.size(), SecretScrubber::MAX_LENGTH + 3);
    EXPECT_EQ(cut.substr(cut.size() - 3), "...");
}
