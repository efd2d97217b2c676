//
// HostileHttpIntegrationTest.cpp
//
// Malformed, ambiguous and unusual HTTP/1.1 over raw TCP against the real binary: the status,
// the close, no smuggled second answer, and a server that still serves afterwards.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "RawConnection.h"
#include "ServerProcess.h"

#include <gtest/gtest.h>

#include <Poco/String.h>

#include <chrono>
#include <csignal>
#include <set>
#include <string>
#include <vector>

using labmock::test::RawConnection;
using labmock::test::RawResponse;
using labmock::test::ServerProcess;

namespace
{

/// Whether the server must close the connection after its answers.
enum class Close
{
    Yes,   ///< closed: nothing more may arrive (no second, smuggled response)
    No,    ///< kept: a follow-up request on the same connection is answered
    Either ///< the server may choose; if it keeps the connection, the follow-up is answered
};

/// One row of the table: bytes sent as they are, and what must come back.
struct HostileCase
{
    std::string name;
    std::string bytes;
    std::vector<std::set<int>> statuses; ///< one set of acceptable codes per expected response, in order
    Close close;
    bool head = false;      ///< the (single) request is HEAD: its answer has no body
    std::string allow = {}; ///< when set, the first answer's Allow header must equal it
};

/// Names a case in test output (instead of a dump of its bytes).
void PrintTo(const HostileCase& c, std::ostream* out)
{
    *out << c.name;
}

const std::string CRLF = "\r\n";

/// "METHOD target HTTP/1.1", Host, the extra header lines, blank line, body.
std::string request(const std::string& line, const std::string& headers = "", const std::string& body = "")
{
    return line + CRLF + "Host: 127.0.0.1" + CRLF + headers + CRLF + body;
}

std::string get(const std::string& target = "/healthz", const std::string& headers = "")
{
    return request("GET " + target + " HTTP/1.1", headers);
}

/// The request hidden in a body by the framing cases; exactly 35 bytes. A server that parses
/// it answers 404 for /smuggled.
const std::string HIDDEN = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

std::string post(const std::string& headers, const std::string& body = HIDDEN)
{
    return request("POST /api/groups HTTP/1.1", headers, body);
}

const std::set<int> BAD{400};

std::string manyHeaders(int count)
{
    std::string lines;
    for (int i = 0; i < count; ++i)
        lines += "X-Field-" + std::to_string(i) + ": " + std::to_string(i) + CRLF;
    return lines;
}

std::vector<HostileCase> hostileCases()
{
    static_assert(sizeof("GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n") - 1 == 35);
    const std::string kb100(100 * 1024, 'a');
    return {
        // --- Ambiguous framing: a second request hidden in a body is never answered (RFC 9112 §6.3)
        {"ContentLengthTwiceZeroThen35", post("Content-Length: 0\r\nContent-Length: 35\r\n"), {BAD}, Close::Yes},
        {"ContentLengthTwice35Then0", post("Content-Length: 35\r\nContent-Length: 0\r\n"), {BAD}, Close::Yes},
        {"ContentLengthTwiceSameValue", post("Content-Length: 35\r\nContent-Length: 35\r\n"), {BAD}, Close::Yes},
        {"ContentLengthList", post("Content-Length: 35, 35\r\n"), {BAD}, Close::Yes},
        {"ContentLengthNonNumeric", post("Content-Length: abc\r\n"), {BAD}, Close::Yes},
        {"ContentLengthNegative", post("Content-Length: -35\r\n"), {BAD}, Close::Yes},
        {"ContentLengthPlusSign", post("Content-Length: +35\r\n"), {BAD}, Close::Yes},
        {"ContentLengthHex", post("Content-Length: 0x23\r\n"), {BAD}, Close::Yes},
        {"ContentLengthInnerSpace", post("Content-Length: 3 5\r\n"), {BAD}, Close::Yes},
        {"ContentLengthEmpty", post("Content-Length: \r\n"), {BAD}, Close::Yes},
        {"ContentLengthOverflow", post("Content-Length: 99999999999999999999999\r\n"), {{400, 413}}, Close::Yes},
        {"TransferEncodingGzipChunked",
         post("Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n" + HIDDEN),
         {BAD},
         Close::Yes},
        {"TransferEncodingIdentityThenChunked",
         post("Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n" + HIDDEN),
         {BAD},
         Close::Yes},
        {"TransferEncodingXchunked", post("Transfer-Encoding: xchunked\r\n", "0\r\n\r\n" + HIDDEN), {BAD}, Close::Yes},
        {"TransferEncodingChunked", post("Transfer-Encoding: chunked\r\n", "0\r\n\r\n" + HIDDEN), {BAD}, Close::Yes},
        {"TransferEncodingChunkedUppercase",
         post("Transfer-Encoding: CHUNKED\r\n", "0\r\n\r\n" + HIDDEN),
         {BAD},
         Close::Yes},
        {"TransferEncodingIdentity", post("Transfer-Encoding: identity\r\n"), {BAD}, Close::Yes},
        {"TransferEncodingAndContentLength",
         post("Content-Length: 40\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n" + HIDDEN),
         {BAD},
         Close::Yes},
        {"TransferEncodingOnGet",
         get("/healthz", "Transfer-Encoding: chunked\r\n") + "0\r\n\r\n" + HIDDEN,
         {BAD},
         Close::Yes},
        {"TransferEncodingOnHttp10",
         "POST /api/groups HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + HIDDEN,
         {BAD},
         Close::Yes},

        // --- Header syntax (RFC 9112 §2.2, §5)
        {"HeaderWithoutColon", get("/healthz", "X-No-Colon here\r\n"), {BAD}, Close::Yes},
        {"BareLineFeeds", "GET /healthz HTTP/1.1\nHost: 127.0.0.1\n\n", {BAD}, Close::Yes},
        {"BareLineFeedInOneHeader", get("/healthz", "X-A: 1\nX-B: 2\r\n"), {BAD}, Close::Yes},
        {"BareCarriageReturnInValue", get("/healthz", "X-A: 1\r2\r\n"), {BAD}, Close::Yes},
        {"MissingHost", "GET /healthz HTTP/1.1\r\n\r\n", {BAD}, Close::Yes},
        {"DuplicateHost", get("/healthz", "Host: 127.0.0.1\r\n"), {BAD}, Close::Yes},
        {"DuplicateHostDifferent", get("/healthz", "Host: other.example\r\n"), {BAD}, Close::Yes},
        {"SpaceBeforeColon", get("/healthz", "X-Spaced : 1\r\n"), {BAD}, Close::Yes},
        {"SpaceBeforeColonOnHost", "GET /healthz HTTP/1.1\r\nHost : 127.0.0.1\r\n\r\n", {BAD}, Close::Yes},
        {"ObsFoldSpace", get("/healthz", "X-Folded: a\r\n b\r\n"), {BAD}, Close::Yes},
        {"ObsFoldTab", get("/healthz", "X-Folded: a\r\n\tb\r\n"), {BAD}, Close::Yes},
        {"NulInHeaderValue", get("/healthz", std::string("X-Nul: a\0b\r\n", 12)), {BAD}, Close::Yes},
        {"NulInHeaderName", get("/healthz", std::string("X-N\0l: 1\r\n", 10)), {BAD}, Close::Yes},
        {"NulInTarget", std::string("GET /heal\0thz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 43), {BAD}, Close::Yes},
        {"ControlByteInValue", get("/healthz", "X-Ctl: a\x01z\r\n"), {BAD}, Close::Yes},
        {"ControlByteInTarget", "GET /heal\x7fthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", {BAD}, Close::Yes},
        {"SeparatorInHeaderName", get("/healthz", "X[Bad]: 1\r\n"), {BAD}, Close::Yes},
        {"EmptyHeaderName", get("/healthz", ": nameless\r\n"), {BAD}, Close::Yes},
        {"HeaderLine100KB", get("/healthz", "X-Big: " + kb100 + "\r\n"), {{400, 431}}, Close::Yes},
        {"RequestLine100KB", get("/healthz?" + kb100), {{400, 414}}, Close::Yes},
        {"Over100HeaderFields", get("/healthz", manyHeaders(101)), {{400, 431}}, Close::Yes},
        {"TlsClientHello", std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n", 15), {BAD}, Close::Yes},

        // --- Request line (RFC 9112 §3)
        {"UnknownMethodOnKnownPath", request("BREW /healthz HTTP/1.1"), {{405}}, Close::Either, false, "GET, HEAD"},
        {"LowercaseMethod", request("get /healthz HTTP/1.1"), {{400, 405, 501}}, Close::Either},
        {"OverlongMethod", request(std::string(200, 'M') + " /healthz HTTP/1.1"), {{400, 405, 501}}, Close::Either},
        {"Http20", request("GET /healthz HTTP/2.0"), {{400, 505}}, Close::Yes},
        {"Http12", request("GET /healthz HTTP/1.2"), {{200, 400, 505}}, Close::Either},
        {"Http39", request("GET /healthz HTTP/3.9"), {{400, 505}}, Close::Yes},
        {"Foo99", request("GET /healthz FOO/9.9"), {BAD}, Close::Yes},
        {"LowercaseVersion", request("GET /healthz http/1.1"), {BAD}, Close::Yes},
        {"VersionWithoutMinor", request("GET /healthz HTTP/1"), {BAD}, Close::Yes},
        {"MissingVersion", "GET /healthz\r\n\r\n", {BAD}, Close::Yes},
        {"DoubleSpace", request("GET  /healthz HTTP/1.1"), {BAD}, Close::Yes},
        {"TabSeparator", request("GET\t/healthz HTTP/1.1"), {BAD}, Close::Yes},
        {"TrailingSpaceAfterVersion", request("GET /healthz HTTP/1.1 "), {BAD}, Close::Yes},
        {"AbsoluteFormWithUserinfo", request("GET http://alice:s3cr3t-pw@x/healthz HTTP/1.1"), {BAD}, Close::Yes},
        {"AbsoluteForm", request("GET http://127.0.0.1/healthz HTTP/1.1"), {{200, 400}}, Close::Either},
        {"AsteriskTargetGet", request("GET * HTTP/1.1"), {BAD}, Close::Either},
        {"AsteriskTargetOptions", request("OPTIONS * HTTP/1.1"), {{200, 204, 400, 405, 501}}, Close::Either},
        {"AuthorityFormConnect", request("CONNECT 127.0.0.1:443 HTTP/1.1"), {{400, 405, 501}}, Close::Either},
        {"RelativeTarget", request("GET healthz HTTP/1.1"), {BAD}, Close::Either},
        {"PercentEncodedNul", request("GET /%00 HTTP/1.1"), {{400, 404}}, Close::Either},

        // --- Well-formed but unusual: answered, framed right, connection handled as asked
        {"PipelinedTwo", get() + get("/version"), {{200}, {200}}, Close::No},
        {"PipelinedThreeInOrder", get("/healthz") + get("/nope") + get("/version"), {{200}, {404}, {200}}, Close::No},
        {"PipelinedThenMalformed", get() + "GET /healthz HTTP/1.1\r\nX-No-Colon\r\n\r\n", {{200}, BAD}, Close::Yes},
        {"Head", request("HEAD / HTTP/1.1"), {{200}}, Close::No, true},
        {"Http10", "GET /healthz HTTP/1.0\r\n\r\n", {{200}}, Close::Yes},
        {"ConnectionClose", get("/healthz", "Connection: close\r\n"), {{200}}, Close::Yes},
        {"ContentLengthZero", get("/healthz", "Content-Length: 0\r\n"), {{200}}, Close::No},
        {"ContentLengthFiveWithBody",
         request("GET /healthz HTTP/1.1", "Content-Length: 5\r\n", "hello"),
         {{200}},
         Close::Either},
        {"PostWithBodyToProbe",
         request("POST /healthz HTTP/1.1", "Content-Length: 5\r\n", "hello"),
         {{405}},
         Close::Either,
         false,
         "GET, HEAD"},
    };
}

std::string printable(const std::string& bytes)
{
    std::string out;
    for (const unsigned char c : bytes.substr(0, 300))
    {
        if (c == '\r')
            out += "\\r";
        else if (c == '\n')
            out += "\\n";
        else if (c < 0x20 || c >= 0x7f)
            out += "\\x" + std::string(1, "0123456789abcdef"[c >> 4]) + "0123456789abcdef"[c & 15];
        else
            out += static_cast<char>(c);
    }
    return bytes.size() > 300 ? out + "…(" + std::to_string(bytes.size()) + " bytes)" : out;
}

/// A normal client on a fresh connection: the server still serves.
void expectStillServes(const ServerProcess& server)
{
    RawConnection fresh(server.port());
    ASSERT_TRUE(fresh.send(get("/healthz", "Connection: close\r\n")));
    const auto answer = fresh.readResponse();
    ASSERT_TRUE(answer) << "no answer to a normal GET /healthz after the case; log:\n" << server.log();
    EXPECT_EQ(answer->status, 200) << answer->head;
}

class HostileHttp : public testing::TestWithParam<HostileCase>
{
};

} // namespace

TEST_P(HostileHttp, AnswersClosesAndStillServes)
{
    const HostileCase& c = GetParam();
    ServerProcess server;
    SCOPED_TRACE("sent: " + printable(c.bytes));
    RawConnection connection(server.port());
    connection.send(c.bytes); // the server may answer and close before it has read everything

    for (std::size_t i = 0; i < c.statuses.size(); ++i)
    {
        const auto answer = connection.readResponse(c.head);
        ASSERT_TRUE(answer) << "answer " << i + 1 << " of " << c.statuses.size()
                            << (connection.closed() ? ": the server closed without an answer"
                                                    : ": nothing within the deadline")
                            << "; received: " << printable(connection.pending());
        EXPECT_EQ(c.statuses[i].count(answer->status), 1u) << "answer " << i + 1 << ": " << printable(answer->head);
        EXPECT_TRUE(answer->version == "HTTP/1.1" || answer->version == "HTTP/1.0") << answer->head;
        if (i == 0 && !c.allow.empty())
        {
            EXPECT_EQ(answer->header("Allow"), c.allow) << answer->head;
        }
        if (c.head)
        {
            EXPECT_FALSE(answer->header("Content-Length").empty()) << "HEAD tells the length of GET's body";
        }
        if (c.close == Close::Yes && i + 1 == c.statuses.size() && answer->version == "HTTP/1.1")
        {
            EXPECT_TRUE(answer->closes) << "an HTTP/1.1 answer before a close says Connection: close\n" << answer->head;
        }
    }

    if (c.close == Close::Yes)
    {
        EXPECT_TRUE(connection.waitForClose()) << "the connection stays open";
        EXPECT_EQ(connection.pending(), "") << "more came back than the expected answers (a smuggled request?)";
    }
    else
    {
        // A follow-up on the same connection proves it is open and its framing intact (a HEAD
        // answer with a body, or an unread request body, would garble the next answer).
        const bool sent = connection.send(get("/version", "Connection: close\r\n"));
        const auto next = connection.readResponse();
        const bool choseToClose =
            c.close == Close::Either && (!sent || !next) && connection.closed() && connection.pending().empty();
        if (!choseToClose)
        {
            ASSERT_TRUE(next) << "no answer to a follow-up on the kept connection; received: "
                              << printable(connection.pending());
            EXPECT_EQ(next->status, 200) << printable(next->head);
            EXPECT_NE(next->body.find("\"version\""), std::string::npos) << printable(next->body);
        }
    }
    expectStillServes(server);
}

INSTANTIATE_TEST_SUITE_P(Cases, HostileHttp, testing::ValuesIn(hostileCases()),
                         [](const testing::TestParamInfo<HostileCase>& info) { return info.param.name; });

TEST(HostileHttpSuite, HasAtLeastSixtyCases)
{
    EXPECT_GE(hostileCases().size(), 60u);
}

TEST(HostileHttpSuite, CredentialsInAnAbsoluteTargetAreNeverLogged)
{
    ServerProcess server;
    RawConnection connection(server.port());
    connection.send(request("GET http://alice:s3cr3t-pw@x/healthz HTTP/1.1"));
    ASSERT_TRUE(connection.readResponse());
    expectStillServes(server);
    // The access log line of the last request proves the log has caught up.
    server.signal(SIGTERM);
    ASSERT_TRUE(server.waitForLog("stopped")) << server.log();
    EXPECT_EQ(server.log().find("s3cr3t-pw"), std::string::npos) << server.log();
}

TEST(HostileHttpSuite, ExpectContinueDoesNotHang)
{
    ServerProcess server;
    RawConnection connection(server.port());
    // The body is held back until the server says something: a server waiting for it without
    // sending 100 Continue fails here at the deadline instead of hanging.
    ASSERT_TRUE(connection.send(request("POST /api/groups HTTP/1.1", "Content-Length: 5\r\nExpect: 100-continue\r\n")));
    auto first = connection.readResponse();
    ASSERT_TRUE(first) << "no 100 Continue and no final answer; received: " << printable(connection.pending());
    if (first->status == 100)
    {
        connection.send("hello");
        const auto final = connection.readResponse();
        ASSERT_TRUE(final) << "no final answer after 100 Continue";
        EXPECT_EQ(final->status, 405) << final->head;
    }
    else if (first->status != 417)
    {
        // A final answer without 100: the unread body must not be taken for a request.
        EXPECT_EQ(first->status, 405) << first->head;
        EXPECT_TRUE(connection.waitForClose()) << "a final answer without reading the body closes";
        EXPECT_EQ(connection.pending(), "");
    }
    expectStillServes(server);
}

TEST(HostileHttpSuite, UnknownExpectationIsRefusedOrIgnored)
{
    ServerProcess server;
    RawConnection connection(server.port());
    ASSERT_TRUE(connection.send(get("/healthz", "Expect: teapot-mode\r\n")));
    const auto answer = connection.readResponse();
    ASSERT_TRUE(answer) << printable(connection.pending());
    EXPECT_TRUE(answer->status == 417 || answer->status == 200) << answer->head;
    expectStillServes(server);
}
