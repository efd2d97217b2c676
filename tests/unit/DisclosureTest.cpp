//
// DisclosureTest.cpp
//
// Disclosure: reveal modes, secret names, fingerprints, printable text and URL passwords.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Disclosure.h"

#include <gtest/gtest.h>

#include <vector>

using labmock::Disclosure;
using labmock::Resolution;
using labmock::Settings;
using labmock::Variable;
using Kind = labmock::Disclosure::Shown::Kind;

namespace
{

const std::string DEFAULT_PATTERN = Settings().secretPattern;

Resolution setTo(const std::string& value)
{
    Resolution r;
    r.state = Resolution::State::Set;
    r.source = Resolution::Source::Environment;
    r.value = value;
    return r;
}

} // namespace

TEST(Disclosure, FingerprintIsTheFirst12HexDigitsOfSha256)
{
    // printf %s hunter2 | sha256sum → f52fbd32b2b3b86ff88ef6c490628285f482af15ddcb29541f94bcf526a3f6c7
    EXPECT_EQ(Disclosure::fingerprint("hunter2"), "sha256:f52fbd32b2b3");
    EXPECT_EQ(Disclosure::fingerprint(""), "sha256:e3b0c44298fc");
    EXPECT_EQ(Disclosure::fingerprint("\xc3\xa9"), "sha256:4a99557e4033");
}

TEST(Disclosure, SecretsAreFlaggedOrNamedLikeCredentials)
{
    const Disclosure d(Settings::Reveal::Masked, DEFAULT_PATTERN);
    EXPECT_TRUE(d.isSecret({"TEST_GOOD_PIN", true, true}));
    for (const char* name : {"POSTGRES_PASSWORD", "db_passwd", "CSRF_SECRET", "GITHUB_TOKEN", "S3_ACCESS_KEY",
                             "GOOGLE_APPLICATION_CREDENTIALS", "SSH_PRIVATE", "gpg_passphrase", "TLS_CERT"})
        EXPECT_TRUE(d.isSecret({name, false, true})) << name;
    for (const char* name : {"POSTGRES_USER", "REDIS_HOST", "POSTGRES_PORT", "APP_NAME"})
        EXPECT_FALSE(d.isSecret({name, false, true})) << name;
}

TEST(Disclosure, UsesTheConfiguredSecretPattern)
{
    const Disclosure d(Settings::Reveal::Masked, "^PIN$");
    EXPECT_TRUE(d.isSecret({"pin", false, true}));
    EXPECT_FALSE(d.isSecret({"POSTGRES_PASSWORD", false, true}));
    EXPECT_TRUE(d.isSecret({"POSTGRES_PASSWORD", true, true})); // the plugin's flag always counts
}

TEST(Disclosure, MaskedShowsLengthAndFingerprintButNoValue)
{
    const Disclosure d(Settings::Reveal::Masked, DEFAULT_PATTERN);
    const Disclosure::Shown shown = d.show({"POSTGRES_PASSWORD", false, true}, setTo("hunter2"));
    EXPECT_EQ(shown.kind, Kind::Masked);
    EXPECT_EQ(shown.length, 7u);
    EXPECT_EQ(shown.fingerprint, "sha256:f52fbd32b2b3");
    EXPECT_EQ(shown.text.find("hunter2"), std::string::npos);
}

TEST(Disclosure, MaskedShowsOtherValuesWithUrlPasswordsMasked)
{
    const Disclosure d(Settings::Reveal::Masked, DEFAULT_PATTERN);
    Disclosure::Shown shown = d.show({"POSTGRES_USER", false, true}, setTo("lab-user"));
    EXPECT_EQ(shown.kind, Kind::Value);
    EXPECT_EQ(shown.text, "lab-user");
    EXPECT_FALSE(shown.escaped);
    shown = d.show({"DATABASE_URL", false, true}, setTo("postgres://u:hunter2@db:5432/app"));
    EXPECT_EQ(shown.kind, Kind::Value);
    EXPECT_EQ(shown.text, "postgres://u:****@db:5432/app");
}

TEST(Disclosure, AllShowsEveryValueInPlainText)
{
    const Disclosure d(Settings::Reveal::All, DEFAULT_PATTERN);
    Disclosure::Shown shown = d.show({"POSTGRES_PASSWORD", true, true}, setTo("hunter2"));
    EXPECT_EQ(shown.kind, Kind::Value);
    EXPECT_EQ(shown.text, "hunter2");
    EXPECT_EQ(shown.fingerprint, "");
    shown = d.show({"DATABASE_URL", false, true}, setTo("postgres://u:hunter2@db/app"));
    EXPECT_EQ(shown.text, "postgres://u:hunter2@db/app");
}

TEST(Disclosure, NoneShowsOnlyThatAValueIsSet)
{
    const Disclosure d(Settings::Reveal::None, DEFAULT_PATTERN);
    for (const Variable& v : {Variable{"POSTGRES_PASSWORD", true, true}, Variable{"POSTGRES_USER", false, true}})
    {
        const Disclosure::Shown shown = d.show(v, setTo("hunter2"));
        EXPECT_EQ(shown.kind, Kind::Hidden) << v.name;
        EXPECT_EQ(shown.text, "");
        EXPECT_EQ(shown.length, 0u);
        EXPECT_EQ(shown.fingerprint, "");
    }
}

TEST(Disclosure, MissingIsMissingInEveryMode)
{
    for (const auto reveal : {Settings::Reveal::Masked, Settings::Reveal::All, Settings::Reveal::None})
    {
        const Disclosure d(reveal, DEFAULT_PATTERN);
        EXPECT_EQ(d.reveal(), reveal);
        const Disclosure::Shown shown = d.show({"POSTGRES_PASSWORD", true, true}, Resolution{});
        EXPECT_EQ(shown.kind, Kind::Missing);
        EXPECT_EQ(shown.text, "");
    }
}

TEST(Disclosure, AProblemShowsItsStateAndReasonInEveryMode)
{
    Resolution r;
    r.state = Resolution::State::Unreadable;
    r.reason = "is a directory";
    Resolution large;
    large.state = Resolution::State::TooLarge;
    large.reason = "70000 bytes, over secrets.maxFileBytes (65536)";
    for (const auto reveal : {Settings::Reveal::Masked, Settings::Reveal::All, Settings::Reveal::None})
    {
        const Disclosure d(reveal, DEFAULT_PATTERN);
        Disclosure::Shown shown = d.show({"POSTGRES_PASSWORD", true, true}, r);
        EXPECT_EQ(shown.kind, Kind::Problem);
        EXPECT_EQ(shown.text, "unreadable: is a directory");
        shown = d.show({"X", false, true}, large);
        EXPECT_EQ(shown.text, "too large: 70000 bytes, over secrets.maxFileBytes (65536)");
    }
}

TEST(Disclosure, ValuesWithControlBytesAreEscapedAndFlagged)
{
    const Disclosure d(Settings::Reveal::All, DEFAULT_PATTERN);
    const Disclosure::Shown shown = d.show({"X", false, true}, setTo("line1\nline2\x1b[31m"));
    EXPECT_EQ(shown.kind, Kind::Value);
    EXPECT_TRUE(shown.escaped);
    EXPECT_EQ(shown.text, "line1\\nline2\\x1B[31m");
}

TEST(Disclosure, PrintableLeavesCleanTextAlone)
{
    bool escaped = true;
    EXPECT_EQ(Disclosure::printable("plain ASCII ~!@#$%^&*()", &escaped), "plain ASCII ~!@#$%^&*()");
    EXPECT_FALSE(escaped);
    // Valid multi-byte UTF-8: 2, 3 and 4 bytes.
    const std::string utf8 = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91";
    EXPECT_EQ(Disclosure::printable(utf8, &escaped), utf8);
    EXPECT_FALSE(escaped);
    EXPECT_EQ(Disclosure::printable("", &escaped), "");
    EXPECT_FALSE(escaped);
    EXPECT_EQ(Disclosure::printable("a\\b"), "a\\b"); // clean text keeps its backslash as is
}

TEST(Disclosure, PrintableEscapesControlCharacters)
{
    bool escaped = false;
    EXPECT_EQ(Disclosure::printable("a\nb", &escaped), "a\\nb");
    EXPECT_TRUE(escaped);
    EXPECT_EQ(Disclosure::printable("\r\t"), "\\r\\t");
    EXPECT_EQ(Disclosure::printable(std::string("\0", 1)), "\\x00");
    EXPECT_EQ(Disclosure::printable("\x7f"), "\\x7F");
    EXPECT_EQ(Disclosure::printable("\xc2\x85"), "\\xC2\\x85"); // U+0085, a C1 control
    // Once escaping, a backslash is doubled so the escapes stay unambiguous.
    EXPECT_EQ(Disclosure::printable("\\\n"), "\\\\\\n");
}

TEST(Disclosure, PrintableEscapesInvalidUtf8)
{
    bool escaped = false;
    EXPECT_EQ(Disclosure::printable("\xff", &escaped), "\\xFF");
    EXPECT_TRUE(escaped);
    EXPECT_EQ(Disclosure::printable("ok\xc3"), "ok\\xC3");                        // truncated sequence
    EXPECT_EQ(Disclosure::printable("\xc0\xaf"), "\\xC0\\xAF");                   // overlong '/'
    EXPECT_EQ(Disclosure::printable("\xe0\x80\xaf"), "\\xE0\\x80\\xAF");          // overlong, 3 bytes
    EXPECT_EQ(Disclosure::printable("\xed\xa0\x80"), "\\xED\\xA0\\x80");          // a UTF-16 surrogate
    EXPECT_EQ(Disclosure::printable("\xf4\x90\x80\x80"), "\\xF4\\x90\\x80\\x80"); // beyond U+10FFFF
    EXPECT_EQ(Disclosure::printable("\x80"), "\\x80");                            // a lone continuation byte
    // Valid sequences around an invalid byte survive.
    EXPECT_EQ(Disclosure::printable("\xc3\xa9\xff\xc3\xa9"), "\xc3\xa9\\xFF\xc3\xa9");
}

TEST(Disclosure, MasksUrlPasswords)
{
    EXPECT_EQ(Disclosure::maskUrlPassword("postgres://u:p@h/db"), "postgres://u:****@h/db");
    EXPECT_EQ(Disclosure::maskUrlPassword("redis://:p@h"), "redis://:****@h");
    EXPECT_EQ(Disclosure::maskUrlPassword("redis://:p@h:6379/0"), "redis://:****@h:6379/0");
    EXPECT_EQ(Disclosure::maskUrlPassword("amqp://user:p%40ss@host:5672/vhost"), "amqp://user:****@host:5672/vhost");
    // An unescaped '@' in the password: the last '@' of the authority ends the user info.
    EXPECT_EQ(Disclosure::maskUrlPassword("postgres://u:p@ss@h/db"), "postgres://u:****@h/db");
    EXPECT_EQ(Disclosure::maskUrlPassword("postgres://u:p@h?sslmode=require"), "postgres://u:****@h?sslmode=require");
}

TEST(Disclosure, MasksEveryUrlOfAListAndPasswordsWithSlashes)
{
    EXPECT_EQ(Disclosure::maskUrlPassword("redis://:p1@h1,redis://:p2@h2"), "redis://:****@h1,redis://:****@h2");
    EXPECT_EQ(Disclosure::maskUrlPassword("postgres://app:ab/cd+ef==@db/app"), "postgres://app:****@db/app");
    EXPECT_EQ(Disclosure::maskUrlPassword("primary=postgres://u:a@h1 replica=postgres://u:b@h2"),
              "primary=postgres://u:****@h1 replica=postgres://u:****@h2");
}

TEST(Disclosure, MasksCredentialKeysInQueriesAndKeywordLists)
{
    const Disclosure masked(Settings::Reveal::Masked, Settings().secretPattern);
    EXPECT_EQ(masked.maskCredentials("jdbc:postgresql://db/app?user=app&password=hunter2&ssl=true"),
              "jdbc:postgresql://db/app?user=app&password=****&ssl=true");
    EXPECT_EQ(masked.maskCredentials("host=db port=5432 password=hunter2 sslmode=require"),
              "host=db port=5432 password=**** sslmode=require");
    EXPECT_EQ(masked.maskCredentials("password=x"), "password=****");
    EXPECT_EQ(masked.maskCredentials("postgres://u:p@h/db?api_key=k1;x=1"), "postgres://u:****@h/db?api_key=****;x=1");
    EXPECT_EQ(masked.maskCredentials("user=app&mode=a=b"), "user=app&mode=a=b");
    const Variable url{"DATABASE_URL", false, true};
    Resolution value;
    value.state = Resolution::State::Set;
    value.value = "jdbc:postgresql://db/app?password=hunter2";
    EXPECT_EQ(masked.show(url, value).text, "jdbc:postgresql://db/app?password=****");
}

TEST(Disclosure, LeavesUrlsWithoutAPasswordAlone)
{
    for (const char* value : {"postgres://u@h/db", "https://h:8443/path", "https://h/a@b:c", "https://h/?u=a:b@c",
                              "https://h#x:y@z", "u:p@h", "not a url", "", "mailto:user@example.org"})
        EXPECT_EQ(Disclosure::maskUrlPassword(value), value) << value;
}

namespace
{

/// One value with a credential in it, and what masked mode shows of it.
struct Masking
{
    const char* value;
    const char* shown;
};

void expectMasked(const std::vector<Masking>& table)
{
    const Disclosure masked(Settings::Reveal::Masked, DEFAULT_PATTERN);
    for (const auto& row : table)
        EXPECT_EQ(masked.maskCredentials(row.value), row.shown) << row.value;
}

} // namespace

TEST(Disclosure, MasksOdbcPasswords)
{
    expectMasked({
        {"Driver={ODBC Driver 18};Server=db;Uid=app;Pwd=hunter2;",
         "Driver={ODBC Driver 18};Server=db;Uid=app;Pwd=****;"},
        {"Server=db;PWD=hunter2", "Server=db;PWD=****"},
        {"Server=db;Pwd={hun;ter}}2};Encrypt=yes", "Server=db;Pwd={****};Encrypt=yes"},
        {"Server=db;Password=hunter2;Encrypt=yes", "Server=db;Password=****;Encrypt=yes"},
        {"Server = db; Pwd = hunter2;", "Server = db; Pwd = ****;"},
    });
}

TEST(Disclosure, MasksATokenUsedAsTheUserOfAnHttpsUrl)
{
    expectMasked({
        {"https://ghp_abc123@github.com/org/repo.git", "https://****@github.com/org/repo.git"},
        {"git+https://glpat-xyz@gitlab.example/a.git", "git+https://****@gitlab.example/a.git"},
        {"HTTP://tok@h", "HTTP://****@h"},
        {"postgres://app@db/app", "postgres://app@db/app"}, // a user name, not a token
    });
}

TEST(Disclosure, MasksUrlPasswordsWithCommasQuestionMarksAndSpaces)
{
    expectMasked({
        {"postgres://u:a,b@db/app", "postgres://u:****@db/app"},
        {"postgres://u:a?b@db/app?sslmode=require", "postgres://u:****@db/app?sslmode=require"},
        {"postgres://u:my pass@db/app", "postgres://u:****@db/app"},
        {"redis://:p,s ?x@h1,redis://:q@h2", "redis://:****@h1,redis://:****@h2"},
        // Ambiguous, so not masked whole: an '@' and a blank or ',' in one password.
        {"postgres://u:p@ss word@db/app", "postgres://u:****@ss word@db/app"},
        {"postgres://u:1 x@db/app", "postgres://u:****@db/app"},
        {"postgres://u:5432?x@db/app", "postgres://u:****@db/app"},
        {"see https://example.org: mail me@example.org", "see https://example.org: mail me@example.org"},
    });
}

TEST(Disclosure, MasksJsonPasswords)
{
    expectMasked({
        {R"({"user":"app","password":"hunter2"})", R"({"user":"app","password":"****"})"},
        {R"({"password" : "hun\"ter2", "port": 5432})", R"({"password" : "****", "port": 5432})"},
        {R"({"api_key": 12345, "x": 1})", R"({"api_key": ****, "x": 1})"},
        {R"({"user":"app","host":"db"})", R"({"user":"app","host":"db"})"},
    });
}

TEST(Disclosure, MasksYamlPasswords)
{
    expectMasked({
        {"user: app\npassword: hunter 2\nhost: db", "user: app\npassword: ****\nhost: db"},
        {"  password: 'hunter2'", "  password: '****'"},
        {"token:abc", "token:abc"}, // not YAML: no blank after the colon
        {"jdbc:postgresql://db/app", "jdbc:postgresql://db/app"},
    });
}

TEST(Disclosure, MasksCommandLinePasswords)
{
    expectMasked({
        {"psql --password hunter2 --host db", "psql --password **** --host db"},
        {"mysql --pass=hunter2 -h db", "mysql --pass=**** -h db"},
        {"app --token \"a b\" -v", "app --token \"****\" -v"},
        {"app --password --host db", "app --password --host db"}, // a flag without a value
        {"run --keep-going x", "run --keep-going x"},
    });
}

TEST(Disclosure, MasksAuthorizationHeaders)
{
    expectMasked({
        {"Authorization: Bearer eyJhbGciOi.x.y", "Authorization: ****"},
        {"Accept: */*\r\nProxy-Authorization: Basic dXNlcjpwYXNz\r\nHost: h",
         "Accept: */*\r\nProxy-Authorization: ****\r\nHost: h"},
        {"authorization=Bearer%20abc&x=1", "authorization=****&x=1"},
    });
}

TEST(Disclosure, LeavesOrdinaryTextAlone)
{
    expectMasked({
        {"lab-user", "lab-user"},
        {"Time: 10:30, passes: 3", "Time: 10:30, passes: 3"},
        {"key-value store", "key-value store"},
        {"a - b -- c", "a - b -- c"},
        {"https://example.org/a?b=c", "https://example.org/a?b=c"},
    });
}
