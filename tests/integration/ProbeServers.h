//
// ProbeServers.h
//
// Real PostgreSQL and Redis servers, and a listener that never answers, for probe tests.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_TEST_PROBESERVERS_INCLUDED
#define LABMOCK_TEST_PROBESERVERS_INCLUDED

#include "TemporaryDirectory.h"

#include <Poco/File.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace labmock::test
{

/// A loopback port that was free a moment ago.
inline unsigned short freePort()
{
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    const unsigned short port = socket.address().port();
    socket.close();
    return port;
}

/// Waits until something accepts connections on 127.0.0.1:port; false after limit.
inline bool waitForPort(unsigned short port, std::chrono::seconds limit = std::chrono::seconds(30))
{
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end)
    {
        try
        {
            Poco::Net::StreamSocket socket;
            socket.connect(Poco::Net::SocketAddress("127.0.0.1", port), Poco::Timespan(1, 0));
            return true;
        }
        catch (const Poco::Exception&)
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(20)); // no other signal: retry the connect
        }
    }
    return false;
}

/// Runs a command to its end; returns its exit code and puts stdout and stderr in output.
inline int runCommand(const std::string& command, const std::vector<std::string>& args, std::string& output)
{
    Poco::Pipe out;
    Poco::ProcessHandle process = Poco::Process::launch(command, args, nullptr, &out, &out);
    Poco::PipeInputStream stream(out);
    Poco::StreamCopier::copyToString(stream, output);
    return process.wait();
}

/// Reads a whole file ("" when it cannot).
inline std::string fileText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// A listener that completes TCP handshakes (the kernel does, from its backlog) and never
/// reads or answers: the server that hangs.
class SilentListener
{
public:
    SilentListener() : _socket(Poco::Net::SocketAddress("127.0.0.1", 0), 64)
    {
    }
    unsigned short port() const
    {
        return _socket.address().port();
    }

private:
    Poco::Net::ServerSocket _socket;
};

/// PostgreSQL 15 of Debian, initialised in a temporary directory with scram-sha-256
/// password authentication for user "app", listening on 127.0.0.1 at a free port. As root,
/// initdb and the server run as user nobody (PostgreSQL refuses root).
class PostgresServer
{
public:
    static constexpr const char* BIN = "/usr/lib/postgresql/15/bin";

    static bool available()
    {
        return Poco::File(std::string(BIN) + "/pg_ctl").exists() && Poco::File(std::string(BIN) + "/initdb").exists();
    }

    /// sslCertificate and sslKey (PEM files), when given, turn TLS on.
    explicit PostgresServer(const std::string& password, const std::string& sslCertificate = "",
                            const std::string& sslKey = "")
        : _port(freePort())
    {
        ::chmod(_dir.path().c_str(), 0755);
        _dir.write("pwfile", password + "\n");
        std::string options = "-p " + std::to_string(_port) + " -k " + _dir.path() + " -c listen_addresses=127.0.0.1";
        if (!sslCertificate.empty())
        {
            _dir.copyIn(sslCertificate);
            _dir.copyIn(sslKey);
            ::chmod(_dir.file(Poco::Path(sslKey).getFileName()).c_str(), 0600);
            options += " -c ssl=on -c ssl_cert_file=" + _dir.file(Poco::Path(sslCertificate).getFileName())
                       + " -c ssl_key_file=" + _dir.file(Poco::Path(sslKey).getFileName());
        }
        if (::geteuid() == 0)
        {
            // initdb and the server run as nobody: the directory becomes theirs.
            bool owned = ::chown(_dir.path().c_str(), 65534, 65534) == 0;
            for (const auto& entry : std::filesystem::recursive_directory_iterator(_dir.path()))
                owned = ::chown(entry.path().c_str(), 65534, 65534) == 0 && owned;
            if (!owned)
                throw std::runtime_error("cannot hand " + _dir.path() + " to user nobody");
        }
        run("initdb", {"-D", data(), "-U", "app", "--pwfile=" + _dir.file("pwfile"), "--auth=scram-sha-256", "-E",
                       "UTF8", "--no-sync"});
        run("pg_ctl", {"-D", data(), "-l", logFile(), "-w", "-t", "60", "-o", options, "start"});
        _running = true;
    }

    ~PostgresServer()
    {
        stop();
    }

    void stop()
    {
        if (!_running)
            return;
        _running = false;
        std::string output;
        runAs("pg_ctl", {"-D", data(), "-m", "immediate", "-w", "stop"}, output);
    }

    unsigned short port() const
    {
        return _port;
    }

    /// What the server logged (its stderr).
    std::string log() const
    {
        return fileText(logFile());
    }

private:
    std::string data() const
    {
        return _dir.file("data");
    }
    std::string logFile() const
    {
        return _dir.file("server.log");
    }

    int runAs(const std::string& tool, std::vector<std::string> args, std::string& output) const
    {
        const std::string binary = std::string(BIN) + "/" + tool;
        if (::geteuid() != 0)
            return runCommand(binary, args, output);
        args.insert(args.begin(), {"-u", "nobody", "--", binary});
        return runCommand("/usr/sbin/runuser", args, output);
    }

    void run(const std::string& tool, const std::vector<std::string>& args) const
    {
        std::string output;
        if (runAs(tool, args, output) != 0)
            throw std::runtime_error(tool + " failed: " + output + "\n" + log());
    }

    TemporaryDirectory _dir;
    unsigned short _port;
    bool _running = false;
};

/// redis-server on 127.0.0.1 at a free port, no persistence, with requirepass for the
/// default user and an ACL user "app".
class RedisServer
{
public:
    static std::string binary()
    {
        for (const char* path : {"/usr/bin/redis-server", "/usr/local/bin/redis-server"})
            if (Poco::File(path).exists())
                return path;
        return "";
    }

    RedisServer(const std::string& defaultPassword, const std::string& appPassword) : _port(freePort())
    {
        _dir.write("redis.conf", "port " + std::to_string(_port) + "\nbind 127.0.0.1\nsave \"\"\nappendonly no\n"
                                     + "daemonize no\ndir " + _dir.path() + "\nrequirepass " + defaultPassword
                                     + "\nuser app on >" + appPassword + " ~* &* +@all\n");
        _process = std::make_unique<Poco::ProcessHandle>(
            Poco::Process::launch(binary(), {_dir.file("redis.conf"), "--logfile", _dir.file("server.log")}));
        // Ready when it accepts a connection.
        if (!waitForPort(_port))
            throw std::runtime_error("redis-server did not start: " + log());
    }

    ~RedisServer()
    {
        Poco::Process::kill(*_process);
        _process->wait();
    }

    unsigned short port() const
    {
        return _port;
    }

    std::string log() const
    {
        return fileText(_dir.file("server.log"));
    }

private:
    TemporaryDirectory _dir;
    unsigned short _port;
    std::unique_ptr<Poco::ProcessHandle> _process;
};

} // namespace labmock::test

#endif // LABMOCK_TEST_PROBESERVERS_INCLUDED
