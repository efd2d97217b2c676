//
// ValueResolver.cpp
//
// SPDX-License-Identifier: Apache-2.0
//

#include "ValueResolver.h"

#include "RegularFile.h"

#include <Poco/Path.h>

#include <cstdlib>

namespace labmock
{

const char* Resolution::stateName(State state)
{
    switch (state)
    {
    case State::Set:
        return "set";
    case State::Unreadable:
        return "unreadable";
    case State::TooLarge:
        return "too large";
    case State::Missing:
        break;
    }
    return "missing";
}

const char* Resolution::sourceName(Source source)
{
    switch (source)
    {
    case Source::Environment:
        return "env";
    case Source::EnvironmentFile:
        return "file";
    case Source::SecretsDirectory:
        return "secrets-dir";
    case Source::None:
        break;
    }
    return "none";
}

ValueResolver::ValueResolver(std::vector<std::string> secretsDirs, std::size_t maxFileBytes)
    : _secretsDirs(std::move(secretsDirs)), _maxFileBytes(maxFileBytes)
{
}

Resolution ValueResolver::resolve(const std::string& name, std::vector<FileStamp>& watched) const
{
    // getenv, not Poco::Environment: the environment is read-only here and this is the hot path
    // of a snapshot rebuild; Poco's mutex buys nothing.
    const char* fileName = std::getenv((name + "_FILE").c_str());
    if (const char* value = std::getenv(name.c_str()))
    {
        Resolution result;
        result.state = Resolution::State::Set;
        result.source = Resolution::Source::Environment;
        result.value = value;
        if (fileName)
            result.warning = name + " and " + name + "_FILE are both set; " + name + " wins";
        return result;
    }
    if (fileName)
    {
        watched.push_back(FileStamp::take(fileName));
        Resolution result = readFile(fileName, Resolution::Source::EnvironmentFile);
        if (result.state == Resolution::State::Missing)
        {
            result.state = Resolution::State::Unreadable;
            result.source = Resolution::Source::EnvironmentFile;
            result.path = fileName;
            result.reason = name + "_FILE names a file that does not exist";
        }
        return result;
    }
    for (const auto& dir : _secretsDirs)
    {
        // The directory's stamp changes when the file appears, goes or is swapped in.
        watched.push_back(FileStamp::take(dir));
        const std::string path = Poco::Path(Poco::Path::forDirectory(dir), name).toString();
        const FileStamp stamp = FileStamp::take(path);
        Resolution result = readFile(path, Resolution::Source::SecretsDirectory);
        if (result.state != Resolution::State::Missing)
        {
            watched.push_back(stamp);
            return result;
        }
    }
    return {};
}

Resolution ValueResolver::readFile(const std::string& path, Resolution::Source source) const
{
    RegularFile::Result file = RegularFile::read(path, _maxFileBytes, "secrets.maxFileBytes");
    Resolution result;
    switch (file.status)
    {
    case RegularFile::Status::Missing:
        return result;
    case RegularFile::Status::TooLarge:
        result.state = Resolution::State::TooLarge;
        break;
    case RegularFile::Status::Unreadable:
        result.state = Resolution::State::Unreadable;
        break;
    case RegularFile::Status::Read:
        result.state = Resolution::State::Set;
        result.value = std::move(file.content);
        if (!result.value.empty() && result.value.back() == '\n')
        {
            result.value.pop_back();
            if (!result.value.empty() && result.value.back() == '\r')
                result.value.pop_back();
        }
        result.value.shrink_to_fit();
        break;
    }
    result.source = source;
    result.path = path;
    result.reason = std::move(file.reason);
    return result;
}

} // namespace labmock
