//
// ReplayMain.cpp
//
// Runs a fuzz target over its corpus files without libFuzzer, as a regular test.
//
// SPDX-License-Identifier: Apache-2.0
//

#include <Poco/DirectoryIterator.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>

#include <cstdint>
#include <iostream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv)
{
    int inputs = 0;
    for (int i = 1; i < argc; ++i)
    {
        for (Poco::DirectoryIterator it{std::string(argv[i])}, end; it != end; ++it)
        {
            if (!it->isFile())
                continue;
            Poco::FileInputStream stream(it.path().toString());
            std::string data;
            Poco::StreamCopier::copyToString(stream, data);
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
            ++inputs;
        }
    }
    std::cout << inputs << " corpus inputs replayed" << std::endl;
    return inputs > 0 ? 0 : 1;
}
