//
// GoodProvider.cpp
//
// Test plugin that follows the SDK: one group, configured from plugins.good.*.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

#include <Poco/Util/AbstractConfiguration.h>

namespace
{

/// Declares "Test Group" (renamed by plugins.good.groupName) with a required variable,
/// a variable flagged secret whose name does not look like one, and an optional one.
/// plugins.good.problem makes it report that text through problems().
class GoodProvider : public labmock::GroupProvider
{
public:
    void configure(const Poco::Util::AbstractConfiguration& config) override
    {
        _groupName = config.getString("groupName", _groupName);
        _problem = config.getString("problem", "");
    }

    std::vector<labmock::Group> groups() override
    {
        return {{_groupName,
                 "Declared by the good test plugin",
                 {
                     {"TEST_GOOD_USER", false, true},
                     {"TEST_GOOD_PIN", true, true},
                     {"TEST_GOOD_COLOUR", false, false},
                 }}};
    }

    std::vector<std::string> problems() const override
    {
        if (_problem.empty())
            return {};
        return {_problem};
    }

private:
    std::string _groupName = "Test Group";
    std::string _problem;
};

} // namespace

LABMOCK_PLUGIN(GoodProvider)
