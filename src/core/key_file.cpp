#include "core/key_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>

#include "core/atomic_output.hpp"

namespace oncoshare::core {

namespace {

namespace fs = std::filesystem;

bool exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(path, ec));  // a dangling symlink counts: it would be replaced
}

// Hard-links `path` to the first free NAME.bak, NAME.bak.1, ...: the old bytes stay on disk
// whatever happens to `path` next, and link() never replaces an existing backup.
Status keep_backup(const std::string& path) {
  for (int n = 0; n < 1000; ++n) {
    const std::string backup = n == 0 ? path + ".bak" : fmt::format("{}.bak.{}", path, n);
    if (::link(path.c_str(), backup.c_str()) == 0) return {};
    if (errno != EEXIST) {
      return io_error(fmt::format("cannot keep the old file as {}: {}", backup, std::strerror(errno)),
                      Location{path});
    }
  }
  return bad_input("has 1000 backups already; refusing to add another (remove old .bak files)", Location{path});
}

}  // namespace

Status check_key_files(std::span<const std::string> paths, ExistingKey existing) {
  if (existing == ExistingKey::replace_keeping_backup) return {};
  for (const std::string& path : paths) {
    if (!exists(path)) continue;
    return bad_input(fmt::format("already exists; refusing to replace a key or certificate (--force replaces it and "
                                 "keeps the old file as {}.bak)",
                                 fs::path(path).filename().string()),
                     Location{path});
  }
  return {};
}

Status write_key_file(const std::string& path, std::string_view bytes, unsigned mode, ExistingKey existing) {
  const std::string one[] = {path};
  ONCOSHARE_TRY(check_key_files(one, existing));
  Result<AtomicFile> file = AtomicFile::create(path, mode);
  if (!file) return file.error();
  file->write(bytes);
  if (exists(path)) ONCOSHARE_TRY(keep_backup(path));
  return file->commit();
}

}  // namespace oncoshare::core
