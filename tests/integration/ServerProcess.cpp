//
// ServerProcess.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ServerProcess.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <regex>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace labmock::test
{

namespace
{

std::vector<std::string> environmentStrings(const ServerProcess::Environment& env)
{
    std::vector<std::string> strings;
    if (!env.count("PATH"))
        strings.emplace_back("PATH=/usr/local/bin:/usr/bin:/bin");
    for (const auto& [name, value] : env)
        strings.push_back(name + "=" + value);
    // A sanitizer build's settings reach the server too (they are not the server's input).
    for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "TSAN_OPTIONS", "LSAN_OPTIONS"})
    {
        const char* value = std::getenv(name);
        if (value && !env.count(name))
            strings.push_back(std::string(name) + "=" + value);
    }
    return strings;
}

/// fork + execve with exactly env; stdin from inFd (or /dev/null), stdout+stderr to the pipes.
/// Who the child runs as: the test's own user unless a switch is asked for.
struct Identity
{
    bool change = false;
    uid_t uid = 0;
    gid_t gid = 0;
};

int spawn(const std::vector<std::string>& args, const ServerProcess::Environment& env, int inFd, int outFd, int errFd,
          Identity identity = {})
{
    std::vector<std::string> argStrings{ServerProcess::binary()};
    argStrings.insert(argStrings.end(), args.begin(), args.end());
    const std::vector<std::string> envStrings = environmentStrings(env);
    std::vector<char*> argv, envp;
    for (const auto& a : argStrings)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (const auto& e : envStrings)
        envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);

    const pid_t pid = ::fork();
    if (pid < 0)
        throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0)
    {
        const int devNull = ::open("/dev/null", O_RDONLY);
        ::dup2(inFd >= 0 ? inFd : devNull, 0);
        ::dup2(outFd, 1);
        ::dup2(errFd, 2);
        // The test process may block signals; the server must start with a clean mask.
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        if (identity.change
            && (::setgroups(0, nullptr) != 0 || ::setgid(identity.gid) != 0 || ::setuid(identity.uid) != 0))
            ::_exit(126);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    return pid;
}

int decodeStatus(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return -1;
}

} // namespace

std::string ServerProcess::binary()
{
    return LABMOCK_SERVER_BINARY;
}

ServerProcess::ServerProcess(std::vector<std::string> args, Environment env)
    : ServerProcess(std::move(args), std::move(env), ~0u, ~0u)
{
}

ServerProcess::ServerProcess(std::vector<std::string> args, Environment env, unsigned uid, unsigned gid)
{
    bool hasPort = false, hasAddress = false;
    for (const auto& arg : args)
    {
        hasPort = hasPort || arg.rfind("--port", 0) == 0 || arg.rfind("--define=http.port", 0) == 0;
        hasAddress = hasAddress || arg.rfind("--address", 0) == 0;
    }
    if (!hasAddress)
        args.insert(args.begin(), "--address=127.0.0.1");
    if (!hasPort)
        args.insert(args.begin(), "--port=0");

    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe failed");
    const Identity identity{uid != ~0u, static_cast<uid_t>(uid), static_cast<gid_t>(gid)};
    _pid = spawn(args, env, -1, pipeFds[1], pipeFds[1], identity);
    ::close(pipeFds[1]);
    _reader = std::thread([this, fd = pipeFds[0]] { readOutput(fd); });

    std::unique_lock<std::mutex> lock(_mutex);
    static const std::regex listening("listening on [^ ]*:([0-9]+)");
    std::smatch match;
    const bool started = _changed.wait_for(lock, std::chrono::seconds(20),
                                           [&] { return std::regex_search(_log, match, listening) || _closed; });
    if (!started || !std::regex_search(_log, match, listening))
    {
        const std::string output = _log;
        lock.unlock();
        ::kill(_pid, SIGKILL);
        waitForExit();
        throw std::runtime_error("lab-mock-server did not start; it said:\n" + output);
    }
    _port = static_cast<unsigned short>(std::stoi(match[1]));
}

ServerProcess::~ServerProcess()
{
    if (_exitCode < 0 && _pid > 0)
    {
        ::kill(_pid, SIGTERM);
        if (waitForExit() < 0)
        {
            ::kill(_pid, SIGKILL);
            waitForExit();
        }
    }
    if (_reader.joinable())
        _reader.join();
}

void ServerProcess::readOutput(int fd)
{
    char buffer[4096];
    for (;;)
    {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        const std::lock_guard<std::mutex> lock(_mutex);
        _log.append(buffer, static_cast<std::size_t>(n));
        _changed.notify_all();
    }
    ::close(fd);
    const std::lock_guard<std::mutex> lock(_mutex);
    _closed = true;
    _changed.notify_all();
}

unsigned short ServerProcess::port() const
{
    return _port;
}

int ServerProcess::pid() const
{
    return _pid;
}

HttpResult ServerProcess::request(const std::string& method, const std::string& target,
                                  const std::map<std::string, std::string>& headers) const
{
    return HttpClient::request(_port, method, target, headers);
}

HttpResult ServerProcess::get(const std::string& target, const std::map<std::string, std::string>& headers) const
{
    return request(Poco::Net::HTTPRequest::HTTP_GET, target, headers);
}

std::string ServerProcess::raw(const std::string& bytes, std::chrono::milliseconds limit) const
{
    return HttpClient::raw(_port, bytes, limit);
}

void ServerProcess::signal(int signal) const
{
    ::kill(_pid, signal);
}

bool ServerProcess::waitForLog(const std::string& needle, std::size_t from, std::chrono::milliseconds limit) const
{
    std::unique_lock<std::mutex> lock(_mutex);
    return _changed.wait_for(lock, limit, [&] { return _log.find(needle, from) != std::string::npos; });
}

int ServerProcess::waitForExit(std::chrono::milliseconds limit)
{
    if (_exitCode >= 0)
        return _exitCode;
    // The end of the server's output (the pipe closes when the process ends) is the signal;
    // after it, waitpid returns at once.
    {
        std::unique_lock<std::mutex> lock(_mutex);
        if (!_changed.wait_for(lock, limit, [this] { return _closed; }))
            return -1;
    }
    int status = 0;
    if (::waitpid(_pid, &status, 0) != _pid)
        return -1;
    _exitCode = decodeStatus(status);
    return _exitCode;
}

std::string ServerProcess::log() const
{
    const std::lock_guard<std::mutex> lock(_mutex);
    return _log;
}

RunResult ServerProcess::run(const std::vector<std::string>& args, const Environment& env, const std::string& input,
                             std::chrono::milliseconds limit)
{
    int inPipe[2], outPipe[2], errPipe[2];
    if (::pipe2(inPipe, O_CLOEXEC) != 0 || ::pipe2(outPipe, O_CLOEXEC) != 0 || ::pipe2(errPipe, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe failed");
    const int pid = spawn(args, env, inPipe[0], outPipe[1], errPipe[1]);
    ::close(inPipe[0]);
    ::close(outPipe[1]);
    ::close(errPipe[1]);
    std::thread writer(
        [fd = inPipe[1], input]
        {
            std::size_t done = 0;
            while (done < input.size())
            {
                const ssize_t n = ::write(fd, input.data() + done, input.size() - done);
                if (n <= 0)
                    break;
                done += static_cast<std::size_t>(n);
            }
            ::close(fd);
        });

    RunResult result;
    pollfd fds[2] = {{outPipe[0], POLLIN, 0}, {errPipe[0], POLLIN, 0}};
    std::string* sinks[2] = {&result.out, &result.err};
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int open = 2;
    while (open > 0)
    {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || ::poll(fds, 2, static_cast<int>(left.count())) <= 0)
            break;
        for (int i = 0; i < 2; ++i)
        {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char buffer[4096];
            const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0)
                sinks[i]->append(buffer, static_cast<std::size_t>(n));
            else
            {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
    for (auto& fd : fds)
        if (fd.fd >= 0)
        {
            ::kill(pid, SIGKILL);
            ::close(fd.fd);
        }
    writer.join();
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exitCode = decodeStatus(status);
    return result;
}

} // namespace labmock::test
