//
// Resolution.h
//
// The resolved value of one variable: its state, its value and where it came from.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_RESOLUTION_INCLUDED
#define LABMOCK_RESOLUTION_INCLUDED

#include <string>

namespace labmock
{

/// What the server found for a variable. A plain value type.
/// `value` holds the secret itself: never log a Resolution.
struct Resolution
{
    enum class State
    {
        Missing,
        Set,
        Unreadable, ///< a file exists but could not be read; see reason
        TooLarge    ///< a file is larger than secrets.maxFileBytes; not read
    };

    enum class Source
    {
        None,
        Environment,     ///< the environment variable X
        EnvironmentFile, ///< the file named by X_FILE
        SecretsDirectory ///< a file named X in one of secrets.dirs
    };

    State state = State::Missing;
    Source source = Source::None;
    std::string value;   ///< set only when state is Set
    std::string path;    ///< the file that supplied the value, or failed to
    std::string reason;  ///< why the file was unreadable or too large
    std::string warning; ///< a conflict worth seeing, such as both X and X_FILE set

    static const char* stateName(State state);
    static const char* sourceName(Source source);
};

} // namespace labmock

#endif // LABMOCK_RESOLUTION_INCLUDED
