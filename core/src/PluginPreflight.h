//
// PluginPreflight.h
//
// Tries plugin code in forked children before the serving process runs it.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_PLUGINPREFLIGHT_INCLUDED
#define LABMOCK_PLUGINPREFLIGHT_INCLUDED

#include <Poco/Timespan.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace labmock
{

/// Runs a trial of each plugin file in a forked child, so that a plugin that crashes, calls
/// exit() or never returns is reported ("crashed with SIGSEGV in groups()", "exited 3 in
/// groups()", "did not answer within 5 s in groups()") instead of taking the server down.
/// One child tries the plugins in turn; the plugin whose trial it dies in (or overruns) gets
/// that verdict, and the plugins it never reached are tried each in a child of its own. The
/// trial announces each phase it enters; a child that dies is placed in its last phase. A
/// trial that ends normally passes, unless it reported errors (a clean refusal such as
/// another ABI), which are handed back as they are.
///
/// The children are forked without exec: they inherit the caller's state (configuration,
/// plugins already loaded) and close every inherited descriptor but the report pipe, so no
/// client connection or listener stays open in them. Call from one thread at a time.
class PluginPreflight
{
public:
    /// What a trial tells the parent while it runs in the child.
    class Report
    {
    public:
        explicit Report(int fd);
        /// The trial enters phase (e.g. "groups()"): a crash from now on is placed there.
        void phase(const std::string& name);
        /// A clean refusal: the plugin must be skipped for this reason.
        void error(const std::string& message);

    private:
        void send(char kind, const std::string& text);
        int _fd;
    };

    using Trial = std::function<void(const std::string& path, Report& report)>;

    struct Verdict
    {
        bool passed = false;
        /// Why it did not pass: each reported error, or how the child ended.
        std::vector<std::string> errors;
    };

    /// Told, in the parent, of a plugin that passed its trial as soon as the first child reports
    /// it, while that child goes on with the next: the caller may load it meanwhile. Must not
    /// throw. Its verdict in run()'s answer is "passed" too.
    using Passed = std::function<void(const std::string& path)>;

    /// Runs trial(path) for every path, in order, and gives each trial at most timeout; a child
    /// still in a trial then is killed. Returns one verdict per path.
    static std::map<std::string, Verdict> run(const std::vector<std::string>& paths, const Trial& trial,
                                              Poco::Timespan timeout, const Passed& passed = {});
};

} // namespace labmock

#endif // LABMOCK_PLUGINPREFLIGHT_INCLUDED
