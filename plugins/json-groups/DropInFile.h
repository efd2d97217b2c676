//
// DropInFile.h
//
// Reads one JSON drop-in file: regular files only, capped, never blocking.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_DROPINFILE_INCLUDED
#define LABMOCK_DROPINFILE_INCLUDED

#include <cstddef>
#include <string>

namespace jsongroups
{

/// The plugin's copy of the core's rule for files it reads (a plugin may include only the
/// SDK): a FIFO, a device, a directory, or a file on procfs or sysfs named like a drop-in
/// is refused without being read, opening never blocks, and size is capped. Symbolic links
/// are followed. Stateless; thread-safe.
class DropInFile
{
public:
    /// Far above any real list of groups.
    static constexpr std::size_t MAX_BYTES = 1 << 20;

    /// The whole content of path. Throws std::runtime_error saying why it was not read
    /// ("not a regular file", "dangling symbolic link", …).
    static std::string read(const std::string& path);
};

} // namespace jsongroups

#endif // LABMOCK_DROPINFILE_INCLUDED
