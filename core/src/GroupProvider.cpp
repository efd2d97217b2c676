//
// GroupProvider.cpp
//
// Out-of-line key function of the SDK's provider interface.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "labmock/GroupProvider.h"

namespace labmock
{

GroupProvider::~GroupProvider() = default;

void GroupProvider::configure(const Poco::Util::AbstractConfiguration&)
{
}

std::vector<std::string> GroupProvider::problems() const
{
    return {};
}

} // namespace labmock
