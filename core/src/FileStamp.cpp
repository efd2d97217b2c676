//
// FileStamp.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "FileStamp.h"

#include <cerrno>
#include <sys/stat.h>
#include <time.h>

namespace labmock
{

namespace
{

/// File times come from the kernel's coarse clock, which trails the real time by up to a tick.
constexpr std::int64_t RACY_WINDOW_NS = 20 * 1000 * 1000;

std::int64_t nanoseconds(const timespec& time)
{
    return static_cast<std::int64_t>(time.tv_sec) * 1000000000 + time.tv_nsec;
}

/// Fills everything but path and takenNs from one stat(2) of path.
void describe(const std::string& path, FileStamp& stamp)
{
    struct stat st
    {
    };
    if (::stat(path.c_str(), &st) != 0)
    {
        stamp.error = errno;
        return;
    }
    stamp.device = st.st_dev;
    stamp.inode = st.st_ino;
    stamp.size = st.st_size;
    stamp.modifiedNs = nanoseconds(st.st_mtim);
    stamp.changedNs = nanoseconds(st.st_ctim);
}

bool sameState(const FileStamp& a, const FileStamp& b)
{
    return a.error == b.error && a.device == b.device && a.inode == b.inode && a.size == b.size
           && a.modifiedNs == b.modifiedNs && a.changedNs == b.changedNs;
}

} // namespace

FileStamp FileStamp::take(const std::string& path)
{
    FileStamp stamp;
    stamp.path = path;
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    stamp.takenNs = nanoseconds(now);
    describe(path, stamp);
    return stamp;
}

bool FileStamp::isCurrent() const
{
    // A change time in the future (a file server's clock ahead) is not racy, only odd.
    const std::int64_t age = takenNs - changedNs;
    if (error == 0 && age >= 0 && age < RACY_WINDOW_NS)
        return false;
    // On every request for every watched path: no copy of the path, no clock read.
    FileStamp now;
    describe(path, now);
    return sameState(now, *this);
}

bool FileStamp::operator==(const FileStamp& other) const
{
    return path == other.path && sameState(*this, other);
}

} // namespace labmock
