//
// benchtool.cpp
//
// Small measuring helpers for tests/bench/run.sh that wrk and curl cannot provide.
//
// SPDX-License-Identifier: Apache-2.0
//
// Subcommands (all on 127.0.0.1 only; every wait is bounded):
//   free-port                       print a port that was free a moment ago
//   wait-log FILE TEXT PID SECONDS  wait (inotify, no sleeping) until FILE holds a line with
//                                   TEXT; print that line; fail if PID dies or time runs out
//   startup RUNS -- COMMAND ARGS... RUNS times: exec COMMAND (with --port=0), read the port
//                                   from its "listening on 127.0.0.1:PORT" line, poll
//                                   GET /readyz until 200, stop it; print the times
//   clients PORT PATH N SECONDS     N keep-alive connections, each sending GET PATH again as
//                                   soon as its response arrives; print, per connection, how
//                                   many responses it got and how long its first one took, and
//                                   the time from each request to its answer's first byte
//   slowloris PORT N SECONDS [PROBE_PORT]
//                                   N connections trickling one header byte a second for
//                                   SECONDS, never ending their headers, while a normal client
//                                   asks GET / and GET /readyz (and /readyz on PROBE_PORT) on
//                                   fresh connections; print when the server closed the slow
//                                   ones and the normal client's latencies
//
// The open-file limit is raised to its hard limit first: 10,000 connections need 10,000 fds.

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace
{

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

[[noreturn]] void fail(const std::string& message)
{
    std::fprintf(stderr, "benchtool: %s\n", message.c_str());
    std::exit(2);
}

sockaddr_in loopback(int port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

double percentile(std::vector<double> values, double fraction)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t index =
        std::min(values.size() - 1, static_cast<size_t>(fraction * static_cast<double>(values.size())));
    return values[index];
}

int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = loopback(0);
    socklen_t length = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0
        || ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        fail("cannot bind a loopback port");
    std::printf("%d\n", ntohs(address.sin_port));
    ::close(fd);
    return 0;
}

/// Returns the first complete line of `text` containing `needle`, or "".
std::string lineWith(const std::string& text, const std::string& needle)
{
    const size_t at = text.find(needle);
    if (at == std::string::npos)
        return {};
    const size_t end = text.find('\n', at);
    if (end == std::string::npos)
        return {};
    const size_t begin = text.rfind('\n', at);
    return text.substr(begin == std::string::npos ? 0 : begin + 1, end - (begin == std::string::npos ? 0 : begin + 1));
}

int waitLog(const std::string& file, const std::string& needle, pid_t pid, double seconds)
{
    const int notify = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (notify < 0 || ::inotify_add_watch(notify, file.c_str(), IN_MODIFY | IN_CLOSE_WRITE) < 0)
        fail("cannot watch " + file);
    const Clock::time_point start = Clock::now();
    std::string text;
    off_t offset = 0;
    while (millisecondsSince(start) < seconds * 1000)
    {
        // Read what was appended since the last look; the watch wakes us when more arrives.
        const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        char buffer[8192];
        ssize_t got = 0;
        while (fd >= 0 && (got = ::pread(fd, buffer, sizeof buffer, offset)) > 0)
        {
            text.append(buffer, static_cast<size_t>(got));
            offset += got;
        }
        if (fd >= 0)
            ::close(fd);
        const std::string line = lineWith(text, needle);
        if (!line.empty())
        {
            std::printf("%s\n", line.c_str());
            return 0;
        }
        if (::kill(pid, 0) != 0)
            fail("process " + std::to_string(pid) + " ended before logging \"" + needle + "\"");
        // The timeout only bounds how late a dead process is noticed.
        pollfd waiter{notify, POLLIN, 0};
        if (::poll(&waiter, 1, 100) > 0)
        {
            char events[4096];
            while (::read(notify, events, sizeof events) > 0)
            {
            }
        }
    }
    fail("no line with \"" + needle + "\" in " + file + " after " + std::to_string(seconds) + " s");
}

/// One GET on a fresh connection; returns the status code, or 0 when nothing answered.
int getStatus(int port, const char* path)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const sockaddr_in address = loopback(port);
    int status = 0;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0)
    {
        const std::string request =
            std::string("GET ") + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        char reply[64] = {};
        if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()))
        {
            size_t have = 0;
            ssize_t got = 0;
            while (have < 12 && (got = ::recv(fd, reply + have, sizeof reply - 1 - have, 0)) > 0)
                have += static_cast<size_t>(got);
            if (have >= 12 && std::strncmp(reply, "HTTP/1.", 7) == 0)
                status = std::atoi(reply + 9);
        }
    }
    ::close(fd);
    return status;
}

int startup(int runs, char** command)
{
    std::vector<double> listening;
    std::vector<double> ready;
    for (int run = 0; run < runs; ++run)
    {
        int pipeFds[2];
        if (::pipe2(pipeFds, O_CLOEXEC) != 0)
            fail("pipe");
        const Clock::time_point start = Clock::now();
        const pid_t pid = ::fork();
        if (pid < 0)
            fail("fork");
        if (pid == 0)
        {
            ::dup2(pipeFds[1], STDERR_FILENO);
            const int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, STDOUT_FILENO);
            ::execvp(command[0], command);
            std::_Exit(127);
        }
        ::close(pipeFds[1]);

        // The log line names the port: wait for it, then ask /readyz until it says 200.
        std::string text;
        std::string line;
        while (line.empty() && millisecondsSince(start) < 10000)
        {
            pollfd reader{pipeFds[0], POLLIN, 0};
            if (::poll(&reader, 1, 1000) <= 0)
                continue;
            char buffer[4096];
            const ssize_t got = ::read(pipeFds[0], buffer, sizeof buffer);
            if (got <= 0)
                break;
            text.append(buffer, static_cast<size_t>(got));
            line = lineWith(text, "listening on 127.0.0.1:");
        }
        if (line.empty())
        {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
            fail("run " + std::to_string(run + 1) + ": no \"listening on 127.0.0.1:\" line; output:\n" + text);
        }
        const double listened = millisecondsSince(start);
        const int port = std::atoi(line.c_str() + line.find("listening on 127.0.0.1:") + 23);
        int status = 0;
        for (int attempt = 0; attempt < 20000 && status != 200; ++attempt)
        {
            status = getStatus(port, "/readyz");
            if (status != 200)
                ::usleep(200); // bounded poll: /readyz has no push signal
        }
        const double answered = millisecondsSince(start);
        ::kill(pid, SIGTERM);
        ::waitpid(pid, nullptr, 0);
        ::close(pipeFds[0]);
        if (status != 200)
            fail("run " + std::to_string(run + 1) + ": /readyz answered " + std::to_string(status) + ", not 200");
        listening.push_back(listened);
        ready.push_back(answered);
    }
    std::printf("runs=%d listen_median_ms=%.1f ready_median_ms=%.1f ready_min_ms=%.1f ready_max_ms=%.1f\n", runs,
                median(listening), median(ready), *std::min_element(ready.begin(), ready.end()),
                *std::max_element(ready.begin(), ready.end()));
    return 0;
}

/// One client connection of `clients`: its socket, what it has read, and what it got.
struct Client
{
    int fd = -1;
    bool connecting = false;
    std::string input;
    long responses = 0;
    long errors = 0;
    long reconnects = 0;
    double firstResponseMs = -1;
    Clock::time_point sentAt;
    bool awaitingFirstByte = false;
};

class ClientRun
{
public:
    ClientRun(int port, std::string path, int count)
        : _address(loopback(port)), _request("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
          _clients(static_cast<size_t>(count)), _epoll(::epoll_create1(EPOLL_CLOEXEC))
    {
    }

    void run(double seconds)
    {
        _start = Clock::now();
        std::vector<epoll_event> events(256);
        size_t opened = 0;
        while (millisecondsSince(_start) < seconds * 1000)
        {
            // Open the connections in batches between waits: opening 10,000 takes long enough
            // that the first ones' answers must be read meanwhile.
            for (size_t batch = 0; batch < 256 && opened < _clients.size(); ++batch)
                open(opened++);
            const int ready =
                ::epoll_wait(_epoll, events.data(), static_cast<int>(events.size()), opened < _clients.size() ? 0 : 50);
            for (int e = 0; e < ready; ++e)
                service(events[static_cast<size_t>(e)].data.u64, events[static_cast<size_t>(e)].events);
        }
        _elapsedMs = millisecondsSince(_start);
        for (auto& client : _clients)
        {
            if (client.fd >= 0)
                ::close(client.fd);
        }
    }

    void report() const
    {
        long total = 0;
        long errors = 0;
        long reconnects = 0;
        long starved = 0;
        long fewest = -1;
        std::vector<double> first;
        std::vector<double> perClient;
        for (const auto& client : _clients)
        {
            total += client.responses;
            errors += client.errors;
            reconnects += client.reconnects;
            starved += client.responses == 0 ? 1 : 0;
            fewest = fewest < 0 ? client.responses : std::min(fewest, client.responses);
            perClient.push_back(static_cast<double>(client.responses));
            if (client.firstResponseMs >= 0)
                first.push_back(client.firstResponseMs);
        }
        std::printf("connections=%zu served=%zu starved=%ld responses=%ld req_per_s=%.0f errors=%ld "
                    "reconnects=%ld fewest_per_conn=%ld median_per_conn=%.0f first_p50_ms=%.1f "
                    "first_p99_ms=%.1f first_max_ms=%.1f first_byte_p50_ms=%.2f first_byte_p99_ms=%.2f "
                    "first_byte_max_ms=%.1f\n",
                    _clients.size(), first.size(), starved, total, static_cast<double>(total) * 1000 / _elapsedMs,
                    errors, reconnects, fewest, median(perClient), percentile(first, 0.5), percentile(first, 0.99),
                    first.empty() ? 0.0 : *std::max_element(first.begin(), first.end()), percentile(_firstByteMs, 0.5),
                    percentile(_firstByteMs, 0.99),
                    _firstByteMs.empty() ? 0.0 : *std::max_element(_firstByteMs.begin(), _firstByteMs.end()));
    }

private:
    void open(size_t index)
    {
        Client& client = _clients[index];
        client.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (client.fd < 0)
            fail("socket: " + std::string(std::strerror(errno)) + " (raise ulimit -n)");
        const int one = 1;
        ::setsockopt(client.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        client.input.clear();
        client.connecting = true;
        client.awaitingFirstByte = false;
        if (::connect(client.fd, reinterpret_cast<const sockaddr*>(&_address), sizeof _address) != 0
            && errno != EINPROGRESS)
        {
            ++client.errors;
        }
        epoll_event event{};
        event.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP;
        event.data.u64 = index;
        ::epoll_ctl(_epoll, EPOLL_CTL_ADD, client.fd, &event);
    }

    void reopen(size_t index)
    {
        ::close(_clients[index].fd);
        ++_clients[index].reconnects;
        open(index);
    }

    void send(size_t index)
    {
        Client& client = _clients[index];
        // Requests are tiny: one send on an idle socket takes all of it.
        client.sentAt = Clock::now();
        client.awaitingFirstByte = true;
        if (::send(client.fd, _request.data(), _request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(_request.size()))
        {
            ++client.errors;
            reopen(index);
        }
    }

    void service(size_t index, uint32_t events)
    {
        Client& client = _clients[index];
        if (client.connecting)
        {
            int error = 0;
            socklen_t length = sizeof error;
            ::getsockopt(client.fd, SOL_SOCKET, SO_ERROR, &error, &length);
            if (error != 0 || (events & (EPOLLERR | EPOLLHUP)))
            {
                ++client.errors;
                reopen(index);
                return;
            }
            if (!(events & EPOLLOUT))
                return;
            client.connecting = false;
            epoll_event event{};
            event.events = EPOLLIN | EPOLLRDHUP;
            event.data.u64 = index;
            ::epoll_ctl(_epoll, EPOLL_CTL_MOD, client.fd, &event);
            send(index);
            return;
        }
        char buffer[65536];
        ssize_t got = 0;
        while ((got = ::recv(client.fd, buffer, sizeof buffer, 0)) > 0)
        {
            if (client.awaitingFirstByte)
            {
                // Time from the request to the first byte of its answer (wrk measures whole answers).
                _firstByteMs.push_back(millisecondsSince(client.sentAt));
                client.awaitingFirstByte = false;
            }
            client.input.append(buffer, static_cast<size_t>(got));
        }
        const bool closed = got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
        while (true)
        {
            const size_t headerEnd = client.input.find("\r\n\r\n");
            if (headerEnd == std::string::npos)
                break;
            const std::string header = lowered(client.input.substr(0, headerEnd));
            const size_t lengthAt = header.find("\r\ncontent-length:");
            const size_t bodyLength =
                lengthAt == std::string::npos ? 0 : std::strtoul(header.c_str() + lengthAt + 17, nullptr, 10);
            if (client.input.size() < headerEnd + 4 + bodyLength)
                break;
            const bool ok = header.compare(0, 12, "http/1.1 200") == 0;
            const bool serverCloses = header.find("\r\nconnection: close") != std::string::npos;
            client.input.erase(0, headerEnd + 4 + bodyLength);
            if (ok)
            {
                ++client.responses;
                if (client.firstResponseMs < 0)
                    client.firstResponseMs = millisecondsSince(_start);
            }
            else
            {
                ++client.errors;
            }
            if (serverCloses)
            {
                // The server ends a keep-alive session (http.maxKeepAliveRequests): reconnect.
                reopen(index);
                return;
            }
            send(index);
        }
        if (closed || (events & (EPOLLERR | EPOLLHUP)))
        {
            if (!client.input.empty())
                ++client.errors; // closed in the middle of a response
            reopen(index);
        }
    }

    static std::string lowered(std::string text)
    {
        std::transform(text.begin(), text.end(), text.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return text;
    }

    const sockaddr_in _address;
    const std::string _request;
    std::vector<Client> _clients;
    const int _epoll;
    Clock::time_point _start;
    double _elapsedMs = 0;
    std::vector<double> _firstByteMs;
};

/// One timed GET on a fresh connection with Connection: close, bounded by limitMs.
struct Timed
{
    int status = 0; ///< 0: no answer in time (counted as an error)
    double ms = 0;
};

Timed timedGet(int port, const std::string& path, double limitMs)
{
    const Clock::time_point start = Clock::now();
    Timed result;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const sockaddr_in address = loopback(port);
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    const bool connecting =
        ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 || errno == EINPROGRESS;
    bool sent = false;
    std::string reply;
    while (connecting && millisecondsSince(start) < limitMs)
    {
        pollfd waiter{fd, static_cast<short>(sent ? POLLIN : POLLOUT), 0};
        if (::poll(&waiter, 1, static_cast<int>(limitMs - millisecondsSince(start)) + 1) <= 0)
            continue;
        if (!sent)
        {
            if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size()))
                break;
            sent = true;
            continue;
        }
        char buffer[16384];
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            continue;
        if (got <= 0)
        {
            if (reply.size() >= 12 && reply.compare(0, 7, "HTTP/1.") == 0)
                result.status = std::atoi(reply.c_str() + 9);
            break;
        }
        reply.append(buffer, static_cast<size_t>(got));
    }
    ::close(fd);
    result.ms = millisecondsSince(start);
    return result;
}

/// Latencies of one kind of normal request during a slowloris run.
struct Series
{
    std::vector<double> ms;
    long errors = 0;

    void add(const Timed& timed)
    {
        ms.push_back(timed.ms);
        errors += timed.status == 0 ? 1 : 0;
    }

    std::string report(const std::string& name) const
    {
        char text[256];
        std::snprintf(text, sizeof text, "%s_requests=%zu %s_errors=%ld %s_p50_ms=%.1f %s_p99_ms=%.1f %s_max_ms=%.1f",
                      name.c_str(), ms.size(), name.c_str(), errors, name.c_str(), percentile(ms, 0.5), name.c_str(),
                      percentile(ms, 0.99), name.c_str(), ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end()));
        return text;
    }
};

/// N connections that send a request line and then one header byte a second, never ending
/// their header block, for a bounded time; records when the server gives up on each.
int slowloris(int port, int count, double seconds, int probePort)
{
    const sockaddr_in address = loopback(port);
    const std::string opening = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    const std::string trickle = "X-Slow: still-coming\r\n";
    struct Slow
    {
        int fd = -1;
        Clock::time_point start;
        double closedAfterMs = -1; ///< when the server closed it (or reset it)
        bool answered = false;     ///< the server said something (a 408, say) before closing
        size_t sent = 0;
    };
    std::vector<Slow> slow(static_cast<size_t>(count));
    const int epoll = ::epoll_create1(EPOLL_CLOEXEC);
    const Clock::time_point start = Clock::now();
    long connectErrors = 0;
    for (size_t i = 0; i < slow.size(); ++i)
    {
        Slow& s = slow[i];
        s.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (s.fd < 0)
            fail("socket: " + std::string(std::strerror(errno)) + " (raise ulimit -n)");
        s.start = Clock::now();
        if (::connect(s.fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 && errno != EINPROGRESS)
            ++connectErrors;
        epoll_event event{};
        event.events = EPOLLIN | EPOLLRDHUP;
        event.data.u64 = i;
        ::epoll_ctl(epoll, EPOLL_CTL_ADD, s.fd, &event);
    }

    // The normal client: its own thread, fresh connections, a few requests a second.
    Series page;
    Series ready;
    Series probeReady;
    std::atomic<bool> stop{false};
    std::thread normal(
        [&]
        {
            while (!stop)
            {
                page.add(timedGet(port, "/", 5000));
                ready.add(timedGet(port, "/readyz", 5000));
                if (probePort > 0)
                    probeReady.add(timedGet(probePort, "/readyz", 5000));
                ::usleep(100 * 1000); // pacing: a normal client, not a load generator
            }
        });

    // Every slow connection sends its next byte once a second, spread over the second.
    std::vector<epoll_event> events(512);
    size_t next = 0;
    const double perConnectionMs = 1000.0 / static_cast<double>(slow.size());
    double tick = 0;
    while (millisecondsSince(start) < seconds * 1000)
    {
        const int ready = ::epoll_wait(epoll, events.data(), static_cast<int>(events.size()), 5);
        for (int e = 0; e < ready; ++e)
        {
            Slow& s = slow[events[static_cast<size_t>(e)].data.u64];
            char buffer[4096];
            ssize_t got;
            while ((got = ::recv(s.fd, buffer, sizeof buffer, 0)) > 0)
                s.answered = true;
            if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
            {
                s.closedAfterMs = millisecondsSince(s.start);
                ::epoll_ctl(epoll, EPOLL_CTL_DEL, s.fd, nullptr);
                ::close(s.fd);
                s.fd = -1;
            }
        }
        // Catch up on the bytes due by now: connection `next` sends at tick + next * perConnectionMs.
        while (millisecondsSince(start) >= tick + static_cast<double>(next) * perConnectionMs)
        {
            Slow& s = slow[next];
            if (s.fd >= 0)
            {
                const std::string& source = s.sent == 0 ? opening : trickle;
                const size_t offset = s.sent == 0 ? 0 : (s.sent - opening.size()) % trickle.size();
                const size_t length = s.sent == 0 ? opening.size() : 1;
                if (::send(s.fd, source.data() + offset, length, MSG_NOSIGNAL) > 0)
                    s.sent += length;
            }
            if (++next == slow.size())
            {
                next = 0;
                tick += 1000;
            }
        }
    }
    stop = true;
    normal.join();

    std::vector<double> closedSeconds;
    long answered = 0;
    long open = 0;
    for (auto& s : slow)
    {
        if (s.closedAfterMs >= 0)
            closedSeconds.push_back(s.closedAfterMs / 1000);
        answered += s.answered ? 1 : 0;
        if (s.fd >= 0)
        {
            ++open;
            ::close(s.fd);
        }
    }
    std::printf("slow=%d seconds=%.0f connect_errors=%ld closed=%zu still_open=%ld answered_before_close=%ld "
                "close_min_s=%.1f close_p50_s=%.1f close_max_s=%.1f %s %s %s\n",
                count, seconds, connectErrors, closedSeconds.size(), open, answered,
                closedSeconds.empty() ? 0.0 : *std::min_element(closedSeconds.begin(), closedSeconds.end()),
                percentile(closedSeconds, 0.5),
                closedSeconds.empty() ? 0.0 : *std::max_element(closedSeconds.begin(), closedSeconds.end()),
                page.report("page").c_str(), ready.report("readyz").c_str(), probeReady.report("probe_readyz").c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    std::signal(SIGPIPE, SIG_IGN);
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max)
    {
        files.rlim_cur = files.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &files);
    }
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "free-port" && argc == 2)
        return freePort();
    if (mode == "wait-log" && argc == 6)
        return waitLog(argv[2], argv[3], static_cast<pid_t>(std::atoi(argv[4])), std::atof(argv[5]));
    if (mode == "startup" && argc > 4 && std::string(argv[3]) == "--")
        return startup(std::atoi(argv[2]), argv + 4);
    if (mode == "clients" && argc == 6)
    {
        ClientRun run(std::atoi(argv[2]), argv[3], std::atoi(argv[4]));
        run.run(std::atof(argv[5]));
        run.report();
        return 0;
    }
    if (mode == "slowloris" && (argc == 5 || argc == 6))
        return slowloris(std::atoi(argv[2]), std::atoi(argv[3]), std::atof(argv[4]),
                         argc == 6 ? std::atoi(argv[5]) : 0);
    std::fprintf(stderr,
                 "usage: benchtool free-port | wait-log FILE TEXT PID SECONDS | startup RUNS -- COMMAND ARGS... "
                 "| clients PORT PATH CONNECTIONS SECONDS | slowloris PORT CONNECTIONS SECONDS [PROBE_PORT]\n");
    return 2;
}
