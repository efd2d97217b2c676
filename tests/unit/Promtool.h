//
// Promtool.h
//
// Runs Prometheus' promtool check metrics on a text, when promtool is installed.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_TEST_PROMTOOL_INCLUDED
#define LABMOCK_TEST_PROMTOOL_INCLUDED

#include <Poco/Environment.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <string>

namespace labmock::test
{

/// Why a promtool test is skipped (Debian package prometheus provides promtool).
constexpr const char* PROMTOOL_MISSING = "promtool is not installed (Debian package prometheus)";

/// The path of promtool on PATH, or "".
inline std::string promtool()
{
    Poco::Path found;
    if (Poco::Path::find(Poco::Environment::get("PATH", ""), "promtool", found))
        return found.toString();
    return "";
}

/// Feeds text to `promtool check metrics` and returns its exit code (0: valid and lint-clean);
/// output receives what it printed.
inline int checkMetrics(const std::string& text, std::string& output)
{
    Poco::Pipe in, out;
    Poco::ProcessHandle process = Poco::Process::launch(promtool(), {"check", "metrics"}, &in, &out, &out);
    {
        Poco::PipeOutputStream stdinStream(in);
        stdinStream << text;
        stdinStream.close();
    }
    Poco::PipeInputStream stdoutStream(out);
    Poco::StreamCopier::copyToString(stdoutStream, output);
    return process.wait();
}

} // namespace labmock::test

#endif // LABMOCK_TEST_PROMTOOL_INCLUDED
