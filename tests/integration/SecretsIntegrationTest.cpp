//
// SecretsIntegrationTest.cpp
//
// Where each value comes from, rotation, and showing secrets without leaking them: the real binary.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "SecretTestSupport.h"
#include "SecretVolume.h"
#include "ServerProcess.h"
#include "TemporaryDirectory.h"

#include <gtest/gtest.h>

#include <Poco/String.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using labmock::test::findVariable;
using labmock::test::headerText;
using labmock::test::isValidUtf8;
using labmock::test::member;
using labmock::test::pageRow;
using labmock::test::parseJsonObject;
using labmock::test::reportLine;
using labmock::test::SECRET_MASK;
using labmock::test::SecretVolume;
using labmock::test::ServerProcess;
using labmock::test::sha256sumFingerprint;
using labmock::test::TemporaryDirectory;
using labmock::test::valueAndSource;
using labmock::test::withoutInstance;

namespace
{

std::string define(const std::string& key, const std::string& value)
{
    return "--define=" + key + "=" + value;
}

std::vector<std::string> plus(std::vector<std::string> args, std::initializer_list<std::string> more)
{
    args.insert(args.end(), more);
    return args;
}

/// Writes a json-groups file with variables the original plugins do not have: one whose
/// name looks like a credential but is not flagged secret, two URLs, a plain setting and
/// one flagged secret whose name does not look like one.
/// None is required, so they do not change readiness. Returns the --define for it.
std::string integrationGroups(const TemporaryDirectory& scratch)
{
    scratch.write("groups/integration.json", R"({
  "name": "Integration",
  "description": "Variables for the secrets integration tests",
  "vars": [
    {"name": "MY_API_TOKEN", "secret": false, "required": false},
    {"name": "DATABASE_URL", "required": false},
    {"name": "CACHE_URL", "required": false},
    {"name": "PLAIN_SETTING", "required": false},
    {"name": "FLAGGED_BLOB", "secret": true, "required": false}
  ]
})");
    return define("groups.path", scratch.file("groups"));
}

/// The page and the JSON document, fetched one after the other.
struct Views
{
    std::string page;
    Poco::JSON::Object::Ptr json;
};

Views fetch(const ServerProcess& server)
{
    const auto page = server.get("/");
    const auto api = server.get("/api/groups");
    EXPECT_EQ(page.status, 200);
    EXPECT_EQ(api.status, 200);
    return {page.body, parseJsonObject(api.body)};
}

/// The value the JSON shows for name ("<null>" when none).
std::string jsonValue(const ServerProcess& server, const std::string& name)
{
    return member(findVariable(parseJsonObject(server.get("/api/groups").body), name), "value");
}

} // namespace

// --- Sources ------------------------------------------------------------------------------

TEST(SecretSources, EnvironmentVariableIsSourceEnv)
{
    TemporaryDirectory scratch;
    ServerProcess server({define("secrets.dirs", scratch.path()), define("display.reveal", "all")},
                         {{"POSTGRES_USER", "lab-user"}});
    const Views views = fetch(server);
    const auto variable = findVariable(views.json, "POSTGRES_USER");
    EXPECT_EQ(member(variable, "state"), "set");
    EXPECT_EQ(member(variable, "source"), "env");
    EXPECT_EQ(member(variable, "value"), "lab-user");
    EXPECT_EQ(member(variable, "path"), "<absent>");
    EXPECT_EQ(valueAndSource(pageRow(views.page, "POSTGRES_USER")),
              "<td class=\"value\">lab-user</td><td class=\"source\">env</td>");
}

TEST(SecretSources, FileVariableSuppliesValueAndShowsPath)
{
    TemporaryDirectory scratch;
    const std::string file = scratch.write("run/db-pass", "from-a-file\n");
    ServerProcess server({define("secrets.dirs", scratch.file("empty")), define("display.reveal", "all")},
                         {{"POSTGRES_PASSWORD_FILE", file}});
    const Views views = fetch(server);
    const auto variable = findVariable(views.json, "POSTGRES_PASSWORD");
    EXPECT_EQ(member(variable, "state"), "set");
    EXPECT_EQ(member(variable, "source"), "file");
    EXPECT_EQ(member(variable, "path"), file);
    EXPECT_EQ(member(variable, "value"), "from-a-file");
    EXPECT_EQ(member(variable, "warning"), "<absent>");
    const std::string row = pageRow(views.page, "POSTGRES_PASSWORD");
    EXPECT_NE(row.find(">from-a-file<"), std::string::npos) << row;
    EXPECT_NE(row.find("file " + file), std::string::npos) << row;
}

TEST(SecretSources, EnvironmentWinsOverFileVariableWithWarning)
{
    TemporaryDirectory scratch;
    const std::string file = scratch.write("db-pass", "loser\n");
    ServerProcess server({define("secrets.dirs", scratch.file("empty")), define("display.reveal", "all")},
                         {{"POSTGRES_PASSWORD", "winner"}, {"POSTGRES_PASSWORD_FILE", file}});
    const Views views = fetch(server);
    const auto variable = findVariable(views.json, "POSTGRES_PASSWORD");
    EXPECT_EQ(member(variable, "source"), "env");
    EXPECT_EQ(member(variable, "value"), "winner");
    const std::string warning = member(variable, "warning");
    EXPECT_NE(warning.find("POSTGRES_PASSWORD_FILE"), std::string::npos) << warning;
    EXPECT_NE(warning.find("wins"), std::string::npos) << warning;
    const std::string row = pageRow(views.page, "POSTGRES_PASSWORD");
    EXPECT_NE(row.find(warning), std::string::npos) << row;
    EXPECT_EQ(views.page.find("loser"), std::string::npos);
    // Variables without a conflict carry no warning.
    EXPECT_EQ(member(findVariable(views.json, "POSTGRES_USER"), "warning"), "<absent>");
}

TEST(SecretSources, FirstSecretsDirectoryWins)
{
    TemporaryDirectory scratch;
    const std::string first = scratch.write("a/CSRF_SECRET", "from-a\n");
    scratch.write("b/CSRF_SECRET", "from-b\n");
    const std::string onlyInB = scratch.write("b/POSTGRES_DB", "db-from-b\n");
    ServerProcess server(
        {define("secrets.dirs", scratch.file("a") + "," + scratch.file("b")), define("display.reveal", "all")});
    const Views views = fetch(server);
    const auto csrf = findVariable(views.json, "CSRF_SECRET");
    EXPECT_EQ(member(csrf, "source"), "secrets-dir");
    EXPECT_EQ(member(csrf, "path"), first);
    EXPECT_EQ(member(csrf, "value"), "from-a");
    const auto db = findVariable(views.json, "POSTGRES_DB");
    EXPECT_EQ(member(db, "source"), "secrets-dir");
    EXPECT_EQ(member(db, "path"), onlyInB);
    EXPECT_EQ(member(db, "value"), "db-from-b");
    EXPECT_NE(pageRow(views.page, "CSRF_SECRET").find("secrets dir " + first), std::string::npos);
    EXPECT_EQ(views.page.find(">from-b<"), std::string::npos);
}

TEST(SecretSources, CredentialsDirectoryIsSearchedByDefault)
{
    TemporaryDirectory scratch;
    const std::string file = scratch.write("credentials/CSRF_SECRET", "systemd-credential\n");
    ServerProcess server({define("display.reveal", "all")}, {{"CREDENTIALS_DIRECTORY", scratch.file("credentials")}});
    const auto variable = findVariable(parseJsonObject(server.get("/api/groups").body), "CSRF_SECRET");
    EXPECT_EQ(member(variable, "source"), "secrets-dir");
    EXPECT_EQ(member(variable, "path"), file);
    EXPECT_EQ(member(variable, "value"), "systemd-credential");
}

TEST(SecretSources, ExplicitSecretsDirsReplaceTheDefaults)
{
    TemporaryDirectory scratch;
    scratch.write("credentials/CSRF_SECRET", "systemd-credential\n");
    scratch.makeDirectory("configured");
    ServerProcess server({define("secrets.dirs", scratch.file("configured")), define("display.reveal", "all")},
                         {{"CREDENTIALS_DIRECTORY", scratch.file("credentials")}});
    const auto variable = findVariable(parseJsonObject(server.get("/api/groups").body), "CSRF_SECRET");
    EXPECT_EQ(member(variable, "state"), "missing");
    EXPECT_EQ(member(variable, "value"), "<null>");
}

TEST(SecretSources, CredentialsDirectoryComesBeforeRunSecrets)
{
    // The default order can only be seen with a file in the real /run/secrets. Variables
    // with names unique to this process keep it from touching anything another test reads.
    namespace fs = std::filesystem;
    const fs::path runSecrets("/run/secrets");
    const std::string both = "LABMOCK_IT_" + std::to_string(::getpid()) + "_BOTH";
    const std::string runOnly = "LABMOCK_IT_" + std::to_string(::getpid()) + "_RUN_ONLY";
    std::error_code error;
    const bool created = fs::create_directory(runSecrets, error);
    if (error || ::access(runSecrets.c_str(), W_OK) != 0)
        GTEST_SKIP() << "/run/secrets cannot be written by this user; the default order needs a file there";
    struct Cleanup
    {
        std::vector<fs::path> files;
        bool removeDir;
        ~Cleanup()
        {
            std::error_code ignored;
            for (const auto& file : files)
                fs::remove(file, ignored);
            if (removeDir)
                fs::remove("/run/secrets", ignored);
        }
    } cleanup{{runSecrets / both, runSecrets / runOnly}, created};

    TemporaryDirectory scratch;
    scratch.write("groups/unique.json", R"({"name": "Unique", "vars": [{"name": ")" + both
                                            + R"(", "required": false}, {"name": ")" + runOnly
                                            + R"(", "required": false}]})");
    const std::string fromCredentials = scratch.write("credentials/" + both, "from-credentials\n");
    for (const auto& [name, content] : {std::pair{both, "from-run-secrets\n"}, {runOnly, "only-in-run-secrets\n"}})
    {
        std::ofstream out(runSecrets / name);
        out << content;
    }

    ServerProcess server({define("groups.path", scratch.file("groups")), define("display.reveal", "all")},
                         {{"CREDENTIALS_DIRECTORY", scratch.file("credentials")}});
    const auto document = parseJsonObject(server.get("/api/groups").body);
    EXPECT_EQ(member(findVariable(document, both), "path"), fromCredentials);
    EXPECT_EQ(member(findVariable(document, both), "value"), "from-credentials");
    EXPECT_EQ(member(findVariable(document, runOnly), "path"), (runSecrets / runOnly).string());
    EXPECT_EQ(member(findVariable(document, runOnly), "value"), "only-in-run-secrets");
}

TEST(SecretSources, OneTrailingNewlineIsDroppedInnerNewlinesKept)
{
    TemporaryDirectory scratch;
    scratch.write("s/POSTGRES_USER", "unix\n");
    scratch.write("s/POSTGRES_HOST", "windows\r\n");
    scratch.write("s/POSTGRES_DB", "line1\nline2\n");
    scratch.write("s/POSTGRES_PORT", "5432\n\n");
    scratch.write("s/REDIS_HOST", "no-newline");
    ServerProcess server({define("secrets.dirs", scratch.file("s")), define("display.reveal", "all")});
    const Views views = fetch(server);
    EXPECT_EQ(member(findVariable(views.json, "POSTGRES_USER"), "value"), "unix");
    EXPECT_EQ(member(findVariable(views.json, "POSTGRES_HOST"), "value"), "windows");
    EXPECT_EQ(member(findVariable(views.json, "REDIS_HOST"), "value"), "no-newline");
    // Inner newlines are part of the value: shown as escapes, never raw.
    const auto multiLine = findVariable(views.json, "POSTGRES_DB");
    EXPECT_EQ(member(multiLine, "value"), "line1\\nline2");
    EXPECT_EQ(member(multiLine, "escaped"), "true");
    EXPECT_NE(pageRow(views.page, "POSTGRES_DB").find(">line1\\nline2<"), std::string::npos)
        << pageRow(views.page, "POSTGRES_DB");
    // Only one trailing newline belongs to the file format; a second one is content.
    EXPECT_EQ(member(findVariable(views.json, "POSTGRES_PORT"), "value"), "5432\\n");
    EXPECT_EQ(views.page.find("line1\nline2"), std::string::npos);
}

TEST(SecretSources, FileVariableNamingMissingFileIsUnreadable)
{
    TemporaryDirectory scratch;
    const std::string absent = scratch.file("no-such-file");
    ServerProcess server({define("secrets.dirs", scratch.path())}, {{"CSRF_SECRET_FILE", absent}});
    const Views views = fetch(server);
    const auto variable = findVariable(views.json, "CSRF_SECRET");
    EXPECT_EQ(member(variable, "state"), "unreadable");
    EXPECT_EQ(member(variable, "source"), "file");
    EXPECT_EQ(member(variable, "path"), absent);
    EXPECT_EQ(member(variable, "value"), "<null>");
    const std::string reason = member(variable, "reason");
    EXPECT_NE(reason.find("does not exist"), std::string::npos) << reason;
    const std::string row = pageRow(views.page, "CSRF_SECRET");
    EXPECT_NE(row.find("class=\"value problem\">unreadable: "), std::string::npos) << row;
    EXPECT_EQ(views.json->getObject("summary")->getValue<int>("unreadable"), 1);
}

TEST(SecretSources, DirectoryInPlaceOfFileIsUnreadable)
{
    TemporaryDirectory scratch;
    scratch.makeDirectory("s/CSRF_SECRET");
    ServerProcess server({define("secrets.dirs", scratch.file("s"))});
    const Views views = fetch(server);
    const auto variable = findVariable(views.json, "CSRF_SECRET");
    EXPECT_EQ(member(variable, "state"), "unreadable");
    EXPECT_EQ(member(variable, "source"), "secrets-dir");
    EXPECT_EQ(member(variable, "reason"), "is a directory");
    EXPECT_NE(pageRow(views.page, "CSRF_SECRET").find("unreadable: is a directory"), std::string::npos);
}

TEST(SecretSources, DanglingSymlinkIsUnreadable)
{
    TemporaryDirectory scratch;
    scratch.makeSymlink("s/CSRF_SECRET", scratch.file("gone/CSRF_SECRET"));
    ServerProcess server({define("secrets.dirs", scratch.file("s"))});
    const Views views = fetch(server);
    const auto variable = findVariable(views.json, "CSRF_SECRET");
    EXPECT_EQ(member(variable, "state"), "unreadable");
    EXPECT_EQ(member(variable, "path"), scratch.file("s/CSRF_SECRET"));
    const std::string reason = member(variable, "reason");
    EXPECT_NE(reason.find("link"), std::string::npos) << reason;
    EXPECT_NE(pageRow(views.page, "CSRF_SECRET").find("unreadable: "), std::string::npos);
}

TEST(SecretSources, LinkToProcSelfEnvironIsNotARegularFileAndLeaksNoSecret)
{
    // A non-secret variable whose file is the process's environment would show every
    // variable, the flagged secret CSRF_SECRET included, even where that one is masked.
    const std::string canary = "canary-environ-7f3a91";
    TemporaryDirectory scratch;
    const std::string groups = integrationGroups(scratch);
    scratch.makeSymlink("environ", "/proc/self/environ");
    scratch.makeSymlink("s/DATABASE_URL", "/proc/self/environ");
    ServerProcess server({groups, define("secrets.dirs", scratch.file("s"))},
                         {{"CSRF_SECRET", canary}, {"PLAIN_SETTING_FILE", scratch.file("environ")}});
    const Views views = fetch(server);
    for (const auto& [name, source] : {std::pair{"PLAIN_SETTING", "file"}, std::pair{"DATABASE_URL", "secrets-dir"}})
    {
        const auto variable = findVariable(views.json, name);
        EXPECT_EQ(member(variable, "state"), "unreadable") << name;
        EXPECT_EQ(member(variable, "source"), source) << name;
        EXPECT_EQ(member(variable, "reason"), "not a regular file") << name;
        EXPECT_NE(pageRow(views.page, name).find("unreadable: not a regular file"), std::string::npos) << name;
    }
    EXPECT_EQ(views.page.find(canary), std::string::npos);
    EXPECT_EQ(server.get("/api/groups").body.find(canary), std::string::npos);
    EXPECT_EQ(server.get("/metrics").body.find(canary), std::string::npos);
}

TEST(SecretSources, FifoAsFileVariableIsUnreadableAndDoesNotHangTheRequest)
{
    TemporaryDirectory scratch;
    const std::string groups = integrationGroups(scratch);
    ASSERT_EQ(::mkfifo(scratch.file("fifo").c_str(), 0600), 0);
    ServerProcess server({groups}, {{"PLAIN_SETTING_FILE", scratch.file("fifo")}});
    const Views views = fetch(server);
    const auto variable = findVariable(views.json, "PLAIN_SETTING");
    EXPECT_EQ(member(variable, "state"), "unreadable");
    EXPECT_EQ(member(variable, "reason"), "not a regular file");
}

// --- Names from plugins ---------------------------------------------------------------

TEST(PluginNames, APluginsPathVariableNamesAreRejectedAndNothingIsReadThroughThem)
{
    // The plugin declares ../../etc/passwd; from the secrets directory <scratch>/run/secrets
    // that is <scratch>/etc/passwd, written here so the test needs no system file.
    const std::string canary = "root:x:0:0:canary-passwd-51c2";
    TemporaryDirectory scratch;
    scratch.write("etc/passwd", canary + "\n");
    scratch.makeDirectory("run/secrets");
    ServerProcess server({"--plugins=" + std::string(LABMOCK_TEST_PLUGIN_DIR) + "/bad-name",
                          define("secrets.dirs", scratch.file("run/secrets")), define("display.reveal", "all")});
    const Views views = fetch(server);
    for (const auto& body : {views.page, server.get("/api/groups").body, server.get("/metrics").body})
    {
        EXPECT_EQ(body.find("canary-passwd"), std::string::npos);
        EXPECT_EQ(body.find('\x1b'), std::string::npos) << "a raw control byte of a group name was rendered";
    }
    const auto groups = views.json->getArray("groups");
    ASSERT_TRUE(groups);
    ASSERT_EQ(groups->size(), 1u);
    EXPECT_EQ(groups->getObject(0)->getValue<std::string>("name"), "Bad Name Survivor");
    const auto errors = views.json->getArray("errors");
    ASSERT_TRUE(errors);
    std::string messages;
    for (std::size_t i = 0; i < errors->size(); ++i)
    {
        EXPECT_EQ(errors->getObject(i)->getValue<std::string>("plugin"), "bad-name");
        messages += errors->getObject(i)->getValue<std::string>("message") + "\n";
    }
    EXPECT_NE(messages.find("group \"Stolen Files\" rejected: variable \"../../etc/passwd\""), std::string::npos)
        << messages;
    EXPECT_NE(messages.find("group \"Evil\\x1B[2J\\nGroup\" rejected"), std::string::npos) << messages;
    // A rejected plugin group is a plugin error: not ready.
    EXPECT_EQ(server.get("/readyz").status, 503);
}

/// True when any user may reach path: every folder above it searchable by others, the file
/// readable and executable by others (a build tree under a mode-700 home is not).
static bool reachableByOthers(const std::filesystem::path& path)
{
    namespace fs = std::filesystem;
    const fs::perms file = fs::status(path).permissions();
    if ((file & fs::perms::others_read) == fs::perms::none || (file & fs::perms::others_exec) == fs::perms::none)
        return false;
    for (fs::path dir = path.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
    {
        if ((fs::status(dir).permissions() & fs::perms::others_exec) == fs::perms::none)
            return false;
    }
    return true;
}

TEST(SecretSources, PermissionDeniedIsUnreadable)
{
    if (::geteuid() == 0 && !reachableByOthers(ServerProcess::binary()))
        GTEST_SKIP() << "running as root, and user nobody cannot reach " << ServerProcess::binary()
                     << ": root itself reads a mode-000 file (CAP_DAC_OVERRIDE)";
    TemporaryDirectory scratch;
    const std::string file = scratch.write("s/CSRF_SECRET", "locked\n");
    std::filesystem::permissions(file, std::filesystem::perms::none);
    // Root reads a mode-000 file anyway (CAP_DAC_OVERRIDE): as root, run the server as nobody,
    // with the directories it needs opened to it.
    std::filesystem::permissions(scratch.path(), std::filesystem::perms::owner_all | std::filesystem::perms::group_exec
                                                     | std::filesystem::perms::others_exec);
    std::filesystem::permissions(scratch.file("s"), std::filesystem::perms::owner_all
                                                        | std::filesystem::perms::group_exec
                                                        | std::filesystem::perms::others_exec);
    const std::vector<std::string> args{define("secrets.dirs", scratch.file("s")), define("display.reveal", "all")};
    const auto server = ::geteuid() == 0
                            ? std::make_unique<ServerProcess>(args, ServerProcess::Environment{}, 65534u, 65534u)
                            : std::make_unique<ServerProcess>(args);
    const Views views = fetch(*server);
    const auto variable = findVariable(views.json, "CSRF_SECRET");
    EXPECT_EQ(member(variable, "state"), "unreadable");
    EXPECT_NE(member(variable, "reason").find("ermission denied"), std::string::npos) << member(variable, "reason");
    EXPECT_EQ(views.page.find("locked"), std::string::npos);
}

TEST(SecretSources, FileOverMaxFileBytesIsTooLargeAndNotShown)
{
    TemporaryDirectory scratch;
    const std::string oversized = "oversized-canary-value"; // 22 bytes
    scratch.write("s/CSRF_SECRET", oversized);
    scratch.write("s/POSTGRES_DB", "sixteen-bytes-ok"); // exactly the limit: read
    ServerProcess server({define("secrets.dirs", scratch.file("s")), define("secrets.maxFileBytes", "16"),
                          define("display.reveal", "all")});
    const Views views = fetch(server);
    const auto variable = findVariable(views.json, "CSRF_SECRET");
    EXPECT_EQ(member(variable, "state"), "too large");
    EXPECT_EQ(member(variable, "value"), "<null>");
    EXPECT_EQ(member(variable, "length"), "<absent>");
    EXPECT_EQ(member(variable, "fingerprint"), "<absent>");
    EXPECT_NE(member(variable, "reason").find("secrets.maxFileBytes"), std::string::npos);
    EXPECT_NE(pageRow(views.page, "CSRF_SECRET").find("too large"), std::string::npos);
    EXPECT_EQ(views.page.find(oversized), std::string::npos);
    EXPECT_EQ(member(findVariable(views.json, "POSTGRES_DB"), "value"), "sixteen-bytes-ok");
}

TEST(SecretSources, BinaryAndControlCharactersAreEscapedAndJsonStaysUtf8)
{
    TemporaryDirectory scratch;
    scratch.write("s/POSTGRES_DB", std::string("\xff\xfe\x00\x01"
                                               "abc",
                                               7));
    const std::string controls = "a\x1b[31mb\x07\tc";
    const std::string unicode = "p\xC3\xA4ssw\xC3\xB6rd"; // valid UTF-8 stays as it is
    ServerProcess server({define("secrets.dirs", scratch.file("s")), define("display.reveal", "all")},
                         {{"POSTGRES_HOST", controls}, {"POSTGRES_USER", unicode}});
    const auto page = server.get("/");
    const auto api = server.get("/api/groups");
    ASSERT_EQ(api.status, 200);
    EXPECT_TRUE(isValidUtf8(api.body));
    EXPECT_TRUE(isValidUtf8(page.body));
    for (const char raw : {'\xff', '\xfe', '\x00', '\x01', '\x1b', '\x07', '\t'})
    {
        EXPECT_EQ(page.body.find(raw), std::string::npos) << "raw byte " << static_cast<int>(raw) << " on the page";
        EXPECT_EQ(api.body.find(raw), std::string::npos) << "raw byte " << static_cast<int>(raw) << " in the JSON";
    }

    const auto document = parseJsonObject(api.body);
    const auto binary = findVariable(document, "POSTGRES_DB");
    EXPECT_EQ(Poco::toLower(member(binary, "value")), "\\xff\\xfe\\x00\\x01abc");
    EXPECT_EQ(member(binary, "escaped"), "true");
    EXPECT_NE(Poco::toLower(pageRow(page.body, "POSTGRES_DB")).find(">\\xff\\xfe\\x00\\x01abc"), std::string::npos)
        << pageRow(page.body, "POSTGRES_DB");
    const auto control = findVariable(document, "POSTGRES_HOST");
    EXPECT_EQ(Poco::toLower(member(control, "value")), "a\\x1b[31mb\\x07\\tc");
    EXPECT_EQ(member(control, "escaped"), "true");
    const auto text = findVariable(document, "POSTGRES_USER");
    EXPECT_EQ(member(text, "value"), unicode);
    EXPECT_EQ(member(text, "escaped"), "<absent>");
    EXPECT_NE(page.body.find(">" + unicode + "<"), std::string::npos);

    // The text report of --check holds no raw bytes either.
    const auto report =
        ServerProcess::run({"--check", define("secrets.dirs", scratch.file("s")), define("display.reveal", "all")},
                           {{"POSTGRES_HOST", controls}, {"POSTGRES_USER", unicode}});
    EXPECT_TRUE(isValidUtf8(report.out));
    for (const char raw : {'\xff', '\x00', '\x01', '\x1b', '\x07', '\t'})
        EXPECT_EQ(report.out.find(raw), std::string::npos) << "raw byte " << static_cast<int>(raw) << " in --check";
    EXPECT_NE(Poco::toLower(reportLine(report.out, "POSTGRES_DB")).find("\\xff\\xfe\\x00\\x01abc"), std::string::npos)
        << report.out;
}

// --- Rotation ------------------------------------------------------------------------------

TEST(SecretRotation, KubeletDataSwapShowsOnNextRequestWithoutRestart)
{
    TemporaryDirectory scratch;
    SecretVolume volume(scratch.makeDirectory("volume"));
    volume.publish({{"CSRF_SECRET", "generation-1\n"}, {"POSTGRES_PASSWORD", "pg-1\n"}});
    ASSERT_TRUE(std::filesystem::is_symlink(scratch.file("volume/..data")));
    ASSERT_EQ(std::filesystem::read_symlink(scratch.file("volume/CSRF_SECRET")).string(), "..data/CSRF_SECRET");

    ServerProcess server({define("secrets.dirs", volume.dir()), define("display.reveal", "all")});
    const int pid = server.pid();
    EXPECT_EQ(jsonValue(server, "CSRF_SECRET"), "generation-1");
    EXPECT_EQ(jsonValue(server, "POSTGRES_PASSWORD"), "pg-1");

    volume.publish({{"CSRF_SECRET", "generation-2\n"}, {"POSTGRES_PASSWORD", "pg-2\n"}});
    EXPECT_EQ(jsonValue(server, "CSRF_SECRET"), "generation-2");
    EXPECT_NE(pageRow(server.get("/").body, "POSTGRES_PASSWORD").find(">pg-2<"), std::string::npos);

    // A second rotation right after the first, and a key that leaves the Secret.
    volume.publish({{"CSRF_SECRET", "generation-3, longer\n"}});
    const auto document = parseJsonObject(server.get("/api/groups").body);
    EXPECT_EQ(member(findVariable(document, "CSRF_SECRET"), "value"), "generation-3, longer");
    EXPECT_EQ(member(findVariable(document, "CSRF_SECRET"), "path"), volume.dir() + "/CSRF_SECRET");
    EXPECT_EQ(member(findVariable(document, "POSTGRES_PASSWORD"), "state"), "missing");
    EXPECT_EQ(server.pid(), pid);
    EXPECT_EQ(::kill(pid, 0), 0) << "the server must still be the same running process";
}

TEST(SecretRotation, InPlaceEditShowsOnNextRequest)
{
    TemporaryDirectory scratch;
    const std::string file = scratch.write("s/CSRF_SECRET", "value-one\n");
    ServerProcess server({define("secrets.dirs", scratch.file("s")), define("display.reveal", "all")});
    EXPECT_EQ(jsonValue(server, "CSRF_SECRET"), "value-one");
    struct stat before
    {
    };
    ASSERT_EQ(::stat(file.c_str(), &before), 0);
    scratch.write("s/CSRF_SECRET", "value-two, a longer one\n");
    struct stat after
    {
    };
    ASSERT_EQ(::stat(file.c_str(), &after), 0);
    EXPECT_EQ(after.st_ino, before.st_ino) << "the edit must be in place, not a new file";
    EXPECT_EQ(jsonValue(server, "CSRF_SECRET"), "value-two, a longer one");
}

TEST(SecretRotation, SameSizeEditRightAfterARequestShowsOnNextRequest)
{
    // An editor or a config tool may rewrite a file within the same timestamp tick as the
    // server's previous read; size, inode and mtime can all look unchanged.
    TemporaryDirectory scratch;
    scratch.write("s/CSRF_SECRET", "value-A\n");
    ServerProcess server({define("secrets.dirs", scratch.file("s")), define("display.reveal", "all")});
    std::string expected = "value-A";
    for (const char generation : std::string("BCDEFGHIJ"))
    {
        ASSERT_EQ(jsonValue(server, "CSRF_SECRET"), expected);
        expected = std::string("value-") + generation;
        scratch.write("s/CSRF_SECRET", expected + "\n");
    }
    EXPECT_EQ(jsonValue(server, "CSRF_SECRET"), expected);
}

TEST(SecretRotation, DeletedFileTurnsToNone)
{
    TemporaryDirectory scratch;
    scratch.write("s/CSRF_SECRET", "short-lived\n");
    const std::string file = scratch.write("run/pg-pass", "pg-file\n");
    ServerProcess server({define("secrets.dirs", scratch.file("s")), define("display.reveal", "all")},
                         {{"POSTGRES_PASSWORD_FILE", file}});
    EXPECT_EQ(jsonValue(server, "CSRF_SECRET"), "short-lived");
    EXPECT_EQ(jsonValue(server, "POSTGRES_PASSWORD"), "pg-file");
    scratch.remove("s/CSRF_SECRET");
    const auto page = server.get("/");
    EXPECT_EQ(valueAndSource(pageRow(page.body, "CSRF_SECRET")),
              "<td class=\"value missing\">None</td><td class=\"source\"></td>");
    EXPECT_EQ(jsonValue(server, "CSRF_SECRET"), "<null>");
    // The file named by X_FILE going away is a problem worth seeing, not silence.
    scratch.remove("run/pg-pass");
    const auto variable = findVariable(parseJsonObject(server.get("/api/groups").body), "POSTGRES_PASSWORD");
    EXPECT_EQ(member(variable, "state"), "unreadable");
}

TEST(SecretRotation, NewFileMakesMissingVariableAppear)
{
    TemporaryDirectory scratch;
    scratch.makeDirectory("s");
    ServerProcess server({define("secrets.dirs", scratch.file("s")), define("display.reveal", "all")});
    EXPECT_EQ(jsonValue(server, "CSRF_SECRET"), "<null>");
    const auto before = parseJsonObject(server.get("/api/groups").body)->getObject("summary")->getValue<int>("set");
    scratch.write("s/CSRF_SECRET", "arrived\n");
    const auto document = parseJsonObject(server.get("/api/groups").body);
    EXPECT_EQ(member(findVariable(document, "CSRF_SECRET"), "value"), "arrived");
    EXPECT_EQ(member(findVariable(document, "CSRF_SECRET"), "source"), "secrets-dir");
    EXPECT_EQ(document->getObject("summary")->getValue<int>("set"), before + 1);
    EXPECT_NE(pageRow(server.get("/").body, "CSRF_SECRET").find(">arrived<"), std::string::npos);
}

// --- Disclosure ----------------------------------------------------------------------------

namespace
{

const ServerProcess::Environment DISCLOSURE_ENV{
    {"POSTGRES_PASSWORD", "pg-pass-value"},        {"CSRF_SECRET", "csrf-secret-value"},
    {"MY_API_TOKEN", "api-token-value"},           {"POSTGRES_USER", "plain-user"},
    {"DATABASE_URL", "postgres://u:p4ss@h/db"},    {"CACHE_URL", "redis://:r3dis-pass@cache:6379/0"},
    {"PLAIN_SETTING", "https://example.org/path"},
};

} // namespace

TEST(SecretDisclosure, MaskedIsTheDefaultForFlaggedAndPatternSecrets)
{
    TemporaryDirectory scratch;
    const std::vector<std::string> args{define("secrets.dirs", scratch.path()), integrationGroups(scratch)};
    ServerProcess server(args, DISCLOSURE_ENV);
    const auto page = server.get("/");
    const auto api = server.get("/api/groups");
    const auto document = parseJsonObject(api.body);
    EXPECT_EQ(member(document, "reveal"), "masked");

    for (const std::string name : {"POSTGRES_PASSWORD", "CSRF_SECRET", "MY_API_TOKEN"})
    {
        SCOPED_TRACE(name);
        const std::string value = DISCLOSURE_ENV.at(name);
        const std::string fingerprint = sha256sumFingerprint(value);
        const auto variable = findVariable(document, name);
        EXPECT_EQ(member(variable, "state"), "set");
        EXPECT_EQ(member(variable, "value"), "<null>");
        EXPECT_EQ(member(variable, "secret"), "true");
        EXPECT_EQ(member(variable, "masked"), "true");
        EXPECT_EQ(member(variable, "length"), std::to_string(value.size()));
        EXPECT_EQ(member(variable, "fingerprint"), fingerprint);
        EXPECT_EQ(valueAndSource(pageRow(page.body, name)),
                  "<td class=\"value\">" + SECRET_MASK + "<span class=\"note\">" + std::to_string(value.size())
                      + " bytes, " + fingerprint + "</span></td><td class=\"source\">env</td>");
        EXPECT_EQ(page.body.find(value), std::string::npos);
        EXPECT_EQ(api.body.find(value), std::string::npos);
    }
    // Plain variables stay plain; only a URL's password is masked.
    EXPECT_EQ(member(findVariable(document, "POSTGRES_USER"), "value"), "plain-user");
    EXPECT_EQ(member(findVariable(document, "POSTGRES_USER"), "secret"), "false");
    EXPECT_EQ(member(findVariable(document, "DATABASE_URL"), "value"), "postgres://u:****@h/db");
    EXPECT_EQ(member(findVariable(document, "CACHE_URL"), "value"), "redis://:****@cache:6379/0");
    EXPECT_EQ(member(findVariable(document, "PLAIN_SETTING"), "value"), "https://example.org/path");
    EXPECT_NE(pageRow(page.body, "DATABASE_URL").find(">postgres://u:****@h/db<"), std::string::npos);
    for (const std::string leaked : {"p4ss", "r3dis-pass"})
    {
        EXPECT_EQ(page.body.find(leaked), std::string::npos) << leaked;
        EXPECT_EQ(api.body.find(leaked), std::string::npos) << leaked;
    }
    // The page says how to check a fingerprint.
    EXPECT_NE(page.body.find("sha256sum"), std::string::npos);
    EXPECT_NE(page.body.find("--fingerprint"), std::string::npos);

    const auto report = ServerProcess::run(plus(args, {"--check"}), DISCLOSURE_ENV);
    const std::string line = reportLine(report.out, "POSTGRES_PASSWORD");
    EXPECT_NE(line.find(SECRET_MASK + " (13 bytes, " + sha256sumFingerprint("pg-pass-value") + ")"), std::string::npos)
        << report.out;
    EXPECT_NE(reportLine(report.out, "DATABASE_URL").find("postgres://u:****@h/db"), std::string::npos) << report.out;
    for (const std::string leaked : {"pg-pass-value", "csrf-secret-value", "api-token-value", "p4ss", "r3dis-pass"})
        EXPECT_EQ(report.out.find(leaked), std::string::npos) << leaked;

    const auto json = ServerProcess::run(plus(args, {"--check", "--format=json"}), DISCLOSURE_ENV);
    EXPECT_EQ(withoutInstance(json.out), withoutInstance(api.body))
        << "--check --format=json prints the document /api/groups serves (but for the instance's times)";
}

TEST(SecretDisclosure, AllShowsEveryValueInPlainText)
{
    TemporaryDirectory scratch;
    const std::vector<std::string> args{define("secrets.dirs", scratch.path()), integrationGroups(scratch),
                                        define("display.reveal", "all")};
    ServerProcess server(args, DISCLOSURE_ENV);
    const auto page = server.get("/").body;
    const auto document = parseJsonObject(server.get("/api/groups").body);
    EXPECT_EQ(member(document, "reveal"), "all");
    const auto report = ServerProcess::run(plus(args, {"--check"}), DISCLOSURE_ENV);
    for (const auto& [name, value] : DISCLOSURE_ENV)
    {
        SCOPED_TRACE(name);
        const auto variable = findVariable(document, name);
        EXPECT_EQ(member(variable, "value"), value);
        EXPECT_EQ(member(variable, "masked"), "<absent>");
        EXPECT_EQ(member(variable, "fingerprint"), "<absent>");
        EXPECT_NE(pageRow(page, name).find("<td class=\"value\">" + value + "</td>"), std::string::npos)
            << pageRow(page, name);
        EXPECT_NE(reportLine(report.out, name).find(value), std::string::npos) << report.out;
    }
    EXPECT_EQ(page.find(SECRET_MASK), std::string::npos);
}

TEST(SecretDisclosure, NoneShowsOnlyStates)
{
    TemporaryDirectory scratch;
    scratch.makeDirectory("s/REDIS_HOST"); // one unreadable variable
    const std::vector<std::string> args{define("secrets.dirs", scratch.file("s")), integrationGroups(scratch),
                                        define("display.reveal", "none")};
    ServerProcess server(args, DISCLOSURE_ENV);
    const auto page = server.get("/").body;
    const auto api = server.get("/api/groups").body;
    const auto document = parseJsonObject(api);
    EXPECT_EQ(member(document, "reveal"), "none");
    const auto report = ServerProcess::run(plus(args, {"--check"}), DISCLOSURE_ENV);
    const auto reportJson = ServerProcess::run(plus(args, {"--check", "--format=json"}), DISCLOSURE_ENV);
    EXPECT_EQ(withoutInstance(reportJson.out), withoutInstance(api));

    for (const auto& [name, value] : DISCLOSURE_ENV)
    {
        SCOPED_TRACE(name);
        const auto variable = findVariable(document, name);
        EXPECT_EQ(member(variable, "state"), "set");
        EXPECT_EQ(member(variable, "value"), "<null>");
        EXPECT_EQ(member(variable, "length"), "<absent>");
        EXPECT_EQ(member(variable, "fingerprint"), "<absent>");
        EXPECT_EQ(valueAndSource(pageRow(page, name)).rfind("<td class=\"value\">set</td>", 0), 0u)
            << pageRow(page, name);
        EXPECT_EQ(page.find(value), std::string::npos);
        EXPECT_EQ(api.find(value), std::string::npos);
        EXPECT_EQ(report.out.find(value), std::string::npos);
        EXPECT_NE(reportLine(report.out, name).find("  set  "), std::string::npos) << report.out;
    }
    // The other states still show; nothing anywhere carries a length or a fingerprint.
    EXPECT_EQ(member(findVariable(document, "POSTGRES_DB"), "state"), "missing");
    EXPECT_EQ(member(findVariable(document, "REDIS_HOST"), "state"), "unreadable");
    for (const auto* text : {&page, &api, &report.out})
    {
        EXPECT_EQ(text->find("sha256:"), std::string::npos);
        EXPECT_EQ(text->find(" bytes"), std::string::npos);
        EXPECT_EQ(text->find(SECRET_MASK), std::string::npos);
    }
    // Not even a URL's user or host: none means no values at all.
    EXPECT_EQ(page.find("postgres://"), std::string::npos);
}

TEST(SecretDisclosure, FingerprintEqualsSha256sumAndCommandLine)
{
    TemporaryDirectory scratch;
    const std::string fromEnv = "correct horse battery staple";
    const std::string fromFile = "p\xC3\xA4ss w\xC3\xB6rd \"quoted\" $HOME `x`";
    const std::string binary("\x00\xff secret\x01", 10);
    scratch.write("s/CSRF_SECRET", fromFile + "\n");
    scratch.write("s/FLAGGED_BLOB", binary);
    ServerProcess server({define("secrets.dirs", scratch.file("s")), integrationGroups(scratch)},
                         {{"POSTGRES_PASSWORD", fromEnv}});
    const auto document = parseJsonObject(server.get("/api/groups").body);
    const auto page = server.get("/").body;
    for (const auto& [name, value] :
         {std::pair{"POSTGRES_PASSWORD", fromEnv}, {"CSRF_SECRET", fromFile}, {"FLAGGED_BLOB", binary}})
    {
        SCOPED_TRACE(name);
        const std::string expected = sha256sumFingerprint(value);
        ASSERT_EQ(expected.size(), std::string("sha256:").size() + 12);
        EXPECT_EQ(member(findVariable(document, name), "fingerprint"), expected);
        EXPECT_NE(pageRow(page, name).find(expected), std::string::npos);
        for (const std::string& input : {value, value + "\n"})
        {
            const auto run = ServerProcess::run({"--fingerprint"}, {}, input);
            EXPECT_EQ(run.exitCode, 0) << run.err;
            EXPECT_EQ(run.out, expected + "\n");
            EXPECT_EQ(run.err.find(value), std::string::npos);
        }
    }
}

// --- Canary --------------------------------------------------------------------------------

namespace
{

/// A value that occurs nowhere unless the server leaks it.
std::string canary(const std::string& tag)
{
    return "canary-" + tag + "-" + std::to_string(::getpid()) + "-Zq7Xw";
}

/// Every answer a client can get that is not meant to carry values, with its headers.
std::vector<std::pair<std::string, std::string>> everyAnswer(const ServerProcess& server)
{
    std::vector<std::pair<std::string, std::string>> answers;
    for (const std::string target :
         {"/", "/api/groups", "/readyz", "/readyz?verbose", "/healthz", "/livez", "/metrics", "/version", "/nope"})
    {
        const auto answer = server.get(target);
        answers.emplace_back("GET " + target, headerText(answer) + "\n" + answer.body);
    }
    const auto head = server.request("HEAD", "/");
    answers.emplace_back("HEAD /", headerText(head));
    return answers;
}

} // namespace

TEST(SecretCanary, NeverInAnyResponseWhenMaskedOrNone)
{
    for (const std::string reveal : {"masked", "none"})
    {
        SCOPED_TRACE("display.reveal=" + reveal);
        TemporaryDirectory scratch;
        const std::string inEnv = canary("env");
        const std::string inFile = canary("file");
        const std::string inDir = canary("dir");
        const std::string inUrl = canary("url");
        scratch.write("pg-pass", inFile + "\n");
        scratch.write("s/CSRF_SECRET", inDir + "\n");
        ServerProcess server(
            {define("secrets.dirs", scratch.file("s")), integrationGroups(scratch), define("display.reveal", reveal)},
            {{"MY_API_TOKEN", inEnv},
             {"POSTGRES_PASSWORD_FILE", scratch.file("pg-pass")},
             {"DATABASE_URL", "postgres://user:" + inUrl + "@db/lab"}});
        for (const auto& [what, text] : everyAnswer(server))
            for (const auto& secret : {inEnv, inFile, inDir, inUrl})
                EXPECT_EQ(text.find(secret), std::string::npos) << what << " leaks " << secret;
        ASSERT_EQ(member(findVariable(parseJsonObject(server.get("/api/groups").body), "CSRF_SECRET"), "state"), "set");
        for (const auto& secret : {inEnv, inFile, inDir, inUrl})
            EXPECT_EQ(server.log().find(secret), std::string::npos) << "the log leaks " << secret;
    }
}

TEST(SecretCanary, NeverInTheLogInAnyModeFormatOrLevel)
{
    for (const std::string reveal : {"masked", "all", "none"})
        for (const std::string format : {"text", "json"})
        {
            SCOPED_TRACE("display.reveal=" + reveal + " logging.format=" + format);
            TemporaryDirectory scratch;
            const std::string inEnv = canary("env");
            const std::string inFile = canary("file");
            const std::string inDir = canary("dir");
            const std::string tooLarge = canary("too-large") + std::string(200, 'x');
            scratch.write("pg-pass", inFile + "\n");
            scratch.write("s/CSRF_SECRET", inDir + "\n");
            scratch.write("s/MY_API_TOKEN", tooLarge);
            const std::vector<std::string> args{
                define("secrets.dirs", scratch.file("s")), integrationGroups(scratch),
                define("secrets.maxFileBytes", "128"),     define("display.reveal", reveal),
                define("logging.level", "trace"),          define("logging.format", format)};
            const ServerProcess::Environment env{{"POSTGRES_PASSWORD", inEnv},
                                                 {"POSTGRES_PASSWORD_FILE", scratch.file("pg-pass")},
                                                 {"DATABASE_URL", "postgres://u:" + inEnv + "@h/db"}};
            std::string log;
            {
                ServerProcess server(args, env);
                everyAnswer(server);
                server.get("/api/groups?token=" + inEnv); // a query string is never logged either
                server.get("/", {{"Authorization", "Bearer " + inFile}});
                // Rotate while serving, so a rebuild happens with the log at trace.
                scratch.write("s/CSRF_SECRET", inDir + "-rotated\n");
                server.get("/");
                server.signal(SIGTERM);
                ASSERT_TRUE(server.waitForLog("stopped")) << server.log();
                EXPECT_EQ(server.waitForExit(), 0);
                log = server.log();
            }
            EXPECT_NE(log.find("GET /api/groups"), std::string::npos) << "access log expected at trace:\n" << log;
            for (const auto& secret : {inEnv, inFile, inDir, canary("too-large")})
                EXPECT_EQ(log.find(secret), std::string::npos) << "the log leaks " << secret << ":\n" << log;

            // --check prints values on stdout only as display.reveal allows; never in its log.
            const auto check = ServerProcess::run(plus(args, {"--check"}), env);
            for (const auto& secret : {inEnv, inFile, inDir, canary("too-large")})
            {
                EXPECT_EQ(check.err.find(secret), std::string::npos) << "--check stderr leaks " << secret;
                if (reveal != "all")
                {
                    EXPECT_EQ(check.out.find(secret), std::string::npos) << "--check leaks " << secret;
                }
            }
        }
}
