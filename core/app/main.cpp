//
// main.cpp
//
// Entry point of lab-mock-server.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "LabMockServer.h"

#include <iostream>

int main(int argc, char** argv)
{
    // POCO_SERVER_MAIN, with the command line checked first: a usage error is one line and
    // EX_USAGE, before POCO would daemonize or report it as a configuration error.
    Poco::AutoPtr<labmock::LabMockServer> server = new labmock::LabMockServer;
    try
    {
        if (!server->argumentsValid(std::vector<std::string>(argv, argv + argc)))
            return Poco::Util::Application::EXIT_USAGE;
        return server->run(argc, argv);
    }
    catch (const Poco::Exception& e)
    {
        std::cerr << "lab-mock-server: " << e.displayText() << std::endl;
        return Poco::Util::Application::EXIT_SOFTWARE;
    }
}
