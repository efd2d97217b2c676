//
// ValueResolver.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ValueResolver.h"

#include <Poco/Path.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace labmock
{

const char* Resolution::stateName(State state)
{
    switch (state)
    {
    case State::Set:
        return "set";
    case State::Unreadable:
        return "unreadable";
    case State::TooLarge:
        return "too large";
    case State::Missing:
        break;
    }
    return "missing";
}

const char* Resolution::sourceName(Source source)
{
    switch (source)
    {
    case Source::Environment:
        return "env";
    case Source::EnvironmentFile:
        return "file";
    case Source::SecretsDirectory:
        return "secrets-dir";
    case Source::None:
        break;
    }
    return "none";
}

ValueResolver::ValueResolver(std::vector<std::string> secretsDirs, std::size_t maxFileBytes)
    : _secretsDirs(std::move(secretsDirs)), _maxFileBytes(maxFileBytes)
{
}

Resolution ValueResolver::resolve(const std::string& name, std::vector<FileStamp>& watched) const
{
    // getenv, not Poco::Environment: the environment is read-only here and this is the hot path
    // of a snapshot rebuild; Poco's mutex buys nothing.
    const char* fileName = std::getenv((name + "_FILE").c_str());
    if (const char* value = std::getenv(name.c_str()))
    {
        Resolution result;
        result.state = Resolution::State::Set;
        result.source = Resolution::Source::Environment;
        result.value = value;
        if (fileName)
            result.warning = name + " and " + name + "_FILE are both set; " + name + " wins";
        return result;
    }
    if (fileName)
    {
        watched.push_back(FileStamp::take(fileName));
        Resolution result = readFile(fileName, Resolution::Source::EnvironmentFile);
        if (result.state == Resolution::State::Missing)
        {
            result.state = Resolution::State::Unreadable;
            result.source = Resolution::Source::EnvironmentFile;
            result.path = fileName;
            result.reason = name + "_FILE names a file that does not exist";
        }
        return result;
    }
    for (const auto& dir : _secretsDirs)
    {
        // The directory's stamp changes when the file appears, goes or is swapped in.
        watched.push_back(FileStamp::take(dir));
        const std::string path = Poco::Path(Poco::Path::forDirectory(dir), name).toString();
        const FileStamp stamp = FileStamp::take(path);
        Resolution result = readFile(path, Resolution::Source::SecretsDirectory);
        if (result.state != Resolution::State::Missing)
        {
            watched.push_back(stamp);
            return result;
        }
    }
    return {};
}

Resolution ValueResolver::readFile(const std::string& path, Resolution::Source source) const
{
    Resolution result;
    result.source = source;
    result.path = path;
    auto fail = [&result](Resolution::State state, const std::string& reason)
    {
        result.state = state;
        result.reason = reason;
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
            return fail(Resolution::State::Unreadable, "dangling symbolic link");
        if (error == ENOENT || error == ENOTDIR)
            return Resolution{};
        return fail(Resolution::State::Unreadable, std::strerror(error));
    }
    if (S_ISDIR(st.st_mode))
        return fail(Resolution::State::Unreadable, "is a directory");
    if (!S_ISREG(st.st_mode))
        return fail(Resolution::State::Unreadable, "not a regular file");
    if (static_cast<std::size_t>(st.st_size) > _maxFileBytes)
        return fail(Resolution::State::TooLarge, std::to_string(st.st_size) + " bytes, over secrets.maxFileBytes ("
                                                     + std::to_string(_maxFileBytes) + ")");

    // O_NONBLOCK: a FIFO swapped in after the stat above must not hang the request.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return fail(Resolution::State::Unreadable, std::strerror(errno));
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    {
        ::close(fd);
        return fail(Resolution::State::Unreadable, "not a regular file");
    }
    // Sized by the file, not by the limit: a snapshot holds every value it read. Files that
    // report no size (procfs, some FUSE) grow the buffer as they are read.
    std::string content(std::min(static_cast<std::size_t>(st.st_size), _maxFileBytes) + 1, '\0');
    std::size_t length = 0;
    for (;;)
    {
        if (length == content.size())
        {
            if (content.size() > _maxFileBytes)
                break;
            content.resize(std::min(content.size() * 2, _maxFileBytes + 1));
        }
        const ssize_t n = ::read(fd, &content[length], content.size() - length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
        {
            const int error = errno;
            ::close(fd);
            return fail(Resolution::State::Unreadable, std::strerror(error));
        }
        if (n == 0)
            break;
        length += static_cast<std::size_t>(n);
    }
    ::close(fd);
    if (length > _maxFileBytes) // the file grew after stat
        return fail(Resolution::State::TooLarge, "over secrets.maxFileBytes (" + std::to_string(_maxFileBytes) + ")");
    content.resize(length);
    if (!content.empty() && content.back() == '\n')
    {
        content.pop_back();
        if (!content.empty() && content.back() == '\r')
            content.pop_back();
    }
    content.shrink_to_fit();

    result.state = Resolution::State::Set;
    result.value = std::move(content);
    return result;
}

} // namespace labmock
