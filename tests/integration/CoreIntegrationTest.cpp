//
// CoreIntegrationTest.cpp
//
// The original page's behaviour, served by the real binary.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ServerProcess.h"

#include <gtest/gtest.h>

using labmock::test::ServerProcess;

TEST(CoreIntegration, ShowsOriginalVariablesWithValuesAndNone)
{
    ServerProcess server({}, {{"POSTGRES_USER", "lab-user"}, {"REDIS_PORT", "6379"}});
    const auto page = server.get("/");
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("<td>POSTGRES_USER</td><td class=\"value\">lab-user</td>"), std::string::npos);
    EXPECT_NE(page.body.find("<td>REDIS_PORT</td><td class=\"value\">6379</td>"), std::string::npos);
    EXPECT_NE(page.body.find("<td>POSTGRES_DB</td><td class=\"value missing\">None</td>"), std::string::npos);
}
