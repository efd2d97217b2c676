//
// ServerProcess.h
//
// The real lab-mock-server binary, started for a test on an ephemeral loopback port.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_TEST_SERVERPROCESS_INCLUDED
#define LABMOCK_TEST_SERVERPROCESS_INCLUDED

#include "HttpClient.h"

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace labmock::test
{

/// What a one-shot run of the binary printed and returned.
struct RunResult
{
    int exitCode = -1;
    std::string out;
    std::string err;
};

/// Starts the binary with exactly the given environment (nothing inherited but PATH),
/// `--address=127.0.0.1 --port=0` unless the arguments say otherwise, and waits for its
/// "listening on" log line — the readiness signal — to learn the port. Collects stderr.
/// Stops the process with SIGTERM when destroyed. Used by one test thread.
class ServerProcess
{
public:
    using Environment = std::map<std::string, std::string>;

    /// Throws std::runtime_error with the collected output when the server exits or
    /// says nothing within the start-up limit.
    explicit ServerProcess(std::vector<std::string> args = {}, Environment env = {});

    /// The same, with the server running as user uid/gid (the test must run as root to
    /// switch): lets a root test suite see what permissions do to a normal user.
    ServerProcess(std::vector<std::string> args, Environment env, unsigned uid, unsigned gid);
    ~ServerProcess();

    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    unsigned short port() const;
    int pid() const;

    /// One request on a fresh connection.
    HttpResult request(const std::string& method, const std::string& target,
                       const std::map<std::string, std::string>& headers = {}) const;
    HttpResult get(const std::string& target, const std::map<std::string, std::string>& headers = {}) const;

    /// Sends bytes as they are on a fresh connection and returns all bytes that come back
    /// until the server closes the connection or `limit` passes.
    std::string raw(const std::string& bytes, std::chrono::milliseconds limit = std::chrono::seconds(5)) const;

    void signal(int signal) const;

    /// Waits until the log holds needle (after `from` bytes of it); false after limit.
    bool waitForLog(const std::string& needle, std::size_t from = 0,
                    std::chrono::milliseconds limit = std::chrono::seconds(10)) const;

    /// Waits for the process to exit and returns its exit code (or 128 + signal);
    /// -1 when it is still running after limit.
    int waitForExit(std::chrono::milliseconds limit = std::chrono::seconds(15));

    /// Everything the server wrote to stdout and stderr so far.
    std::string log() const;

    /// The path of the server binary under test.
    static std::string binary();

    /// Runs the binary to completion (--check, --list-plugins, a failing start…) with
    /// exactly env, feeding input on stdin.
    static RunResult run(const std::vector<std::string>& args, const Environment& env = {},
                         const std::string& input = "", std::chrono::milliseconds limit = std::chrono::seconds(20));

private:
    void readOutput(int fd);

    int _pid = -1;
    int _exitCode = -1;
    unsigned short _port = 0;
    std::thread _reader;
    mutable std::mutex _mutex;
    mutable std::condition_variable _changed;
    std::string _log;
    bool _closed = false;
};

} // namespace labmock::test

#endif // LABMOCK_TEST_SERVERPROCESS_INCLUDED
