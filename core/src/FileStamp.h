//
// FileStamp.h
//
// What a path looked like when a value was read from it.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_FILESTAMP_INCLUDED
#define LABMOCK_FILESTAMP_INCLUDED

#include <cstdint>
#include <string>

namespace labmock
{

/// The identity and change times of a path (following symbolic links), or its absence.
/// Two stamps of the same path differ when the file was replaced, edited, removed or
/// created, or — for a directory — when an entry was added, removed or renamed, which
/// is how a Kubernetes `..data` swap shows. One stat(2) call; a plain value type.
struct FileStamp
{
    std::string path;
    int error = 0; ///< errno of stat(2), 0 when the path exists
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    std::int64_t size = 0;
    std::int64_t modifiedNs = 0;
    std::int64_t changedNs = 0;
    std::int64_t takenNs = 0; ///< when the stamp was taken (not compared)

    /// Stamps path now.
    static FileStamp take(const std::string& path);

    /// True when path still looks as it did when this stamp was taken. A stamp taken within
    /// a few milliseconds of the file's last change is never current: a same-size rewrite in
    /// the same timestamp tick would look unchanged ("racily clean", as git calls it).
    bool isCurrent() const;

    bool operator==(const FileStamp& other) const;
};

} // namespace labmock

#endif // LABMOCK_FILESTAMP_INCLUDED
