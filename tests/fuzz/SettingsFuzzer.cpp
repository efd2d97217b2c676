//
// SettingsFuzzer.cpp
//
// Fuzzes configuration parsing: any value either works or is rejected naming its key.
//
// SPDX-License-Identifier: Apache-2.0
//

#include "Settings.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/MapConfiguration.h>

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    // Input: lines of key=value.
    const std::string text(reinterpret_cast<const char*>(data), size);
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    const Poco::StringTokenizer lines(text, "\n");
    for (const auto& line : lines)
    {
        const std::size_t equals = line.find('=');
        if (equals != std::string::npos && equals > 0)
            config->setString(line.substr(0, equals), line.substr(equals + 1));
    }
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
