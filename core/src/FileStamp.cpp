//
// FileStamp.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "FileStamp.h"

#include <cerrno>
#include <sys/stat.h>

namespace labmock
{

FileStamp FileStamp::take(const std::string& path)
{
    FileStamp stamp;
    stamp.path = path;
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
    stamp.modifiedNs = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    stamp.changedNs = static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
    return stamp;
}

bool FileStamp::isCurrent() const
{
    return take(path) == *this;
}

bool FileStamp::operator==(const FileStamp& other) const
{
    return path == other.path && error == other.error && device == other.device && inode == other.inode
           && size == other.size && modifiedNs == other.modifiedNs && changedNs == other.changedNs;
}

} // namespace labmock
