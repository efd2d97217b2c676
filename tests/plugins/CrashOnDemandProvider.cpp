//
// CrashOnDemandProvider.cpp
//
// Test plugin that works until a file appears, then dies of SIGSEGV in groups(): a plugin
// that goes bad between two scans.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

#include <Poco/File.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <csignal>

namespace
{

class CrashOnDemandProvider : public labmock::GroupProvider
{
public:
    void configure(const Poco::Util::AbstractConfiguration& config) override
    {
        _trigger = config.getString("crashWhenExists", "");
    }

    std::vector<labmock::Group> groups() override
    {
        if (!_trigger.empty() && Poco::File(_trigger).exists())
            std::raise(SIGSEGV);
        return {{"On-demand Group", "Served until its trigger file appears", {{"TEST_ON_DEMAND"}}}};
    }

private:
    std::string _trigger;
};

} // namespace

LABMOCK_PLUGIN(CrashOnDemandProvider)
