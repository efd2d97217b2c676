//
// PluginPreflight.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "PluginPreflight.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <poll.h>
#include <sstream>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

namespace labmock
{

namespace
{

/// The descriptor a child reports on; everything above it is closed in the child.
constexpr int REPORT_FD = 3;

/// Message kinds on the report pipe, one message per line.
constexpr char NEXT = 'N'; ///< the child's next trial begins (the first begins with the child)
constexpr char PHASE = 'P';
constexpr char ERROR = 'E';
constexpr char DONE = 'D';

/// Children forked at a time: each costs a process and two descriptors, and a folder of
/// thousands of files must exhaust neither.
constexpr std::size_t AT_ONCE = 16;

/// Set in a pre-flight child only.
bool inPreflightChild = false;

using Clock = std::chrono::steady_clock;

/// One forked child that tries its plugins in turn, seen from the parent.
struct Child
{
    std::vector<std::string> paths;
    pid_t pid = -1;
    int pipe = -1;  ///< read end of the report pipe
    int pidfd = -1; ///< readable once the child has exited
    std::string received;
    std::size_t scanned = 0;        ///< how much of received was looked at as it came
    Clock::time_point trialStarted; ///< of the trial in progress: each trial has its own deadline
    std::size_t trial = 0;          ///< the index in paths of the trial in progress
    bool trialReportedErrors = false;
    const PluginPreflight::Passed* passed = nullptr; ///< told of each trial that passes, as it does
    bool pipeOpen = true;
    bool exited = false;
    bool killed = false;
    int status = 0;
};

void closeInheritedDescriptors()
{
    if (::syscall(SYS_close_range, REPORT_FD + 1, ~0U, 0) == 0)
        return;
    for (int fd = REPORT_FD + 1; fd < 4096; ++fd) // kernels before 5.9
        ::close(fd);
}

[[noreturn]] void runChild(const std::vector<std::string>& paths, const PluginPreflight::Trial& trial, int reportFd,
                           pid_t parent)
{
    inPreflightChild = true;
    if (reportFd != REPORT_FD)
    {
        ::dup2(reportFd, REPORT_FD);
        ::close(reportFd);
    }
    closeInheritedDescriptors();
    // A crash must end the child with its own signal, not run a handler inherited from the
    // server (POCO's turns SIGSEGV into abort()). The control signals stay blocked, as in
    // the server: a SIGTERM to the process group is the server's to handle.
    for (const int fault : {SIGSEGV, SIGBUS, SIGILL, SIGFPE})
        std::signal(fault, SIG_DFL);
    // A trial that never returns must not outlive the server (or the thread that forked it).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent)
        ::_exit(1);
    ::dup2(STDERR_FILENO, STDOUT_FILENO); // what a plugin prints never lands in --check's report
    const rlimit noCore{0, 0};
    ::setrlimit(RLIMIT_CORE, &noCore); // a crash here is expected and reported, not dumped
    PluginPreflight::Report report(REPORT_FD);
    for (const auto& path : paths)
    {
        const char next[] = {NEXT, '\n'};
        if (&path != &paths.front())
            (void)!::write(REPORT_FD, next, sizeof next);
        try
        {
            trial(path, report);
        }
        catch (...)
        {
            report.error("the pre-flight trial failed with an exception");
        }
        const char done[] = {DONE, '\n'};
        (void)!::write(REPORT_FD, done, sizeof done);
    }
    ::_exit(0);
}

/// Reads what is there without blocking; returns false at end of file. The start of a
/// trial restarts the child's deadline; a trial that ended without errors is passed on.
bool drain(Child& child)
{
    char buffer[4096];
    bool open = false;
    for (;;)
    {
        const ssize_t n = ::read(child.pipe, buffer, sizeof buffer);
        if (n > 0)
            child.received.append(buffer, static_cast<std::size_t>(n));
        else if (n < 0 && errno == EINTR)
            continue;
        else
        {
            open = n < 0 && errno == EAGAIN; // 0 or an error: nothing more will come
            break;
        }
    }
    for (std::size_t end; (end = child.received.find('\n', child.scanned)) != std::string::npos;
         child.scanned = end + 1)
    {
        const char kind = child.received[child.scanned];
        if (kind == NEXT)
        {
            child.trialStarted = Clock::now();
            ++child.trial;
            child.trialReportedErrors = false;
        }
        else if (kind == ERROR)
            child.trialReportedErrors = true;
        else if (kind == DONE && !child.trialReportedErrors && child.passed && child.trial < child.paths.size())
            (*child.passed)(child.paths[child.trial]);
    }
    return open;
}

std::string seconds(Poco::Timespan timeout)
{
    std::ostringstream out;
    out << static_cast<double>(timeout.totalMilliseconds()) / 1000.0 << " s";
    return out.str();
}

/// Why the trial in progress did not finish: the child was killed, crashed or exited.
std::string howItEnded(const Child& child, Poco::Timespan timeout, const std::string& phase)
{
    if (child.killed)
        return "did not answer within " + seconds(timeout) + " in " + phase + " (plugins.loadTimeout)";
    if (WIFSIGNALED(child.status))
        return std::string("crashed with SIG") + ::sigabbrev_np(WTERMSIG(child.status)) + " in " + phase;
    return "exited " + std::to_string(WEXITSTATUS(child.status)) + " in " + phase;
}

/// What one trial of a child reported.
struct TrialReport
{
    std::string phase = "dlopen()";
    std::vector<std::string> errors;
    bool done = false;
};

/// Adds a verdict for each plugin whose trial the child finished, and for the one it was in
/// when it ended (how it ended is that plugin's verdict); returns the plugins it never reached.
std::vector<std::string> judge(const Child& child, Poco::Timespan timeout,
                               std::map<std::string, PluginPreflight::Verdict>& verdicts)
{
    std::vector<TrialReport> trials(1); // the first trial begins when the child does
    std::istringstream lines(child.received);
    for (std::string line; std::getline(lines, line);)
    {
        if (line.empty())
            continue;
        const std::string text = line.substr(1);
        if (line[0] == NEXT)
            trials.emplace_back();
        else if (line[0] == PHASE)
            trials.back().phase = text;
        else if (line[0] == ERROR)
            trials.back().errors.push_back(text);
        else if (line[0] == DONE)
            trials.back().done = true;
    }
    for (std::size_t i = 0; i < trials.size() && i < child.paths.size(); ++i)
    {
        const TrialReport& trial = trials[i];
        PluginPreflight::Verdict& verdict = verdicts[child.paths[i]];
        verdict.errors = trial.done ? trial.errors : std::vector<std::string>{howItEnded(child, timeout, trial.phase)};
        verdict.passed = verdict.errors.empty();
    }
    return {child.paths.begin() + static_cast<std::ptrdiff_t>(std::min(trials.size(), child.paths.size())),
            child.paths.end()};
}

void fork(Child& child, const PluginPreflight::Trial& trial)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw std::system_error(errno, std::generic_category(), "pipe");
    // Output buffered now would otherwise be written twice if a plugin calls exit().
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    const pid_t parent = ::getpid();
    child.pid = ::fork();
    if (child.pid == 0)
    {
        ::close(fds[0]);
        runChild(child.paths, trial, fds[1], parent);
    }
    ::close(fds[1]);
    child.pipe = fds[0];
    child.trialStarted = Clock::now();
    if (child.pid < 0)
        throw std::system_error(errno, std::generic_category(), "fork");
    ::fcntl(child.pipe, F_SETFL, O_NONBLOCK);
    child.pidfd = static_cast<int>(::syscall(SYS_pidfd_open, child.pid, 0));
    if (child.pidfd < 0)
        throw std::system_error(errno, std::generic_category(), "pidfd_open");
}

/// Forks the children, lets each trial run at most timeout, and adds the verdicts; returns the
/// plugins whose child ended before it reached them.
std::vector<std::string> supervise(std::vector<Child>& children, const PluginPreflight::Trial& trial,
                                   Poco::Timespan timeout, std::map<std::string, PluginPreflight::Verdict>& verdicts)
{
    const auto release = [&children]
    {
        for (Child& child : children)
        {
            if (child.pid > 0 && !child.exited)
            {
                ::kill(child.pid, SIGKILL);
                ::waitpid(child.pid, &child.status, 0);
            }
            for (const int fd : {child.pipe, child.pidfd})
                if (fd >= 0)
                    ::close(fd);
        }
    };
    std::vector<std::string> unreached;
    try
    {
        for (Child& child : children)
            fork(child, trial);

        const auto limit = std::chrono::microseconds(timeout.totalMicroseconds());
        for (;;)
        {
            std::vector<pollfd> watched;
            std::vector<Child*> owners;
            auto wake = Clock::time_point::max();
            for (Child& child : children)
            {
                if (child.exited)
                    continue;
                if (Clock::now() >= child.trialStarted + limit)
                {
                    child.killed = true;
                    ::kill(child.pid, SIGKILL);
                    ::waitpid(child.pid, &child.status, 0);
                    child.exited = true;
                    drain(child);
                    continue;
                }
                wake = std::min(wake, child.trialStarted + limit);
                watched.push_back({child.pidfd, POLLIN, 0});
                owners.push_back(&child);
                if (child.pipeOpen)
                {
                    watched.push_back({child.pipe, POLLIN, 0});
                    owners.push_back(&child);
                }
            }
            if (watched.empty())
                break;
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(wake - Clock::now());
            const int ready =
                ::poll(watched.data(), watched.size(), static_cast<int>(std::max<long>(0, left.count())) + 1);
            if (ready < 0 && errno != EINTR)
                throw std::system_error(errno, std::generic_category(), "poll");
            for (std::size_t w = 0; ready > 0 && w < watched.size(); ++w)
            {
                Child& child = *owners[w];
                if (!watched[w].revents)
                    continue;
                if (watched[w].fd == child.pipe)
                    child.pipeOpen = drain(child); // at end of file, the exit shows on the pidfd
                else if (watched[w].fd == child.pidfd && ::waitpid(child.pid, &child.status, WNOHANG) == child.pid)
                {
                    child.exited = true;
                    drain(child); // whatever it wrote just before it ended
                }
            }
        }
        for (const Child& child : children)
        {
            const auto notReached = judge(child, timeout, verdicts);
            unreached.insert(unreached.end(), notReached.begin(), notReached.end());
        }
    }
    catch (...)
    {
        release();
        throw;
    }
    release();
    return unreached;
}

} // namespace

/// Asked by LeakSanitizer (sanitizer builds only) before its check at exit. A child ends
/// when a plugin calls exit(), with the plugin it loaded deliberately never released:
/// that is not a leak, and the check would turn "exited 3" into an abort.
extern "C" int __lsan_is_turned_off()
{
    return inPreflightChild ? 1 : 0;
}

PluginPreflight::Report::Report(int fd) : _fd(fd)
{
}

void PluginPreflight::Report::phase(const std::string& name)
{
    send(PHASE, name);
}

void PluginPreflight::Report::error(const std::string& message)
{
    send(ERROR, message);
}

void PluginPreflight::Report::send(char kind, const std::string& text)
{
    std::string line(1, kind);
    for (const char c : text)
        line += (c == '\n' || c == '\r') ? ' ' : c;
    line += '\n';
    for (std::size_t sent = 0; sent < line.size();)
    {
        const ssize_t n = ::write(_fd, line.data() + sent, line.size() - sent);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        sent += static_cast<std::size_t>(n);
    }
}

std::map<std::string, PluginPreflight::Verdict> PluginPreflight::run(const std::vector<std::string>& paths,
                                                                     const Trial& trial, Poco::Timespan timeout,
                                                                     const Passed& passed)
{
    std::map<std::string, Verdict> verdicts;
    if (paths.empty())
        return verdicts;
    // One child tries every plugin in turn: the usual case, all plugins sound, costs one fork.
    std::vector<Child> all(1);
    all.front().paths = paths;
    if (passed)
        all.front().passed = &passed;
    std::vector<std::string> unreached = supervise(all, trial, timeout, verdicts);
    // Once a plugin has brought that child down, the plugins it never reached are tried each in
    // a child of its own, AT_ONCE at a time, so that a folder of bad plugins costs one
    // plugins.loadTimeout per AT_ONCE of them rather than one each.
    for (std::size_t first = 0; first < unreached.size(); first += AT_ONCE)
    {
        std::vector<Child> alone(std::min(AT_ONCE, unreached.size() - first));
        for (std::size_t i = 0; i < alone.size(); ++i)
            alone[i].paths = {unreached[first + i]};
        try
        {
            supervise(alone, trial, timeout, verdicts);
        }
        catch (const std::exception& e)
        {
            // Out of processes or descriptors: these plugins are not tried, so not loaded;
            // the verdicts found so far stand.
            for (const Child& child : alone)
                verdicts[child.paths.front()] = {false, {std::string("not tried: ") + e.what()}};
        }
    }
    return verdicts;
}

} // namespace labmock
