//
// BenchProvider.cpp
//
// A test plugin for the start-up benchmark: one group named after the plugin's number.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

#include <string>

/// Defined by each generated plugin (tools/CMakeLists.txt), so that every copy declares
/// its own group and the catalog reports no duplicates.
int benchPluginIndex();

namespace
{

/// Declares "Bench N" with five optional variables BENCH_N_VAR1..5 (VAR5 a secret), the
/// size of the original's groups.
class BenchProvider : public labmock::GroupProvider
{
public:
    std::vector<labmock::Group> groups() override
    {
        const std::string number = std::to_string(benchPluginIndex());
        labmock::Group group{
            "Bench " + number, "Generated plugin number " + number + " for the start-up benchmark", {}};
        for (int var = 1; var <= 5; ++var)
            group.variables.push_back({"BENCH_" + number + "_VAR" + std::to_string(var), var == 5, false});
        return {group};
    }
};

} // namespace

LABMOCK_PLUGIN(BenchProvider)
