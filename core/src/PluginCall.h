//
// PluginCall.h
//
// A call into plugin code, which may throw anything.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_PLUGINCALL_INCLUDED
#define LABMOCK_PLUGINCALL_INCLUDED

#include <functional>
#include <string>

namespace labmock
{

/// Plugin code (a provider's groups(), a probe) may throw a Poco::Exception, a
/// std::exception or anything else; the server reports it and goes on.
class PluginCall
{
public:
    /// Runs call; returns true when it returned, else false with what it threw in message.
    static bool guarded(const std::function<void()>& call, std::string& message);
};

} // namespace labmock

#endif // LABMOCK_PLUGINCALL_INCLUDED
