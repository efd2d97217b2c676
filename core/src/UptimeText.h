//
// UptimeText.h
//
// A cached rendering with the process uptime spliced in at request time.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_UPTIMETEXT_INCLUDED
#define LABMOCK_UPTIMETEXT_INCLUDED

#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <memory>
#include <string>

namespace labmock
{

/// A page or document rendered once, with the uptime to be filled in where the renderer
/// wrote a marker. at() splices the uptime of the moment in: the text is copied at most
/// once a second (the uptime's resolution) and otherwise shared, so a cached page is not
/// rendered again, and usually not even copied, to stay true. Thread-safe.
class UptimeText
{
public:
    /// What renderers write where the uptime goes: control bytes, which no escaped text holds.
    static constexpr const char* MARKER = "\x01uptime\x01";

    /// How an uptime is written ("3m 05s" on the page, "185" in JSON).
    using Format = std::string (*)(Poco::Timespan uptime);

    /// The first occurrence of marker in rendered is replaced by format(now - start);
    /// without one, rendered is served as it is.
    UptimeText(std::string rendered, const std::string& marker, Poco::Timestamp start, Format format);
    UptimeText() = default;

    /// The text with the uptime at now.
    std::shared_ptr<const std::string> at(Poco::Timestamp now = Poco::Timestamp()) const;

private:
    struct Spliced
    {
        Poco::Timestamp::TimeDiff second;
        std::shared_ptr<const std::string> text;
    };

    std::string _head;
    std::string _tail;
    bool _spliced = false;
    Poco::Timestamp _start;
    Format _format = nullptr;
    /// The last splice; read and written with std::atomic_load/atomic_store.
    mutable std::shared_ptr<const Spliced> _last;
};

} // namespace labmock

#endif // LABMOCK_UPTIMETEXT_INCLUDED
