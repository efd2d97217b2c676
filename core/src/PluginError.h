//
// PluginError.h
//
// A problem with a plugin: it was skipped, or part of what it declared was.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_PLUGINERROR_INCLUDED
#define LABMOCK_PLUGINERROR_INCLUDED

#include <string>

namespace labmock
{

/// Shown on the page, in the JSON under `errors`, in /readyz?verbose and in the log.
struct PluginError
{
    std::string plugin;  ///< the plugin's name, e.g. "postgresql"
    std::string path;    ///< its file
    std::string message; ///< what went wrong, in one line
};

} // namespace labmock

#endif // LABMOCK_PLUGINERROR_INCLUDED
