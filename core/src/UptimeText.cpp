//
// UptimeText.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "UptimeText.h"

#include <atomic>

namespace labmock
{

UptimeText::UptimeText(std::string rendered, const std::string& marker, Poco::Timestamp start, Format format)
    : _start(start), _format(format)
{
    const std::size_t at = marker.empty() ? std::string::npos : rendered.find(marker);
    if (at == std::string::npos || !format)
    {
        _last = std::make_shared<const Spliced>(Spliced{0, std::make_shared<const std::string>(std::move(rendered))});
        return;
    }
    _spliced = true;
    _tail = rendered.substr(at + marker.size());
    rendered.resize(at);
    _head = std::move(rendered);
}

std::shared_ptr<const std::string> UptimeText::at(Poco::Timestamp now) const
{
    std::shared_ptr<const Spliced> last = std::atomic_load(&_last);
    if (!_spliced)
        return last ? last->text : std::make_shared<const std::string>();
    const Poco::Timespan uptime = now > _start ? now - _start : 0;
    const Poco::Timestamp::TimeDiff second = uptime.totalSeconds();
    if (last && last->second == second)
        return last->text;
    const std::string middle = _format(uptime);
    auto text = std::make_shared<std::string>();
    text->reserve(_head.size() + middle.size() + _tail.size());
    *text += _head;
    *text += middle;
    *text += _tail;
    // Requests in the same second share this copy; racing requests may each make one.
    auto spliced = std::make_shared<const Spliced>(Spliced{second, std::move(text)});
    std::atomic_store(&_last, spliced);
    return spliced->text;
}

} // namespace labmock
