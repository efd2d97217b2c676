//
// ProcessMetricsTest.cpp
//
// ProcessMetrics: the standard process_* series, with values that match this process.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ProcessMetrics.h"

#include "Promtool.h"

#include <Poco/RegularExpression.h>

#include <gtest/gtest.h>

#include <ctime>
#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <vector>

using labmock::ProcessMetrics;

namespace
{

std::string rendered()
{
    std::string out;
    ProcessMetrics::render(out);
    return out;
}

/// The value of the unlabelled sample name; -1 when there is none.
double sample(const std::string& text, const std::string& name)
{
    const Poco::RegularExpression line("^" + name + " ([0-9.e+]+)$", Poco::RegularExpression::RE_MULTILINE);
    std::vector<std::string> groups;
    if (line.split(text, groups) < 2)
        return -1;
    return std::stod(groups[1]);
}

} // namespace

TEST(ProcessMetrics, ExportsTheStandardSeriesWithPlausibleValues)
{
    const std::string text = rendered();
    EXPECT_GE(sample(text, "process_cpu_seconds_total"), 0) << text;
    EXPECT_GT(sample(text, "process_resident_memory_bytes"), 1 << 20) << text; // a running test binary
    EXPECT_GT(sample(text, "process_virtual_memory_bytes"), sample(text, "process_resident_memory_bytes"));
    EXPECT_GE(sample(text, "process_open_fds"), 3) << text; // stdin, stdout, stderr
    EXPECT_GE(sample(text, "process_max_fds"), sample(text, "process_open_fds"));
    const double started = sample(text, "process_start_time_seconds");
    const double now = static_cast<double>(std::time(nullptr));
    EXPECT_LE(started, now + 2) << text;
    EXPECT_GT(started, now - 3600) << "this test process started within the hour";
    EXPECT_NE(text.find("# TYPE process_cpu_seconds_total counter\n"), std::string::npos);
}

TEST(ProcessMetrics, CountsOpenDescriptors)
{
    const double before = sample(rendered(), "process_open_fds");
    const int fd = ::open("/dev/null", O_RDONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(sample(rendered(), "process_open_fds"), before + 1);
    ::close(fd);
}

TEST(ProcessMetrics, PassesPromtool)
{
    if (labmock::test::promtool().empty())
        GTEST_SKIP() << labmock::test::PROMTOOL_MISSING;
    std::string output;
    EXPECT_EQ(labmock::test::checkMetrics(rendered(), output), 0) << output;
}
