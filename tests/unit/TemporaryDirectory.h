//
// TemporaryDirectory.h
//
// A fresh mkdtemp() directory for one test, removed with everything in it.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_TEST_TEMPORARYDIRECTORY_INCLUDED
#define LABMOCK_TEST_TEMPORARYDIRECTORY_INCLUDED

#include "FileStamp.h"

#include <Poco/Path.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <vector>

namespace labmock::test
{

/// A directory of its own for each test. Removal does not follow symbolic links, so
/// a test may link to anything from inside it.
class TemporaryDirectory
{
public:
    TemporaryDirectory()
    {
        std::string pattern = Poco::Path::temp() + "labmock-unit-XXXXXX";
        std::vector<char> buffer(pattern.begin(), pattern.end());
        buffer.push_back('\0');
        if (!::mkdtemp(buffer.data()))
            throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
        _path = buffer.data();
    }

    ~TemporaryDirectory()
    {
        std::error_code ignored;
        std::filesystem::remove_all(_path, ignored);
    }

    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

    const std::string& path() const
    {
        return _path;
    }

    /// The path of name inside the directory.
    std::string file(const std::string& name) const
    {
        return _path + "/" + name;
    }

    /// Writes content (bytes as they are) to name, creating or replacing it; returns its path.
    std::string write(const std::string& name, const std::string& content) const
    {
        const std::string path = file(name);
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << content;
        out.close();
        if (!out)
            throw std::runtime_error("cannot write " + path);
        return path;
    }

    /// Creates the directory name (and its parents) inside; returns its path.
    std::string mkdir(const std::string& name) const
    {
        const std::string path = file(name);
        std::filesystem::create_directories(path);
        return path;
    }

private:
    std::string _path;
};

/// Sets the access and modification times of path to 2000-01-01, so that any later change
/// gives it a different time whatever the file system's timestamp granularity.
inline void backdate(const std::string& path)
{
    const struct timespec times[2] = {{946684800, 0}, {946684800, 0}};
    if (::utimensat(AT_FDCWD, path.c_str(), times, 0) != 0)
        throw std::runtime_error("utimensat " + path + ": " + std::strerror(errno));
}

/// Waits (at most 5 s) until a stamp of each path would be trusted. FileStamp distrusts a
/// stamp taken within a few milliseconds of the path's last change (a same-size rewrite in
/// the same timestamp tick would look unchanged), so a test that wants to see a change
/// noticed, rather than merely distrusted, first lets its fresh files settle.
inline void settle(std::initializer_list<std::string> paths)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    for (const auto& path : paths)
    {
        while (!FileStamp::take(path).isCurrent() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

inline std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace labmock::test

#endif // LABMOCK_TEST_TEMPORARYDIRECTORY_INCLUDED
