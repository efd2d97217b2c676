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
constexpr char PHASE = 'P';
constexpr char ERROR = 'E';
constexpr char DONE = 'D';

/// Set in a pre-flight child only.
bool inPreflightChild = false;

/// One forked trial, seen from the parent.
struct Child
{
    std::string path;
    pid_t pid = -1;
    int pipe = -1;  ///< read end of the report pipe
    int pidfd = -1; ///< readable once the child has exited
    std::string received;
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

[[noreturn]] void runChild(const std::string& path, const PluginPreflight::Trial& trial, int reportFd, pid_t parent)
{
    inPreflightChild = true;
    if (reportFd != REPORT_FD)
    {
        ::dup2(reportFd, REPORT_FD);
        ::close(reportFd);
    }
    closeInheritedDescriptors();
    // A trial that never returns must not outlive the server (or the thread that forked it).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent)
        ::_exit(1);
    ::dup2(STDERR_FILENO, STDOUT_FILENO); // what a plugin prints never lands in --check's report
    const rlimit noCore{0, 0};
    ::setrlimit(RLIMIT_CORE, &noCore); // a crash here is expected and reported, not dumped
    PluginPreflight::Report report(REPORT_FD);
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
    ::_exit(0);
}

/// Reads what is there without blocking; returns false at end of file.
bool drain(Child& child)
{
    char buffer[4096];
    for (;;)
    {
        const ssize_t n = ::read(child.pipe, buffer, sizeof buffer);
        if (n > 0)
            child.received.append(buffer, static_cast<std::size_t>(n));
        else if (n < 0 && errno == EINTR)
            continue;
        else
            return n < 0 && errno == EAGAIN; // 0 or an error: nothing more will come
    }
}

std::string seconds(Poco::Timespan timeout)
{
    std::ostringstream out;
    out << static_cast<double>(timeout.totalMilliseconds()) / 1000.0 << " s";
    return out.str();
}

PluginPreflight::Verdict verdictOf(const Child& child, Poco::Timespan timeout)
{
    PluginPreflight::Verdict verdict;
    std::string phase = "dlopen()";
    bool done = false;
    std::istringstream lines(child.received);
    for (std::string line; std::getline(lines, line);)
    {
        if (line.empty())
            continue;
        const std::string text = line.substr(1);
        if (line[0] == PHASE)
            phase = text;
        else if (line[0] == ERROR)
            verdict.errors.push_back(text);
        else if (line[0] == DONE)
            done = true;
    }
    if (child.killed)
        verdict.errors = {"did not answer within " + seconds(timeout) + " in " + phase + " (plugins.loadTimeout)"};
    else if (WIFSIGNALED(child.status))
        verdict.errors = {std::string("crashed with SIG") + ::sigabbrev_np(WTERMSIG(child.status)) + " in " + phase};
    else if (!done || WEXITSTATUS(child.status) != 0)
        verdict.errors = {"exited " + std::to_string(WEXITSTATUS(child.status)) + " in " + phase};
    verdict.passed = verdict.errors.empty();
    return verdict;
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
        runChild(child.path, trial, fds[1], parent);
    }
    ::close(fds[1]);
    child.pipe = fds[0];
    if (child.pid < 0)
        throw std::system_error(errno, std::generic_category(), "fork");
    ::fcntl(child.pipe, F_SETFL, O_NONBLOCK);
    child.pidfd = static_cast<int>(::syscall(SYS_pidfd_open, child.pid, 0));
    if (child.pidfd < 0)
        throw std::system_error(errno, std::generic_category(), "pidfd_open");
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
                                                                     const Trial& trial, Poco::Timespan timeout)
{
    std::vector<Child> children(paths.size());
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
    std::map<std::string, Verdict> verdicts;
    try
    {
        for (std::size_t i = 0; i < paths.size(); ++i)
        {
            children[i].path = paths[i];
            fork(children[i], trial);
        }

        const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(timeout.totalMicroseconds());
        for (;;)
        {
            std::vector<pollfd> watched;
            std::vector<Child*> owners;
            for (Child& child : children)
            {
                if (child.exited)
                    continue;
                watched.push_back({child.pidfd, POLLIN, 0});
                owners.push_back(&child);
                if (child.pipeOpen)
                {
                    watched.push_back({child.pipe, POLLIN, 0});
                    owners.push_back(&child);
                }
            }
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (watched.empty() || left.count() <= 0)
                break;
            const int ready = ::poll(watched.data(), watched.size(), static_cast<int>(left.count()) + 1);
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
        for (Child& child : children)
        {
            if (child.exited)
                continue;
            child.killed = true;
            ::kill(child.pid, SIGKILL);
            ::waitpid(child.pid, &child.status, 0);
            child.exited = true;
            drain(child);
        }
        for (const Child& child : children)
            verdicts[child.path] = verdictOf(child, timeout);
    }
    catch (...)
    {
        release();
        throw;
    }
    release();
    return verdicts;
}

} // namespace labmock
