//
// FileSettling.h
//
// Helpers for tests that watch file changes: backdating, settling, reading back.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_TEST_FILESETTLING_INCLUDED
#define LABMOCK_TEST_FILESETTLING_INCLUDED

#include "FileStamp.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <thread>

namespace labmock::test
{

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

#endif // LABMOCK_TEST_FILESETTLING_INCLUDED
