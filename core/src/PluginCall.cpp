//
// PluginCall.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "PluginCall.h"

#include <Poco/Exception.h>

#include <exception>

namespace labmock
{

bool PluginCall::guarded(const std::function<void()>& call, std::string& message)
{
    try
    {
        call();
        return true;
    }
    catch (const Poco::Exception& e)
    {
        message = e.displayText();
    }
    catch (const std::exception& e)
    {
        message = e.what();
    }
    catch (...)
    {
        message = "unknown exception";
    }
    return false;
}

} // namespace labmock
