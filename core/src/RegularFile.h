//
// RegularFile.h
//
// Reads a whole regular file the server takes as input, capped, without ever blocking.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_REGULARFILE_INCLUDED
#define LABMOCK_REGULARFILE_INCLUDED

#include <cstddef>
#include <string>

namespace labmock
{

/// The one way the core reads a file named by configuration or the environment (config
/// file, token file, secrets). Only regular files are read: a FIFO, a device, a directory
/// or a file that resolves into /proc, /sys or /dev is refused, since such a file can hang
/// the reader, never end, or show the process's own environment. Symbolic links are
/// followed (a Kubernetes Secret volume is made of them). The file is opened non-blocking
/// and checked again with fstat, so a FIFO swapped in after the check cannot hang the
/// reader. Stateless; callable from any thread.
class RegularFile
{
public:
    enum class Status
    {
        Read,      ///< content holds the whole file
        Missing,   ///< no such file (a dangling symbolic link is Unreadable)
        TooLarge,  ///< larger than the limit; not kept
        Unreadable ///< exists but cannot be read; see reason
    };

    struct Result
    {
        Status status = Status::Missing;
        std::string content; ///< the file's bytes when Read; may be a secret: never log it
        std::string reason;  ///< one line saying why it was not Read
    };

    /// Reads path if it is a regular file of at most maxBytes bytes; limitName names the
    /// limit in the reason of TooLarge, e.g. "secrets.maxFileBytes".
    static Result read(const std::string& path, std::size_t maxBytes, const std::string& limitName = "the limit");

    /// The content of path, or throws Poco::FileException whose message is the reason
    /// (Poco::FileNotFoundException when the file does not exist).
    static std::string load(const std::string& path, std::size_t maxBytes, const std::string& limitName = "the limit");

    /// "not a regular file": the reason given for a FIFO, a device, a socket or a file in
    /// /proc, /sys or /dev.
    static const char* const NOT_REGULAR;
};

} // namespace labmock

#endif // LABMOCK_REGULARFILE_INCLUDED
