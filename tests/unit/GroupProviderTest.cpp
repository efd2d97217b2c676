//
// GroupProviderTest.cpp
//
// GroupProvider: the SDK's default configure() and problems().
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/GroupProvider.h>

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include <gtest/gtest.h>

namespace
{

/// The least a plugin must write: groups().
class MinimalProvider : public labmock::GroupProvider
{
public:
    std::vector<labmock::Group> groups() override
    {
        return {{"Minimal", "", {{"MINIMAL_VAR"}}}};
    }
};

} // namespace

TEST(GroupProvider, DefaultsIgnoreConfigurationAndReportNoProblems)
{
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    config->setString("anything", "x");
    MinimalProvider provider;
    labmock::GroupProvider& base = provider;
    EXPECT_NO_THROW(base.configure(*config));
    EXPECT_TRUE(base.problems().empty());
    ASSERT_EQ(base.groups().size(), 1u);
}

TEST(GroupProvider, AVariableIsRequiredAndNotSecretUnlessSaid)
{
    const labmock::Variable variable{"X"};
    EXPECT_FALSE(variable.secret);
    EXPECT_TRUE(variable.required);
}
