//
// ValueResolver.h
//
// Finds the value of a variable: environment, X_FILE, then the secrets directories.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_VALUERESOLVER_INCLUDED
#define LABMOCK_VALUERESOLVER_INCLUDED

#include "FileStamp.h"
#include "Resolution.h"

#include <cstddef>
#include <string>
#include <vector>

namespace labmock
{

/// Resolves variables the same way for every plugin. For a variable X, in order:
/// the environment variable X; else the file named by the environment variable X_FILE;
/// else a file named X in each secrets directory, in order. A trailing newline of a
/// file is dropped; a file that cannot be read is Unreadable, with the reason.
/// Immutable after construction; resolve() may be called from any thread.
class ValueResolver
{
public:
    ValueResolver(std::vector<std::string> secretsDirs, std::size_t maxFileBytes);

    /// Resolves name. Appends to watched a stamp of every path whose change could change
    /// the answer (the files read, the directories searched), taken before reading.
    Resolution resolve(const std::string& name, std::vector<FileStamp>& watched) const;

private:
    /// Reads path into a Resolution from source; Missing when path does not exist.
    Resolution readFile(const std::string& path, Resolution::Source source) const;

    std::vector<std::string> _secretsDirs;
    std::size_t _maxFileBytes;
};

} // namespace labmock

#endif // LABMOCK_VALUERESOLVER_INCLUDED
