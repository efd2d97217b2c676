//
// main.cpp
//
// Entry point of lab-mock-server.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "LabMockServer.h"

#include <iostream>

POCO_SERVER_MAIN(labmock::LabMockServer)
