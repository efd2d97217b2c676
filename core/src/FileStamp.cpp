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

} // namespace

FileStamp FileStamp::take(const std::string& path)
{
    FileStamp stamp;
    stamp.path = path;
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    stamp.takenNs = nanoseconds(now);
    struct stat st
    {
    };
    if (::stat(path.c_str(), &st) != 0)
    {
        stamp.error = errno;
        return stamp;
    }
    stamp.device = st.st_dev;
    stamp.inode = st.st_ino;
    stamp.size = st.st_size;
    stamp.modifiedNs = nanoseconds(st.st_mtim);
    stamp.changedNs = nanoseconds(st.st_ctim);
    return stamp;
}

bool FileStamp::isCurrent() const
{
    // A change time in the future (a file server's clock ahead) is not racy, only odd.
    const std::int64_t age = takenNs - changedNs;
    if (error == 0 && age >= 0 && age < RACY_WINDOW_NS)
        return false;
    return take(path) == *this;
}

bool FileStamp::operator==(const FileStamp& other) const
{
    return path == other.path && error == other.error && device == other.device && inode == other.inode
           && size == other.size && modifiedNs == other.modifiedNs && changedNs == other.changedNs;
}

} // namespace labmock
