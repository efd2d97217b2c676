//
// ResponseTest.cpp
//
// Response: an owned body, or a view into shared cached data kept alive by its owner.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Response.h"

#include <gtest/gtest.h>

using labmock::Response;

TEST(Response, TextOwnsItsBody)
{
    Response response = Response::text(404, "not found\n");
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(response.contentType, "text/plain; charset=utf-8");
    EXPECT_EQ(response.body, "not found\n");
    EXPECT_TRUE(response.headers.empty());
    const Response copy = response; // the copy shares the owner, so the view stays valid
    response = Response::text(200, "other");
    EXPECT_EQ(copy.body, "not found\n");
    EXPECT_EQ(Response::text(200, "{}", "application/json").contentType, "application/json");
}

TEST(Response, SharedKeepsItsOwnerAlive)
{
    auto page = std::make_shared<const std::string>("<html>cached</html>");
    const std::weak_ptr<const std::string> watch = page;
    Response response = Response::shared(page, *page, "text/html; charset=utf-8");
    page.reset();
    ASSERT_FALSE(watch.expired());
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "<html>cached</html>");
    EXPECT_EQ(response.body.data(), watch.lock()->data()) << "served without a copy";
    response = Response::text(200, "");
    EXPECT_TRUE(watch.expired());
}
