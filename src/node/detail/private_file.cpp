#include "node/detail/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>

namespace oncoshare::node::detail {

namespace fs = std::filesystem;

core::Status make_private_directory(const std::string& path) {
  const fs::path dir = fs::path(path).parent_path();
  std::error_code ec;
  if (dir.empty() || fs::exists(dir, ec)) return {};
  fs::create_directories(dir, ec);
  if (!ec) fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) return core::io_error(fmt::format("cannot create directory {}: {}", dir.string(), ec.message()), {path});
  return {};
}

core::Status make_private_file(const std::string& path) {
  if (path.empty() || path == ":memory:") return {};
  ONCOSHARE_TRY(make_private_directory(path));
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return core::io_error(fmt::format("cannot create file: {}", std::strerror(errno)), {path});
  const int changed = ::fchmod(fd, 0600);
  const int saved = errno;
  ::close(fd);
  if (changed != 0) return core::io_error(fmt::format("cannot make the file private: {}", std::strerror(saved)), {path});
  return {};
}

}  // namespace oncoshare::node::detail
