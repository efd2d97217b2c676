//
// RegularFile.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "RegularFile.h"

#include <Poco/Exception.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

namespace labmock
{

namespace
{

/// True when path resolves into a pseudo file system whose "regular" files are views of
/// the kernel or of a process (/proc/self/environ), or into the device tree.
bool resolvesIntoKernelTree(const std::string& path)
{
    char resolved[PATH_MAX];
    if (!::realpath(path.c_str(), resolved))
        return false; // the open below reports why
    for (const char* root : {"/proc", "/sys", "/dev"})
    {
        const std::size_t length = std::strlen(root);
        if (std::strncmp(resolved, root, length) == 0 && (resolved[length] == '/' || resolved[length] == '\0'))
            return true;
    }
    return false;
}

/// The opened file lives on procfs or sysfs, wherever they are mounted: checked on the
/// descriptor, so a path swapped after realpath() cannot slip through.
bool onKernelFileSystem(int fd)
{
    struct statfs fs
    {
    };
    return ::fstatfs(fd, &fs) == 0 && (fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC);
}

/// Closes a descriptor when it goes out of scope.
class Descriptor
{
public:
    explicit Descriptor(int fd) : _fd(fd)
    {
    }
    ~Descriptor()
    {
        if (_fd >= 0)
            ::close(_fd);
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const
    {
        return _fd;
    }

private:
    int _fd;
};

} // namespace

const char* const RegularFile::NOT_REGULAR = "not a regular file";

RegularFile::Result RegularFile::read(const std::string& path, std::size_t maxBytes, const std::string& limitName)
{
    Result result;
    auto fail = [&result](Status status, std::string reason)
    {
        result.status = status;
        result.reason = std::move(reason);
        return result;
    };

    struct stat st
    {
    };
    if (::stat(path.c_str(), &st) != 0)
    {
        const int error = errno;
        struct stat link
        {
        };
        if (error == ENOENT && ::lstat(path.c_str(), &link) == 0)
            return fail(Status::Unreadable, "dangling symbolic link");
        if (error == ENOENT || error == ENOTDIR)
            return fail(Status::Missing, "no such file");
        return fail(Status::Unreadable, std::strerror(error));
    }
    if (S_ISDIR(st.st_mode))
        return fail(Status::Unreadable, "is a directory");
    if (!S_ISREG(st.st_mode) || resolvesIntoKernelTree(path))
        return fail(Status::Unreadable, NOT_REGULAR);
    if (static_cast<std::size_t>(st.st_size) > maxBytes)
        return fail(Status::TooLarge,
                    std::to_string(st.st_size) + " bytes, over " + limitName + " (" + std::to_string(maxBytes) + ")");

    // O_NONBLOCK: a FIFO swapped in after the stat above must not hang the reader.
    const Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (fd.get() < 0)
        return fail(Status::Unreadable, std::strerror(errno));
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || onKernelFileSystem(fd.get()))
        return fail(Status::Unreadable, NOT_REGULAR);

    // Sized by the file, not by the limit: callers keep what they read. A file that grows
    // while it is read grows the buffer up to one byte over the limit, which ends the read.
    std::string content(std::min(static_cast<std::size_t>(st.st_size), maxBytes) + 1, '\0');
    std::size_t length = 0;
    for (;;)
    {
        if (length == content.size())
        {
            if (content.size() > maxBytes)
                break;
            content.resize(std::min(content.size() * 2, maxBytes + 1));
        }
        const ssize_t n = ::read(fd.get(), &content[length], content.size() - length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail(Status::Unreadable, std::strerror(errno));
        if (n == 0)
            break;
        length += static_cast<std::size_t>(n);
    }
    if (length > maxBytes)
        return fail(Status::TooLarge, "over " + limitName + " (" + std::to_string(maxBytes) + ")");
    content.resize(length);
    result.status = Status::Read;
    result.content = std::move(content);
    return result;
}

std::string RegularFile::load(const std::string& path, std::size_t maxBytes, const std::string& limitName)
{
    Result result = read(path, maxBytes, limitName);
    if (result.status == Status::Missing)
        throw Poco::FileNotFoundException(result.reason);
    if (result.status != Status::Read)
        throw Poco::FileException(result.reason);
    return std::move(result.content);
}

} // namespace labmock
