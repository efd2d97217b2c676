//
// InstanceInfoTest.cpp
//
// InstanceInfo: host name, instance.name, the downward API's pod facts, start and uptime.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "InstanceInfo.h"

#include "EnvironmentGuard.h"

#include <Poco/Environment.h>

#include <gtest/gtest.h>

using labmock::InstanceInfo;
using labmock::test::EnvironmentGuard;

TEST(InstanceInfo, DefaultsItsNameToTheHostName)
{
    const InstanceInfo instance = InstanceInfo::detect();
    EXPECT_EQ(instance.hostName(), Poco::Environment::nodeName());
    EXPECT_EQ(instance.name(), instance.hostName());
    EXPECT_EQ(InstanceInfo::detect("  replica-a ").name(), "replica-a");
}

TEST(InstanceInfo, TakesPodNamespaceNodeAndIpFromTheDownwardApi)
{
    const EnvironmentGuard pod("POD_NAME", "web-7f9c-x2");
    const EnvironmentGuard ns("POD_NAMESPACE", "lab");
    const EnvironmentGuard node("NODE_NAME", "node-3");
    const EnvironmentGuard ip("POD_IP", "10.1.2.3");
    const InstanceInfo instance = InstanceInfo::detect();
    EXPECT_EQ(instance.pod(), "web-7f9c-x2");
    EXPECT_EQ(instance.podNamespace(), "lab");
    EXPECT_EQ(instance.node(), "node-3");
    EXPECT_EQ(instance.ip(), "10.1.2.3");
    const auto facts = instance.facts();
    ASSERT_EQ(facts.size(), 6u);
    EXPECT_EQ(facts[2], std::make_pair(std::string("pod"), std::string("web-7f9c-x2")));
    EXPECT_EQ(facts[5], std::make_pair(std::string("IP"), std::string("10.1.2.3")));
}

TEST(InstanceInfo, KnowsOnlyWhatIsSet)
{
    const EnvironmentGuard pod("POD_NAME", std::nullopt);
    const EnvironmentGuard ns("POD_NAMESPACE", std::nullopt);
    const EnvironmentGuard node("NODE_NAME", std::nullopt);
    const EnvironmentGuard ip("POD_IP", "bad\nvalue");
    const InstanceInfo instance = InstanceInfo::detect();
    EXPECT_EQ(instance.facts().size(), 3u);
    EXPECT_EQ(instance.ip(), "bad\\nvalue") << "made printable";
    const auto json = instance.toJson();
    EXPECT_TRUE(json->isNull("pod"));
    EXPECT_TRUE(json->isNull("node"));
    EXPECT_EQ(json->getValue<std::string>("ip"), "bad\\nvalue");
    EXPECT_FALSE(json->has("readAt"));
}

TEST(InstanceInfo, StartedWhenTheProcessDidAndWritesTimesInUtc)
{
    const Poco::Timestamp start = InstanceInfo::processStartTime();
    EXPECT_LE(start, Poco::Timestamp());
    EXPECT_EQ(InstanceInfo::detect().startTime(), start);
    EXPECT_EQ(InstanceInfo::iso8601(Poco::Timestamp(0)), "1970-01-01T00:00:00Z");
    EXPECT_EQ(InstanceInfo::iso8601(Poco::Timestamp(1796457612LL * Poco::Timespan::SECONDS + 999999)),
              "2026-12-05T08:00:12Z");
    const Poco::Timestamp readAt(0);
    EXPECT_EQ(InstanceInfo("n", "h", Poco::Timestamp(0)).toJson(&readAt)->getValue<std::string>("readAt"),
              "1970-01-01T00:00:00Z");
}

TEST(InstanceInfo, WritesDurationsInWholeUnits)
{
    using Poco::Timespan;
    EXPECT_EQ(InstanceInfo::durationText(Timespan(0, 0)), "0s");
    EXPECT_EQ(InstanceInfo::durationText(Timespan(45, 999999)), "45s");
    EXPECT_EQ(InstanceInfo::durationText(Timespan(185, 0)), "3m 05s");
    EXPECT_EQ(InstanceInfo::durationText(Timespan(7385, 0)), "2h 03m 05s");
    EXPECT_EQ(InstanceInfo::durationText(Timespan(4, 2, 3, 5, 0)), "4d 02h 03m 05s");
    EXPECT_EQ(InstanceInfo::durationText(Timespan(-5, 0)), "0s");
}
