//
// EnvironmentGuard.h
//
// Sets or unsets one environment variable for a test and restores it afterwards.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_TEST_ENVIRONMENTGUARD_INCLUDED
#define LABMOCK_TEST_ENVIRONMENTGUARD_INCLUDED

#include <cstdlib>
#include <optional>
#include <string>

namespace labmock::test
{

/// Gives name the value (or unsets it when value is nullopt) until the guard is
/// destroyed, then restores what was there before. Tests run in one thread; the
/// environment is process-wide, so a test must undo every change it makes.
class EnvironmentGuard
{
public:
    EnvironmentGuard(std::string name, const std::optional<std::string>& value) : _name(std::move(name))
    {
        if (const char* old = std::getenv(_name.c_str()))
            _saved = old;
        apply(value);
    }

    ~EnvironmentGuard()
    {
        apply(_saved);
    }

    EnvironmentGuard(const EnvironmentGuard&) = delete;
    EnvironmentGuard& operator=(const EnvironmentGuard&) = delete;

private:
    void apply(const std::optional<std::string>& value) const
    {
        if (value)
            ::setenv(_name.c_str(), value->c_str(), 1);
        else
            ::unsetenv(_name.c_str());
    }

    std::string _name;
    std::optional<std::string> _saved;
};

} // namespace labmock::test

#endif // LABMOCK_TEST_ENVIRONMENTGUARD_INCLUDED
