//
// Variable.h
//
// One environment variable that a group declares.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_VARIABLE_INCLUDED
#define LABMOCK_VARIABLE_INCLUDED

#include <string>

namespace labmock
{

/// A variable declared by a group: its name and how the server treats it.
/// A plain value type; safe to copy between threads.
struct Variable
{
    std::string name;
    /// Masked unless display.reveal=all (names that look like credentials are masked anyway).
    bool secret = false;
    /// Counts for readiness: /readyz answers 503 while a required variable is missing.
    bool required = true;
};

} // namespace labmock

#endif // LABMOCK_VARIABLE_INCLUDED
