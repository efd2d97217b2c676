//
// TemporaryDirectory.h
//
// A fresh mkdtemp() directory for one test, removed with everything in it.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_TEST_TEMPORARYDIRECTORY_INCLUDED
#define LABMOCK_TEST_TEMPORARYDIRECTORY_INCLUDED

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <sys/stat.h>

namespace labmock::test
{

/// Owns a directory made with mkdtemp() under the system temporary directory and writes
/// real files, directories and symbolic links into it. The destructor removes the tree
/// (links themselves, never what they point to), giving back any permission a test took
/// away. Shared by the unit and integration tests. Not copyable; one test thread.
class TemporaryDirectory
{
public:
    TemporaryDirectory()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "labmock-test-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
        _path = pattern;
    }

    ~TemporaryDirectory()
    {
        std::error_code ignored;
        for (auto it = std::filesystem::recursive_directory_iterator(_path, ignored);
             it != std::filesystem::recursive_directory_iterator(); it.increment(ignored))
        {
            if (!it->is_symlink(ignored))
                ::chmod(it->path().c_str(), it->is_directory(ignored) ? 0700 : 0600);
        }
        std::filesystem::remove_all(_path, ignored);
    }

    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

    /// The directory itself.
    const std::string& path() const
    {
        return _path;
    }

    /// The path of relative inside the directory (nothing is created).
    std::string file(const std::string& relative) const
    {
        return (std::filesystem::path(_path) / relative).string();
    }

    /// Writes content byte for byte to relative (parents created), replacing any file
    /// there in place (same inode, as an editor that truncates does). Returns the path.
    std::string write(const std::string& relative, const std::string& content) const
    {
        const std::string target = file(relative);
        std::filesystem::create_directories(std::filesystem::path(target).parent_path());
        std::ofstream out(target, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.close();
        if (!out)
            throw std::runtime_error("cannot write " + target);
        return target;
    }

    /// Creates the directory relative (and its parents). Returns the path.
    std::string makeDirectory(const std::string& relative) const
    {
        const std::string target = file(relative);
        std::filesystem::create_directories(target);
        return target;
    }

    /// Creates a symbolic link relative whose content is linkTarget. Returns the path.
    std::string makeSymlink(const std::string& relative, const std::string& linkTarget) const
    {
        const std::string link = file(relative);
        std::filesystem::create_directories(std::filesystem::path(link).parent_path());
        std::filesystem::create_symlink(linkTarget, link);
        return link;
    }

    /// Copies the file at source into the directory under its own name. Returns the new path.
    std::string copyIn(const std::string& source) const
    {
        const std::string target = file(std::filesystem::path(source).filename().string());
        std::filesystem::copy_file(source, target, std::filesystem::copy_options::overwrite_existing);
        return target;
    }

    /// Removes relative: a file, a link, or a directory with its contents.
    void remove(const std::string& relative) const
    {
        std::filesystem::remove_all(file(relative));
    }

private:
    std::string _path;
};

} // namespace labmock::test

#endif // LABMOCK_TEST_TEMPORARYDIRECTORY_INCLUDED
