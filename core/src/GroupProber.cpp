//
// GroupProber.cpp
//
// Out-of-line key function of the SDK's probe interface.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "labmock/GroupProber.h"

namespace labmock
{

GroupProber::~GroupProber() = default;

bool GroupProber::canProbe(const std::string&) const
{
    return true;
}

} // namespace labmock
