//
// Group.h
//
// A named group of variables, as shown on the page.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_GROUP_INCLUDED
#define LABMOCK_GROUP_INCLUDED

#include "labmock/Variable.h"

#include <string>
#include <vector>

namespace labmock
{

/// A group as a provider declares it: a unique name, one line of description,
/// and its variables in display order. A plain value type.
struct Group
{
    std::string name;
    std::string description;
    std::vector<Variable> variables;
};

} // namespace labmock

#endif // LABMOCK_GROUP_INCLUDED
