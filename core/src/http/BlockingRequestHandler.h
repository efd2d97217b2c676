//
// BlockingRequestHandler.h
//
// The base of request handlers that may block, which run on a worker pool.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_BLOCKINGREQUESTHANDLER_INCLUDED
#define LABMOCK_BLOCKINGREQUESTHANDLER_INCLUDED

#include <Poco/Net/HTTPRequestHandler.h>

namespace labmock
{

/// A request handler that may block: waits for another server, a probe, a slow file. The
/// event loop does not run it on its own thread, where it would hold up every connection of
/// the loop, but hands it to the server's WorkerPool (http.workerThreads); its connection
/// waits for it, and requests pipelined behind it are answered after it, in order. When the
/// pool is full, the request is answered 503 at once. Derive from this instead of
/// Poco::Net::HTTPRequestHandler; nothing else changes.
class BlockingRequestHandler : public Poco::Net::HTTPRequestHandler
{
};

} // namespace labmock

#endif // LABMOCK_BLOCKINGREQUESTHANDLER_INCLUDED
