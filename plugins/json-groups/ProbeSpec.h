//
// ProbeSpec.h
//
// The probe a JSON drop-in group declares: which variables to try, and how.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_PROBESPEC_INCLUDED
#define LABMOCK_PROBESPEC_INCLUDED

#include <string>

namespace jsongroups
{

/// `"probe": {"tcp": {"host": "VAR", "port": "VAR"}}` or `{"http": {"url": "VAR"}}`: the
/// names of the group's variables whose values are tried, never values. A plain value type.
struct ProbeSpec
{
    enum class Kind
    {
        None, ///< the group declares no probe
        Tcp,  ///< a TCP connection to host:port is accepted
        Http  ///< a GET of url is answered with a status below 500
    };

    Kind kind = Kind::None;
    std::string hostVariable; ///< Tcp
    std::string portVariable; ///< Tcp
    std::string urlVariable;  ///< Http
};

} // namespace jsongroups

#endif // LABMOCK_PROBESPEC_INCLUDED
