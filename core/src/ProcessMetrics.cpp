//
// ProcessMetrics.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ProcessMetrics.h"

#include <Poco/NumberFormatter.h>

#include <dirent.h>
#include <fstream>
#include <sstream>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

namespace labmock
{

namespace
{

void gauge(std::string& out, const char* name, const char* help, const char* type, const std::string& value)
{
    out +=
        std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " + value + "\n";
}

/// The fields of /proc/self/stat after the command name, numbered as proc(5) numbers them
/// (fields[0] is field 3, the state); empty when it cannot be read.
std::vector<std::string> statFields()
{
    std::ifstream file("/proc/self/stat");
    std::string line;
    std::getline(file, line);
    const std::size_t end = line.rfind(')'); // the name may hold spaces and parentheses
    std::vector<std::string> fields;
    if (end == std::string::npos)
        return fields;
    std::istringstream rest(line.substr(end + 1));
    for (std::string field; rest >> field;)
        fields.push_back(field);
    return fields;
}

/// Seconds since the epoch at boot ("btime" of /proc/stat); 0 when unknown.
double bootTime()
{
    std::ifstream file("/proc/stat");
    for (std::string line; std::getline(file, line);)
    {
        if (line.compare(0, 6, "btime ") == 0)
            return std::stod(line.substr(6));
    }
    return 0;
}

long openDescriptors()
{
    DIR* dir = ::opendir("/proc/self/fd");
    if (!dir)
        return -1;
    long count = 0;
    while (const dirent* entry = ::readdir(dir))
    {
        if (entry->d_name[0] != '.')
            ++count;
    }
    ::closedir(dir);
    return count - 1; // not the descriptor that read the directory
}

} // namespace

void ProcessMetrics::render(std::string& out)
{
    const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
    const std::vector<std::string> stat = statFields();
    // proc(5): utime 14, stime 15, starttime 22, vsize 23, rss 24 (fields[n - 3]).
    if (stat.size() >= 22 && ticks > 0)
    {
        try
        {
            const double cpu = (std::stod(stat[11]) + std::stod(stat[12])) / ticks;
            gauge(out, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", "counter",
                  Poco::NumberFormatter::format(cpu, 2));
            gauge(out, "process_resident_memory_bytes", "Resident memory size in bytes.", "gauge",
                  std::to_string(std::stoull(stat[21]) * static_cast<unsigned long long>(::sysconf(_SC_PAGESIZE))));
            gauge(out, "process_virtual_memory_bytes", "Virtual memory size in bytes.", "gauge", stat[20]);
            static const double boot = bootTime();
            if (boot > 0)
                gauge(out, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                      "gauge", Poco::NumberFormatter::format(boot + std::stod(stat[19]) / ticks, 2));
        }
        catch (const std::exception&)
        {
            // A kernel that writes something else here: the process metrics are left out.
        }
    }
    const long open = openDescriptors();
    if (open >= 0)
        gauge(out, "process_open_fds", "Number of open file descriptors.", "gauge", std::to_string(open));
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0)
        gauge(out, "process_max_fds", "Maximum number of open file descriptors.", "gauge",
              limit.rlim_cur == RLIM_INFINITY ? std::string("+Inf") : std::to_string(limit.rlim_cur));
}

} // namespace labmock
