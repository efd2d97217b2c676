//
// UndeclaredVariablesTest.cpp
//
// UndeclaredVariables: what else arrived, typos of declared names, LABMOCK_ keys.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "UndeclaredVariables.h"

#include "EnvironmentGuard.h"
#include "TestCatalog.h"

#include <gtest/gtest.h>

#include <algorithm>

using labmock::Settings;
using labmock::UndeclaredVariables;
using labmock::test::catalogOf;
using labmock::test::EnvironmentGuard;
using labmock::test::variable;

namespace
{

const UndeclaredVariables::Entry* find(const std::vector<UndeclaredVariables::Entry>& entries, const std::string& name)
{
    const auto it = std::find_if(entries.begin(), entries.end(), [&](const auto& entry) { return entry.name == name; });
    return it == entries.end() ? nullptr : &*it;
}

} // namespace

TEST(UndeclaredVariables, EditDistanceCountsInsertionsDeletionsAndSubstitutions)
{
    EXPECT_EQ(UndeclaredVariables::editDistance("POSTGRES_PASSWORD", "POSTGRES_PASSWORD", 2), 0u);
    EXPECT_EQ(UndeclaredVariables::editDistance("POSGRES_PASSWORD", "POSTGRES_PASSWORD", 2), 1u);
    EXPECT_EQ(UndeclaredVariables::editDistance("REDIS_HSOT", "REDIS_HOST", 2), 2u);
    EXPECT_EQ(UndeclaredVariables::editDistance("postgres_db", "POSTGRES_DB", 2), 0u) << "case is ignored";
    EXPECT_EQ(UndeclaredVariables::editDistance("HOME", "POSTGRES_DB", 2), 3u) << "beyond the limit: limit + 1";
    EXPECT_EQ(UndeclaredVariables::editDistance("", "AB", 2), 2u);
}

TEST(UndeclaredVariables, CollectsEveryVariableNoGroupDeclaresByName)
{
    const EnvironmentGuard declared("UV_DECLARED", "d");
    const EnvironmentGuard declaredFile("UV_DECLARED_FILE", "/nonexistent");
    const EnvironmentGuard other("UV_OTHER", "other-value");
    const UndeclaredVariables rules(Settings::Undeclared::Masked, Settings::keys());
    const auto entries = rules.collect(*catalogOf({{"G", "", {variable("UV_DECLARED")}}}));
    EXPECT_EQ(find(entries, "UV_DECLARED"), nullptr);
    EXPECT_EQ(find(entries, "UV_DECLARED_FILE"), nullptr);
    const auto* entry = find(entries, "UV_OTHER");
    ASSERT_NE(entry, nullptr);
    EXPECT_EQ(entry->resolution.value, "other-value");
    EXPECT_EQ(entry->resolution.source, labmock::Resolution::Source::Environment);
    EXPECT_EQ(entry->suggestion, "");
    EXPECT_TRUE(
        std::is_sorted(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.name < b.name; }));
    EXPECT_NE(find(entries, "PATH"), nullptr);
}

TEST(UndeclaredVariables, FlagsANameWithinEditDistanceTwoOfADeclaredOne)
{
    const EnvironmentGuard typo("POSGRES_PASSWORD", "x");
    const EnvironmentGuard typoFile("POSTGRES_PASSWROD_FILE", "/run/x");
    const EnvironmentGuard far("POSTGRES_PASSPHRASE", "x");
    const UndeclaredVariables rules(Settings::Undeclared::Names, {});
    const auto entries = rules.collect(*catalogOf({{"G", "", {variable("POSTGRES_PASSWORD")}}}));
    ASSERT_NE(find(entries, "POSGRES_PASSWORD"), nullptr);
    EXPECT_EQ(find(entries, "POSGRES_PASSWORD")->suggestion, "POSTGRES_PASSWORD");
    ASSERT_NE(find(entries, "POSTGRES_PASSWROD_FILE"), nullptr);
    EXPECT_EQ(find(entries, "POSTGRES_PASSWROD_FILE")->suggestion, "POSTGRES_PASSWORD_FILE");
    ASSERT_NE(find(entries, "POSTGRES_PASSPHRASE"), nullptr);
    EXPECT_EQ(find(entries, "POSTGRES_PASSPHRASE")->suggestion, "");
}

TEST(UndeclaredVariables, NamesTheConfigurationKeyALabmockVariableSets)
{
    const EnvironmentGuard port("LABMOCK_HTTP_PORT", "1");
    const EnvironmentGuard base("LABMOCK_HTTP_BASEPATH", "/x");
    const EnvironmentGuard typo("LABMOCK_HTTP_PROT", "1");
    const UndeclaredVariables rules(Settings::Undeclared::Masked, Settings::keys());
    const auto entries = rules.collect(*catalogOf({{"G", "", {variable("UV_X")}}}));
    ASSERT_NE(find(entries, "LABMOCK_HTTP_PORT"), nullptr);
    EXPECT_EQ(find(entries, "LABMOCK_HTTP_PORT")->configKey, "http.port");
    ASSERT_NE(find(entries, "LABMOCK_HTTP_BASEPATH"), nullptr);
    EXPECT_EQ(find(entries, "LABMOCK_HTTP_BASEPATH")->configKey, "http.basePath");
    ASSERT_NE(find(entries, "LABMOCK_HTTP_PROT"), nullptr);
    EXPECT_EQ(find(entries, "LABMOCK_HTTP_PROT")->configKey, "");
}

TEST(UndeclaredVariables, OffCollectsNothing)
{
    const UndeclaredVariables rules(Settings::Undeclared::Off, Settings::keys());
    EXPECT_TRUE(rules.collect(*catalogOf({{"G", "", {variable("UV_X")}}})).empty());
}
