//
// BarePocoServer.cpp
//
// The floor for tests/bench/run.sh: POCO's HTTPServer answering every request with one fixed page.
//
// SPDX-License-Identifier: Apache-2.0
//
// Usage: bare-poco-server PAGE_FILE
// Listens on 127.0.0.1, port 0, logs "listening on 127.0.0.1:PORT" on stderr, and answers
// every request with PAGE_FILE's bytes (read once), Content-Type text/html, Content-Length,
// through response.sendBuffer. Pool, socket and HTTPServerParams are lab-mock-server's
// defaults, so the difference between the two is our code, not POCO's. One caveat: sendBuffer
// goes through HTTPSession's 4 KiB buffer, so the 4,226-byte page takes two send calls here
// where ResponseWriter makes one.
// Stops on SIGTERM or SIGINT.

#include <Poco/AutoPtr.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timespan.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <pthread.h>
#include <sstream>
#include <string>
#include <utility>

namespace
{

// lab-mock-server's defaults (core/src/Settings.h, etc/lab-mock-server.properties).
constexpr int THREADS = 1024;
constexpr int QUEUE = 1024;
constexpr int MAX_KEEP_ALIVE_REQUESTS = 1000;
const Poco::Timespan KEEP_ALIVE_TIMEOUT(5, 0);
const Poco::Timespan TIMEOUT(30, 0);

class PageHandler : public Poco::Net::HTTPRequestHandler
{
public:
    explicit PageHandler(const std::string& page) : _page(page)
    {
    }

    void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) override
    {
        response.setContentType("text/html");
        response.sendBuffer(_page.data(), _page.size()); // sets Content-Length
    }

private:
    const std::string& _page;
};

class PageFactory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit PageFactory(std::string page) : _page(std::move(page))
    {
    }

    // HTTPServerConnection deletes the handler after each request: a new one is the contract.
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new PageHandler(_page);
    }

private:
    const std::string _page;
};

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        std::cerr << "usage: bare-poco-server PAGE_FILE\n";
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    std::string page = content.str();
    if (!in || page.empty())
    {
        std::cerr << "bare-poco-server: cannot read " << argv[1] << "\n";
        return 1;
    }

    // Blocked before any thread starts, so every thread inherits the mask and sigwait gets them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    try
    {
        // As LabMockServer::main: SO_REUSEADDR, no SO_REUSEPORT, backlog max(64, queue).
        Poco::Net::ServerSocket socket;
        socket.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true, false);
        socket.listen(std::max(64, QUEUE));

        Poco::ThreadPool pool(std::min(2, THREADS), THREADS, 60);
        Poco::AutoPtr<Poco::Net::HTTPServerParams> params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(THREADS);
        params->setMaxQueued(QUEUE);
        params->setKeepAlive(true);
        params->setKeepAliveTimeout(KEEP_ALIVE_TIMEOUT);
        params->setMaxKeepAliveRequests(MAX_KEEP_ALIVE_REQUESTS);
        params->setTimeout(TIMEOUT);
        Poco::Net::HTTPServer server(new PageFactory(std::move(page)), pool, socket, params);
        server.start();
        std::cerr << "listening on " << socket.address().toString() << std::endl;

        int signal = 0;
        sigwait(&signals, &signal);
        server.stopAll(true);
        pool.joinAll();
    }
    catch (const Poco::Exception& e)
    {
        std::cerr << "bare-poco-server: " << e.displayText() << std::endl;
        return 1;
    }
    return 0;
}
