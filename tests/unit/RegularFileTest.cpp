//
// RegularFileTest.cpp
//
// RegularFile: only regular files, capped, never blocking, never a view of the kernel.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "RegularFile.h"

#include "TemporaryDirectory.h"

#include <Poco/Exception.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <sys/stat.h>
#include <vector>

using labmock::RegularFile;
using labmock::test::TemporaryDirectory;
using Status = labmock::RegularFile::Status;

TEST(RegularFile, ReadsTheWholeFileByteForByte)
{
    TemporaryDirectory dir;
    const std::string content("a\0b\r\n", 5);
    const RegularFile::Result r = RegularFile::read(dir.write("f", content), 5);
    EXPECT_EQ(r.status, Status::Read);
    EXPECT_EQ(r.content, content);
    EXPECT_EQ(r.reason, "");
}

TEST(RegularFile, AMissingFileIsMissingAndADanglingLinkUnreadable)
{
    TemporaryDirectory dir;
    EXPECT_EQ(RegularFile::read(dir.file("none"), 10).status, Status::Missing);
    EXPECT_EQ(RegularFile::read(dir.file("none/below"), 10).status, Status::Missing);
    const RegularFile::Result r = RegularFile::read(dir.makeSymlink("link", dir.file("gone")), 10);
    EXPECT_EQ(r.status, Status::Unreadable);
    EXPECT_EQ(r.reason, "dangling symbolic link");
}

TEST(RegularFile, ALoopingLinkIsUnreadable)
{
    TemporaryDirectory dir;
    dir.makeSymlink("a", "b");
    dir.makeSymlink("b", "a");
    const RegularFile::Result r = RegularFile::read(dir.file("a"), 10);
    EXPECT_EQ(r.status, Status::Unreadable);
    EXPECT_NE(r.reason, "");
}

TEST(RegularFile, OverTheLimitIsTooLargeAndNamesTheLimit)
{
    TemporaryDirectory dir;
    const RegularFile::Result r = RegularFile::read(dir.write("f", "0123456789x"), 10, "auth.tokenFile's limit");
    EXPECT_EQ(r.status, Status::TooLarge);
    EXPECT_EQ(r.content, "");
    EXPECT_EQ(r.reason, "11 bytes, over auth.tokenFile's limit (10)");
    EXPECT_EQ(RegularFile::read(dir.file("f"), 11).status, Status::Read);
}

TEST(RegularFile, FifosDevicesAndDirectoriesAreRefusedWithoutBlocking)
{
    TemporaryDirectory dir;
    ASSERT_EQ(::mkfifo(dir.file("fifo").c_str(), 0600), 0);
    // A FIFO with no writer would block a plain open() forever.
    for (const std::string& path : {dir.file("fifo"), dir.makeSymlink("fifo-link", dir.file("fifo")),
                                    std::string("/dev/null"), std::string("/dev/zero"), std::string("/dev/urandom")})
    {
        const RegularFile::Result r = RegularFile::read(path, 1024);
        EXPECT_EQ(r.status, Status::Unreadable) << path;
        EXPECT_EQ(r.reason, RegularFile::NOT_REGULAR) << path;
    }
    EXPECT_EQ(RegularFile::read(dir.path(), 1024).reason, "is a directory");
}

TEST(RegularFile, FilesThatResolveIntoProcOrSysAreRefused)
{
    // procfs and sysfs call their files regular; /proc/self/environ is the whole environment.
    TemporaryDirectory dir;
    std::vector<std::string> paths{"/proc/self/environ", dir.makeSymlink("environ", "/proc/self/environ"),
                                   "/proc/self/status"};
    for (const auto& entry : std::filesystem::directory_iterator("/sys/kernel"))
    {
        if (entry.is_regular_file())
        {
            paths.push_back(entry.path().string());
            paths.push_back(dir.makeSymlink("sysfs", entry.path().string()));
            break;
        }
    }
    EXPECT_EQ(paths.size(), 5u) << "no regular file in /sys/kernel to try";
    for (const std::string& path : paths)
    {
        const RegularFile::Result r = RegularFile::read(path, 1 << 20);
        EXPECT_EQ(r.status, Status::Unreadable) << path;
        EXPECT_EQ(r.reason, RegularFile::NOT_REGULAR) << path;
        EXPECT_EQ(r.content, "") << path;
    }
}

TEST(RegularFile, LoadThrowsWithTheReason)
{
    TemporaryDirectory dir;
    EXPECT_EQ(RegularFile::load(dir.write("f", "token\n"), 100), "token\n");
    EXPECT_THROW(RegularFile::load(dir.file("none"), 100), Poco::FileNotFoundException);
    try
    {
        RegularFile::load("/dev/zero", 100);
        FAIL() << "/dev/zero was read";
    }
    catch (const Poco::FileException& e)
    {
        EXPECT_EQ(e.message(), "not a regular file");
    }
}
