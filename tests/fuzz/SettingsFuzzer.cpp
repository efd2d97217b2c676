//
// SettingsFuzzer.cpp
//
// Fuzzes configuration reading: the input is a properties file, read by POCO's reader as
// --config reads it; any value either works or is rejected naming its key.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Settings.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::istringstream text(std::string(reinterpret_cast<const char*>(data), size));
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> config = new Poco::Util::PropertyFileConfiguration(text);
    try
    {
        const labmock::Settings settings = labmock::Settings::fromConfiguration(*config);
        if (settings.loopThreads < 0 || settings.maxConnections < 1)
            std::abort();
    }
    catch (const Poco::InvalidArgumentException& e)
    {
        // A rejection must say which key: "<key>: …".
        if (e.message().find(':') == std::string::npos)
            std::abort();
    }
    catch (const Poco::SyntaxException&)
    {
        // An unbalanced ${…} reference in a value: Poco's expansion reports it.
    }
    catch (const Poco::CircularReferenceException&)
    {
        // key=${key}: Poco's expansion reports it.
    }
    return 0;
}
