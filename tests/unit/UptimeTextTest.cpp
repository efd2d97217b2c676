//
// UptimeTextTest.cpp
//
// UptimeText: a cached text with the uptime spliced in, copied at most once a second.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "UptimeText.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

using labmock::UptimeText;

namespace
{

std::string seconds(Poco::Timespan uptime)
{
    return std::to_string(uptime.totalSeconds());
}

Poco::Timestamp at(double secondsAfterStart)
{
    return Poco::Timestamp(static_cast<Poco::Timestamp::TimeVal>(1000000 + secondsAfterStart * 1e6));
}

} // namespace

TEST(UptimeText, SplicesTheUptimeInPlaceOfTheFirstMarker)
{
    const UptimeText text(std::string("up ") + UptimeText::MARKER + " then " + UptimeText::MARKER, UptimeText::MARKER,
                          at(0), &seconds);
    EXPECT_EQ(*text.at(at(42.5)), std::string("up 42 then ") + UptimeText::MARKER);
    EXPECT_EQ(*text.at(at(-3)), std::string("up 0 then ") + UptimeText::MARKER) << "a clock step back: 0";
}

TEST(UptimeText, SharesOneCopyWithinASecond)
{
    const UptimeText text(std::string("<p>") + UptimeText::MARKER + "</p>", UptimeText::MARKER, at(0), &seconds);
    const auto first = text.at(at(7.1));
    EXPECT_EQ(text.at(at(7.9)), first);
    const auto next = text.at(at(8.0));
    EXPECT_NE(next, first);
    EXPECT_EQ(*next, "<p>8</p>");
    EXPECT_EQ(*first, "<p>7</p>") << "a text already served stays as it was";
}

TEST(UptimeText, WithoutAMarkerServesTheTextAsItIs)
{
    const UptimeText text("plain", UptimeText::MARKER, at(0), &seconds);
    EXPECT_EQ(*text.at(at(5)), "plain");
    EXPECT_EQ(text.at(at(5)), text.at(at(99)));
    EXPECT_EQ(*UptimeText().at(), "");
}

TEST(UptimeText, ManyThreadsReadItAtOnce)
{
    const UptimeText text(std::string("a") + UptimeText::MARKER + "b", UptimeText::MARKER, at(0), &seconds);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back(
            [&text, t]
            {
                for (int i = 0; i < 2000; ++i)
                {
                    const int second = (i + t) % 5;
                    EXPECT_EQ(*text.at(at(second + 0.5)), "a" + std::to_string(second) + "b");
                }
            });
    for (auto& thread : threads)
        thread.join();
}
