//
// SecretVolume.h
//
// A Kubernetes Secret volume laid out and atomically updated the way the kubelet does it.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_TEST_SECRETVOLUME_INCLUDED
#define LABMOCK_TEST_SECRETVOLUME_INCLUDED

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

namespace labmock::test
{

/// A directory with the kubelet's AtomicWriter layout (pkg/volume/util/atomic_writer.go):
///
///     dir/..2026_05_01_10_00_00.000000001/KEY   the payload, one file per key
///     dir/..data -> ..2026_05_01_10_00_00.000000001
///     dir/KEY    -> ..data/KEY
///
/// publish() writes a new timestamped directory, points a `..data_tmp` link at it,
/// rename()s that over `..data` (the one atomic step), adds links for new keys, removes
/// links of keys that went away and deletes the old payload, in the kubelet's order.
/// The directory must exist and is not removed. Not copyable; one test thread.
class SecretVolume
{
public:
    explicit SecretVolume(std::string dir) : _dir(std::move(dir))
    {
    }

    SecretVolume(const SecretVolume&) = delete;
    SecretVolume& operator=(const SecretVolume&) = delete;

    /// The volume's mount point, what secrets.dirs names.
    const std::string& dir() const
    {
        return _dir;
    }

    /// Makes payload (key → content) the volume's content, atomically for readers.
    void publish(const std::map<std::string, std::string>& payload)
    {
        namespace fs = std::filesystem;
        const fs::path dir(_dir);
        const std::string previous = _current;
        _current = timestampedName();

        fs::create_directory(dir / _current);
        for (const auto& [key, content] : payload)
        {
            std::ofstream out(dir / _current / key, std::ios::binary | std::ios::trunc);
            out.write(content.data(), static_cast<std::streamsize>(content.size()));
            out.close();
            if (!out)
                throw std::runtime_error("cannot write " + (dir / _current / key).string());
        }

        fs::create_symlink(_current, dir / "..data_tmp");
        if (std::rename((dir / "..data_tmp").c_str(), (dir / "..data").c_str()) != 0)
            throw std::runtime_error(std::string("rename ..data_tmp: ") + std::strerror(errno));

        for (const auto& [key, content] : payload)
        {
            std::error_code absent;
            if (!fs::is_symlink(dir / key, absent))
                fs::create_symlink(fs::path("..data") / key, dir / key);
        }
        for (const auto& [key, content] : _keys)
            if (!payload.count(key))
                fs::remove(dir / key);
        if (!previous.empty())
            fs::remove_all(dir / previous);
        _keys = payload;
    }

private:
    /// "..YYYY_MM_DD_HH_MM_SS.NNNNNNNNN", unique within this volume.
    std::string timestampedName()
    {
        const std::time_t now = std::time(nullptr);
        std::tm utc{};
        ::gmtime_r(&now, &utc);
        char stamp[64];
        std::strftime(stamp, sizeof stamp, "..%Y_%m_%d_%H_%M_%S", &utc);
        char sequence[16];
        std::snprintf(sequence, sizeof sequence, ".%09u", ++_generation);
        return std::string(stamp) + sequence;
    }

    std::string _dir;
    std::string _current;
    std::map<std::string, std::string> _keys;
    unsigned _generation = 0;
};

} // namespace labmock::test

#endif // LABMOCK_TEST_SECRETVOLUME_INCLUDED
