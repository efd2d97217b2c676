//
// DropInFile.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "DropInFile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdexcept>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

namespace jsongroups
{

std::string DropInFile::read(const std::string& path)
{
    // stat before open: opening a device can have effects of its own.
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
            throw std::runtime_error("dangling symbolic link");
        throw std::runtime_error(std::strerror(error));
    }
    if (S_ISDIR(st.st_mode))
        throw std::runtime_error("is a directory");
    if (!S_ISREG(st.st_mode))
        throw std::runtime_error("not a regular file");

    // O_NONBLOCK and fstat: a FIFO swapped in after the stat above must not hang the scan.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        throw std::runtime_error(std::strerror(errno));
    std::string content;
    const char* problem = nullptr;
    struct statfs fs
    {
    };
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || ::fstatfs(fd, &fs) != 0 || fs.f_type == PROC_SUPER_MAGIC
        || fs.f_type == SYSFS_MAGIC)
        problem = "not a regular file";
    else
    {
        char buffer[16384];
        for (;;)
        {
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
            {
                problem = std::strerror(errno);
                break;
            }
            if (n == 0)
                break;
            content.append(buffer, static_cast<std::size_t>(n));
            if (content.size() > MAX_BYTES)
            {
                problem = "larger than 1 MiB";
                break;
            }
        }
    }
    ::close(fd);
    if (problem)
        throw std::runtime_error(problem);
    return content;
}

} // namespace jsongroups
