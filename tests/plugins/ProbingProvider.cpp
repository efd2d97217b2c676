//
// ProbingProvider.cpp
//
// Test plugin that implements the optional probe interface, with scripted outcomes.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <labmock/Plugin.h>

#include <stdexcept>
#include <thread>

namespace
{

/// Declares "Probed Group" (PROBE_MODE, PROBE_TOKEN secret) and "Quiet Group", for which
/// canProbe() says false. The probe does what PROBE_MODE says: "ok" and "fail" answer so
/// and echo the token in reason and details (the core must scrub it), "throw" throws,
/// "late" answers ok two seconds after the deadline (the core must not believe it).
class ProbingProvider : public labmock::GroupProvider, public labmock::GroupProber
{
public:
    std::vector<labmock::Group> groups() override
    {
        return {{"Probed Group",
                 "Declared by the probing test plugin",
                 {{"PROBE_MODE", false, false}, {"PROBE_TOKEN", true, false}}},
                {"Quiet Group", "Never probed", {{"PROBE_QUIET", false, false}}}};
    }

    bool canProbe(const std::string& group) const override
    {
        return group == "Probed Group";
    }

    labmock::ProbeResult probe(const std::string&, const std::map<std::string, std::string>& values,
                               std::chrono::steady_clock::time_point deadline) override
    {
        const auto mode = values.find("PROBE_MODE");
        const auto token = values.find("PROBE_TOKEN");
        const std::string secret = token == values.end() ? "" : token->second;
        const std::string what = mode == values.end() ? "" : mode->second;
        if (what == "throw")
            throw std::runtime_error("scripted failure with token " + secret);
        if (what == "late")
            std::this_thread::sleep_until(deadline + std::chrono::seconds(2));
        labmock::ProbeResult result;
        result.ok = what == "ok" || what == "late";
        result.reason = (result.ok ? "accepted token " : "rejected token ") + secret;
        result.details.emplace_back("token", secret);
        result.details.emplace_back("mode", what);
        return result;
    }
};

} // namespace

LABMOCK_PLUGIN(ProbingProvider)
