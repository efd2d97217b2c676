//
// RecordingConfigurationTest.cpp
//
// RecordingConfiguration: what was read and listed through it, and nothing written.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "RecordingConfiguration.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/MapConfiguration.h>

#include <gtest/gtest.h>

using labmock::RecordingConfiguration;

TEST(RecordingConfiguration, RecordsReadsAndListingsAndRefusesWrites)
{
    Poco::AutoPtr<Poco::Util::MapConfiguration> map = new Poco::Util::MapConfiguration;
    map->setString("a", "1");
    map->setString("b.c", "2");
    RecordingConfiguration::Ptr recording = new RecordingConfiguration(map);
    EXPECT_EQ(recording->getString("a"), "1");
    EXPECT_FALSE(recording->has("z"));
    EXPECT_EQ(recording->keysRead(), (std::set<std::string>{"a", "z"}));
    EXPECT_FALSE(recording->wasRead("b.c"));
    Poco::Util::AbstractConfiguration::Keys keys;
    recording->keys("b", keys);
    EXPECT_TRUE(recording->wasRead("b.c"));
    EXPECT_THROW(recording->setString("a", "2"), Poco::InvalidAccessException);
}
