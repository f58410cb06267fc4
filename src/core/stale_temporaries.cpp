#include "core/stale_temporaries.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <filesystem>
#include <fmt/format.h>
#include <utility>
#include <vector>

namespace oncoshare::core {

namespace {

namespace fs = std::filesystem;
constexpr std::string_view kKinds[] = {"tmp", "tmpdir", "old"};
constexpr std::size_t kRandomChars = 6;  // mkstemp's XXXXXX

// The writer's pid in "<pid>-XXXXXX", or 0 when the rest of the name is not in that form
// (a name from before pids were recorded, or somebody else's file).
pid_t writer_of(std::string_view rest) {
  const std::size_t dash = rest.find('-');
  if (dash == std::string_view::npos || rest.size() != dash + 1 + kRandomChars) return 0;
  pid_t pid = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + dash, pid);
  return ec == std::errc() && end == rest.data() + dash && pid > 0 ? pid : 0;
}

bool alive(pid_t pid) { return pid == ::getpid() || ::kill(pid, 0) == 0 || errno == EPERM; }

fs::path folder_of(const fs::path& target) {
  return target.parent_path().empty() ? fs::path(".") : target.parent_path();
}

}  // namespace

std::string temporary_template(const std::string& target, std::string_view kind) {
  const fs::path t(target);
  return (folder_of(t) / fmt::format(".{}.{}-{}-XXXXXX", t.filename().string(), kind, ::getpid())).string();
}

void remove_stale_temporaries(const std::string& target) {
  const fs::path t(target);
  const std::string prefix = "." + t.filename().string() + ".";
  std::vector<std::pair<fs::path, std::string_view>> stale;  // collected first: no removal while listing
  std::error_code ec;
  for (fs::directory_iterator it(folder_of(t), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string_view rest = std::string_view(name).substr(prefix.size());
    for (std::string_view kind : kKinds) {
      if (!rest.starts_with(kind) || rest.size() <= kind.size() || rest[kind.size()] != '-') continue;
      const pid_t pid = writer_of(rest.substr(kind.size() + 1));
      if (pid != 0 && !alive(pid)) stale.emplace_back(it->path(), kind);
      break;
    }
  }
  for (const auto& [path, kind] : stale) {
    std::error_code ignored;
    if (kind == "old" && !fs::exists(fs::symlink_status(t, ignored))) {
      fs::rename(path, t, ignored);
    } else {
      fs::remove_all(path, ignored);
    }
  }
}

}  // namespace oncoshare::core
