//
// FileStampTest.cpp
//
// FileStamp: a path's identity and times, and noticing when it changed.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "FileStamp.h"

#include "FileSettling.h"
#include "TemporaryDirectory.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <unistd.h>

using labmock::FileStamp;
using labmock::test::backdate;
using labmock::test::settle;
using labmock::test::TemporaryDirectory;

TEST(FileStamp, RecordsAnExistingFile)
{
    TemporaryDirectory dir;
    const std::string path = dir.write("value", "12345");
    const FileStamp stamp = FileStamp::take(path);
    EXPECT_EQ(stamp.path, path);
    EXPECT_EQ(stamp.error, 0);
    EXPECT_NE(stamp.inode, 0u);
    EXPECT_EQ(stamp.size, 5);
    EXPECT_GT(stamp.modifiedNs, 0);
    EXPECT_GE(stamp.takenNs, stamp.changedNs);
    EXPECT_EQ(stamp, FileStamp::take(path));
}

TEST(FileStamp, DistrustsAStampTakenRightAfterAChange)
{
    // A rewrite of the same size in the same timestamp tick would look unchanged.
    TemporaryDirectory dir;
    const std::string path = dir.write("value", "fresh");
    const FileStamp fresh = FileStamp::take(path);
    EXPECT_FALSE(fresh.isCurrent());
    settle({path});
    const FileStamp settled = FileStamp::take(path);
    EXPECT_TRUE(settled.isCurrent());
    EXPECT_TRUE(settled.isCurrent()) << "asking does not change the answer";
}

TEST(FileStamp, RecordsAbsenceWithItsErrno)
{
    TemporaryDirectory dir;
    const FileStamp stamp = FileStamp::take(dir.file("absent"));
    EXPECT_EQ(stamp.error, ENOENT);
    EXPECT_TRUE(stamp.isCurrent()); // still absent
    dir.write("absent", "now here");
    EXPECT_FALSE(stamp.isCurrent());
}

TEST(FileStamp, ChangesWhenTheFileIsEdited)
{
    TemporaryDirectory dir;
    const std::string path = dir.write("value", "old");
    backdate(path);
    settle({path});
    const FileStamp stamp = FileStamp::take(path);
    ASSERT_TRUE(stamp.isCurrent());
    dir.write("value", "new"); // same size: only the times tell
    EXPECT_FALSE(stamp.isCurrent());
}

TEST(FileStamp, ChangesWhenTheFileGrows)
{
    TemporaryDirectory dir;
    const std::string path = dir.write("value", "old");
    settle({path});
    const FileStamp stamp = FileStamp::take(path);
    ASSERT_TRUE(stamp.isCurrent());
    std::ofstream(path, std::ios::app) << "er";
    EXPECT_FALSE(stamp.isCurrent());
}

TEST(FileStamp, ChangesWhenTheFileIsReplacedByRename)
{
    TemporaryDirectory dir;
    const std::string path = dir.write("value", "same");
    const std::string next = dir.write("value.tmp", "same");
    settle({path, next});
    const FileStamp stamp = FileStamp::take(path);
    ASSERT_TRUE(stamp.isCurrent());
    ASSERT_EQ(std::rename(next.c_str(), path.c_str()), 0);
    EXPECT_FALSE(stamp.isCurrent());
}

TEST(FileStamp, ChangesWhenTheFileIsRemoved)
{
    TemporaryDirectory dir;
    const std::string path = dir.write("value", "x");
    settle({path});
    const FileStamp stamp = FileStamp::take(path);
    ASSERT_TRUE(stamp.isCurrent());
    ASSERT_EQ(::unlink(path.c_str()), 0);
    EXPECT_FALSE(stamp.isCurrent());
    EXPECT_EQ(FileStamp::take(path).error, ENOENT);
}

TEST(FileStamp, DirectoryChangesWhenAnEntryIsAdded)
{
    TemporaryDirectory dir;
    const std::string secrets = dir.makeDirectory("secrets");
    backdate(secrets);
    settle({secrets});
    const FileStamp stamp = FileStamp::take(secrets);
    ASSERT_TRUE(stamp.isCurrent());
    dir.write("secrets/NEW_KEY", "v");
    EXPECT_FALSE(stamp.isCurrent());
}

TEST(FileStamp, FollowsSymbolicLinksSoALinkSwapShows)
{
    // The kubelet's layout: KEY -> ..data/KEY, ..data -> ..<timestamp>; rotation swaps ..data.
    TemporaryDirectory dir;
    dir.makeDirectory("..2024_01");
    dir.write("..2024_01/KEY", "one");
    ASSERT_EQ(::symlink("..2024_01", dir.file("..data").c_str()), 0);
    ASSERT_EQ(::symlink("..data/KEY", dir.file("KEY").c_str()), 0);
    settle({dir.file("KEY")});
    const FileStamp stamp = FileStamp::take(dir.file("KEY"));
    EXPECT_EQ(stamp.size, 3);
    ASSERT_TRUE(stamp.isCurrent());

    dir.makeDirectory("..2024_02");
    dir.write("..2024_02/KEY", "two");
    ASSERT_EQ(::symlink("..2024_02", dir.file("..data_tmp").c_str()), 0);
    ASSERT_EQ(std::rename(dir.file("..data_tmp").c_str(), dir.file("..data").c_str()), 0);
    EXPECT_FALSE(stamp.isCurrent());
}

TEST(FileStamp, ComparesEveryFieldButWhenItWasTaken)
{
    TemporaryDirectory dir;
    const FileStamp a = FileStamp::take(dir.write("a", "x"));
    FileStamp b = a;
    EXPECT_EQ(a, b);
    b.takenNs += 1000;
    EXPECT_EQ(a, b);
    b = a;
    b.path += "-other";
    EXPECT_FALSE(a == b);
    b = a;
    b.inode += 1;
    EXPECT_FALSE(a == b);
    b = a;
    b.size += 1;
    EXPECT_FALSE(a == b);
    b = a;
    b.modifiedNs += 1;
    EXPECT_FALSE(a == b);
    b = a;
    b.changedNs += 1;
    EXPECT_FALSE(a == b);
    b = a;
    b.error = ENOENT;
    EXPECT_FALSE(a == b);
}
