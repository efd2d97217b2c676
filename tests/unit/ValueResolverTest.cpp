//
// ValueResolverTest.cpp
//
// ValueResolver: environment, X_FILE and secrets directories, in that order; Resolution names.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ValueResolver.h"

#include "EnvironmentGuard.h"
#include "TemporaryDirectory.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

using labmock::FileStamp;
using labmock::Resolution;
using labmock::ValueResolver;
using labmock::test::EnvironmentGuard;
using labmock::test::TemporaryDirectory;
using State = labmock::Resolution::State;
using Source = labmock::Resolution::Source;

namespace
{

/// The variable every test resolves; tests own it and its _FILE twin while they run.
const std::string NAME = "LABMOCK_UNIT_RESOLVED";

Resolution resolve(const ValueResolver& resolver)
{
    std::vector<FileStamp> watched;
    return resolver.resolve(NAME, watched);
}

bool watches(const std::vector<FileStamp>& watched, const std::string& path)
{
    return std::any_of(watched.begin(), watched.end(), [&](const FileStamp& s) { return s.path == path; });
}

} // namespace

TEST(ValueResolver, MissingEverywhereIsMissing)
{
    const EnvironmentGuard value(NAME, std::nullopt);
    const EnvironmentGuard file(NAME + "_FILE", std::nullopt);
    TemporaryDirectory dir;
    const ValueResolver resolver({dir.path(), dir.file("no-such-dir")}, 1024);
    std::vector<FileStamp> watched;
    const Resolution r = resolver.resolve(NAME, watched);
    EXPECT_EQ(r.state, State::Missing);
    EXPECT_EQ(r.source, Source::None);
    EXPECT_EQ(r.value, "");
    // Both directories are watched: a file appearing in either must be noticed.
    EXPECT_TRUE(watches(watched, dir.path()));
    EXPECT_TRUE(watches(watched, dir.file("no-such-dir")));
}

TEST(ValueResolver, TheEnvironmentComesFirst)
{
    TemporaryDirectory dir;
    dir.write(NAME, "from-dir");
    const EnvironmentGuard value(NAME, "from-env");
    const EnvironmentGuard file(NAME + "_FILE", std::nullopt);
    const ValueResolver resolver({dir.path()}, 1024);
    std::vector<FileStamp> watched;
    const Resolution r = resolver.resolve(NAME, watched);
    EXPECT_EQ(r.state, State::Set);
    EXPECT_EQ(r.source, Source::Environment);
    EXPECT_EQ(r.value, "from-env");
    EXPECT_EQ(r.warning, "");
    EXPECT_TRUE(watched.empty()); // the environment cannot change under the process
}

TEST(ValueResolver, AnEmptyEnvironmentValueIsSet)
{
    const EnvironmentGuard value(NAME, "");
    const ValueResolver resolver({}, 1024);
    const Resolution r = resolve(resolver);
    EXPECT_EQ(r.state, State::Set);
    EXPECT_EQ(r.value, "");
}

TEST(ValueResolver, BothXAndXFileSetWarnsAndXWins)
{
    TemporaryDirectory dir;
    const EnvironmentGuard value(NAME, "from-env");
    const EnvironmentGuard file(NAME + "_FILE", dir.write("f", "from-file"));
    const Resolution r = resolve(ValueResolver({}, 1024));
    EXPECT_EQ(r.value, "from-env");
    EXPECT_EQ(r.source, Source::Environment);
    EXPECT_NE(r.warning.find(NAME + " and " + NAME + "_FILE are both set"), std::string::npos) << r.warning;
    EXPECT_EQ(r.warning.find("from-"), std::string::npos) << "a warning must not carry a value";
}

TEST(ValueResolver, ReadsTheFileNamedByXFile)
{
    TemporaryDirectory dir;
    const std::string path = dir.write("db-pass", "hunter2\n");
    const EnvironmentGuard value(NAME, std::nullopt);
    const EnvironmentGuard file(NAME + "_FILE", path);
    std::vector<FileStamp> watched;
    const Resolution r = ValueResolver({}, 1024).resolve(NAME, watched);
    EXPECT_EQ(r.state, State::Set);
    EXPECT_EQ(r.source, Source::EnvironmentFile);
    EXPECT_EQ(r.value, "hunter2");
    EXPECT_EQ(r.path, path);
    EXPECT_TRUE(watches(watched, path));
}

TEST(ValueResolver, DropsOneTrailingNewlineOrCrLfOnly)
{
    TemporaryDirectory dir;
    const EnvironmentGuard value(NAME, std::nullopt);
    const std::vector<std::pair<std::string, std::string>> cases{
        {"v\n", "v"},   {"v\r\n", "v"}, {"v\n\n", "v\n"}, {"v", "v"},   {"\n", ""},         {"a\nb\n", "a\nb"},
        {"v\r", "v\r"}, {"", ""},       {"v \n", "v "},   {"\r\n", ""}, {"x\r\r\n", "x\r"},
    };
    for (std::size_t i = 0; i < cases.size(); ++i)
    {
        const EnvironmentGuard file(NAME + "_FILE", dir.write("f" + std::to_string(i), cases[i].first));
        const Resolution r = resolve(ValueResolver({}, 1024));
        EXPECT_EQ(r.state, State::Set);
        EXPECT_EQ(r.value, cases[i].second) << "case " << i;
    }
}

TEST(ValueResolver, KeepsBinaryContentAsItIs)
{
    TemporaryDirectory dir;
    const std::string bytes("\x00\xff\xfe\x01 raw", 8);
    const EnvironmentGuard value(NAME, std::nullopt);
    const EnvironmentGuard file(NAME + "_FILE", dir.write("bin", bytes));
    EXPECT_EQ(resolve(ValueResolver({}, 1024)).value, bytes);
}

TEST(ValueResolver, XFileNamingNothingIsUnreadableWithAReason)
{
    TemporaryDirectory dir;
    const EnvironmentGuard value(NAME, std::nullopt);
    const EnvironmentGuard file(NAME + "_FILE", dir.file("absent"));
    dir.write(NAME, "from-dir"); // a file named by X_FILE is not silently replaced by another source
    const Resolution r = resolve(ValueResolver({dir.path()}, 1024));
    EXPECT_EQ(r.state, State::Unreadable);
    EXPECT_EQ(r.source, Source::EnvironmentFile);
    EXPECT_EQ(r.path, dir.file("absent"));
    EXPECT_NE(r.reason.find("does not exist"), std::string::npos) << r.reason;
    EXPECT_EQ(r.value, "");
}

TEST(ValueResolver, ADirectoryIsUnreadable)
{
    TemporaryDirectory dir;
    const EnvironmentGuard value(NAME, std::nullopt);
    const EnvironmentGuard file(NAME + "_FILE", dir.makeDirectory("adir"));
    const Resolution r = resolve(ValueResolver({}, 1024));
    EXPECT_EQ(r.state, State::Unreadable);
    EXPECT_EQ(r.reason, "is a directory");
}

TEST(ValueResolver, ADanglingLinkIsUnreadable)
{
    TemporaryDirectory dir;
    ASSERT_EQ(::symlink(dir.file("gone").c_str(), dir.file("link").c_str()), 0);
    const EnvironmentGuard value(NAME, std::nullopt);
    const EnvironmentGuard file(NAME + "_FILE", dir.file("link"));
    const Resolution r = resolve(ValueResolver({}, 1024));
    EXPECT_EQ(r.state, State::Unreadable);
    EXPECT_EQ(r.reason, "dangling symbolic link");
}

TEST(ValueResolver, AFifoIsNotReadNorWaitedOn)
{
    TemporaryDirectory dir;
    ASSERT_EQ(::mkfifo(dir.file("fifo").c_str(), 0600), 0);
    const EnvironmentGuard value(NAME, std::nullopt);
    const EnvironmentGuard file(NAME + "_FILE", dir.file("fifo"));
    const Resolution r = resolve(ValueResolver({}, 1024));
    EXPECT_EQ(r.state, State::Unreadable);
    EXPECT_EQ(r.reason, "not a regular file");
}

TEST(ValueResolver, ALinkToProcSelfEnvironIsNotARegularFile)
{
    // procfs calls /proc/self/environ a regular file of size 0; read, it is the whole
    // environment, flagged secrets included.
    TemporaryDirectory dir;
    const EnvironmentGuard value(NAME, std::nullopt);
    const EnvironmentGuard file(NAME + "_FILE", dir.makeSymlink("environ", "/proc/self/environ"));
    const Resolution r = resolve(ValueResolver({}, 1 << 20));
    EXPECT_EQ(r.state, State::Unreadable);
    EXPECT_EQ(r.reason, "not a regular file");
    EXPECT_EQ(r.value, "");
}

TEST(ValueResolver, FilesInProcSysAndDevAreNotRead)
{
    const EnvironmentGuard value(NAME, std::nullopt);
    for (const char* path :
         {"/proc/self/environ", "/proc/self/cmdline", "/sys/kernel/osrelease", "/dev/zero", "/dev/null", "/dev/stdin"})
    {
        const EnvironmentGuard file(NAME + "_FILE", path);
        const Resolution r = resolve(ValueResolver({}, 1 << 20));
        EXPECT_EQ(r.state, State::Unreadable) << path;
        EXPECT_EQ(r.value, "") << path;
    }
}

TEST(ValueResolver, ASecretsDirectoryEntryLinkedIntoProcIsNotRead)
{
    TemporaryDirectory dir;
    dir.makeSymlink(NAME, "/proc/self/environ");
    const EnvironmentGuard value(NAME, std::nullopt);
    const EnvironmentGuard file(NAME + "_FILE", std::nullopt);
    const Resolution r = resolve(ValueResolver({dir.path()}, 1 << 20));
    EXPECT_EQ(r.state, State::Unreadable);
    EXPECT_EQ(r.source, Source::SecretsDirectory);
    EXPECT_EQ(r.reason, "not a regular file");
}

TEST(ValueResolver, ALinkChainToARegularFileIsFollowed)
{
    // A Kubernetes Secret volume: KEY -> ..data/KEY, ..data -> ..2024_01_01/.
    TemporaryDirectory dir;
    dir.write("..2024_01_01/" + NAME, "kube\n");
    dir.makeSymlink("..data", "..2024_01_01");
    dir.makeSymlink(NAME, "..data/" + NAME);
    const EnvironmentGuard value(NAME, std::nullopt);
    const EnvironmentGuard file(NAME + "_FILE", std::nullopt);
    const Resolution r = resolve(ValueResolver({dir.path()}, 1024));
    EXPECT_EQ(r.state, State::Set);
    EXPECT_EQ(r.value, "kube");
}

TEST(ValueResolver, AFileOverTheLimitIsTooLargeAndNotRead)
{
    TemporaryDirectory dir;
    const EnvironmentGuard value(NAME, std::nullopt);
    const EnvironmentGuard file(NAME + "_FILE", dir.write("big", std::string(11, 'x')));
    const Resolution r = resolve(ValueResolver({}, 10));
    EXPECT_EQ(r.state, State::TooLarge);
    EXPECT_EQ(r.value, "");
    EXPECT_NE(r.reason.find("11 bytes"), std::string::npos) << r.reason;
    EXPECT_NE(r.reason.find("secrets.maxFileBytes (10)"), std::string::npos) << r.reason;
}

TEST(ValueResolver, AFileAtTheLimitIsRead)
{
    TemporaryDirectory dir;
    const EnvironmentGuard value(NAME, std::nullopt);
    const EnvironmentGuard file(NAME + "_FILE", dir.write("exact", std::string(10, 'x')));
    const Resolution r = resolve(ValueResolver({}, 10));
    EXPECT_EQ(r.state, State::Set);
    EXPECT_EQ(r.value, std::string(10, 'x'));
}

TEST(ValueResolver, SearchesSecretsDirectoriesInOrder)
{
    TemporaryDirectory dir;
    const std::string first = dir.makeDirectory("credentials");
    const std::string second = dir.makeDirectory("run-secrets");
    dir.write("run-secrets/" + NAME, "from-second\n");
    const EnvironmentGuard value(NAME, std::nullopt);
    const EnvironmentGuard file(NAME + "_FILE", std::nullopt);
    const ValueResolver resolver({first, second}, 1024);

    std::vector<FileStamp> watched;
    Resolution r = resolver.resolve(NAME, watched);
    EXPECT_EQ(r.state, State::Set);
    EXPECT_EQ(r.source, Source::SecretsDirectory);
    EXPECT_EQ(r.value, "from-second");
    EXPECT_EQ(r.path, second + "/" + NAME);
    EXPECT_TRUE(watches(watched, first));
    EXPECT_TRUE(watches(watched, second));
    EXPECT_TRUE(watches(watched, second + "/" + NAME));

    dir.write("credentials/" + NAME, "from-first");
    r = resolve(resolver);
    EXPECT_EQ(r.value, "from-first");
    EXPECT_EQ(r.path, first + "/" + NAME);
}

TEST(ValueResolver, AnUnreadableFileInASecretsDirectoryStopsTheSearch)
{
    TemporaryDirectory dir;
    const std::string first = dir.makeDirectory("first");
    const std::string second = dir.makeDirectory("second");
    dir.makeDirectory("first/" + NAME);
    dir.write("second/" + NAME, "hidden-behind");
    const EnvironmentGuard value(NAME, std::nullopt);
    const EnvironmentGuard file(NAME + "_FILE", std::nullopt);
    const Resolution r = resolve(ValueResolver({first, second}, 1024));
    EXPECT_EQ(r.state, State::Unreadable);
    EXPECT_EQ(r.source, Source::SecretsDirectory);
    EXPECT_EQ(r.path, first + "/" + NAME);
}

TEST(ValueResolver, ReadsThroughAKubernetesDataLink)
{
    TemporaryDirectory dir;
    dir.makeDirectory("..2024_01");
    dir.write("..2024_01/" + NAME, "rotated-1");
    ASSERT_EQ(::symlink("..2024_01", dir.file("..data").c_str()), 0);
    ASSERT_EQ(::symlink(("..data/" + NAME).c_str(), dir.file(NAME).c_str()), 0);
    const EnvironmentGuard value(NAME, std::nullopt);
    const EnvironmentGuard file(NAME + "_FILE", std::nullopt);
    const ValueResolver resolver({dir.path()}, 1024);
    EXPECT_EQ(resolve(resolver).value, "rotated-1");

    dir.makeDirectory("..2024_02");
    dir.write("..2024_02/" + NAME, "rotated-2");
    ASSERT_EQ(::symlink("..2024_02", dir.file("..data_tmp").c_str()), 0);
    ASSERT_EQ(std::rename(dir.file("..data_tmp").c_str(), dir.file("..data").c_str()), 0);
    EXPECT_EQ(resolve(resolver).value, "rotated-2");
}

TEST(Resolution, NamesStatesAndSources)
{
    EXPECT_STREQ(Resolution::stateName(State::Missing), "missing");
    EXPECT_STREQ(Resolution::stateName(State::Set), "set");
    EXPECT_STREQ(Resolution::stateName(State::Unreadable), "unreadable");
    EXPECT_STREQ(Resolution::stateName(State::TooLarge), "too large");
    EXPECT_STREQ(Resolution::sourceName(Source::None), "none");
    EXPECT_STREQ(Resolution::sourceName(Source::Environment), "env");
    EXPECT_STREQ(Resolution::sourceName(Source::EnvironmentFile), "file");
    EXPECT_STREQ(Resolution::sourceName(Source::SecretsDirectory), "secrets-dir");
}
