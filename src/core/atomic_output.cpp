#include "core/atomic_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>

#include "core/stale_temporaries.hpp"

namespace oncoshare::core {

namespace {

namespace fs = std::filesystem;
constexpr std::size_t kFlushBytes = 1u << 20;

// Temporaries that a signal handler must remove. Fixed storage: handlers cannot allocate.
struct PendingTemp {
  std::atomic<bool> used{false};
  bool directory = false;
  std::array<char, 4096> path{};
};
std::array<PendingTemp, 64> g_pending;

void remove_tree_in_handler(const char* path);

void on_fatal_signal(int signo) {
  for (auto& slot : g_pending) {
    if (!slot.used.load()) continue;
    if (slot.directory) {
      remove_tree_in_handler(slot.path.data());
    } else {
      ::unlink(slot.path.data());
    }
  }
  std::signal(signo, SIG_DFL);
  std::raise(signo);
}

void remove_tree_in_handler(const char* path) {
  // Best effort on the way out: the tree is ours and flat or shallow.
  std::error_code ignored;
  fs::remove_all(path, ignored);
}

void install_handlers_once() {
  static const bool installed = [] {
    for (int signo : {SIGINT, SIGTERM, SIGHUP}) std::signal(signo, on_fatal_signal);
    return true;
  }();
  (void)installed;
}

PendingTemp* track(const std::string& path, bool directory) {
  install_handlers_once();
  if (path.size() >= std::tuple_size_v<decltype(PendingTemp::path)>) return nullptr;
  for (auto& slot : g_pending) {
    bool expected = false;
    if (slot.used.compare_exchange_strong(expected, true)) {
      slot.used.store(false);  // not visible until filled in
      slot.directory = directory;
      std::memcpy(slot.path.data(), path.c_str(), path.size() + 1);
      slot.used.store(true);
      return &slot;
    }
  }
  return nullptr;
}

void untrack(const std::string& path) {
  for (auto& slot : g_pending) {
    if (slot.used.load() && path == slot.path.data()) slot.used.store(false);
  }
}

Error os_error(std::string_view what, const std::string& path) {
  return io_error(fmt::format("{}: {}", what, std::strerror(errno)), Location{path});
}

// Files written inside one of our own temporary folders need no search for stale siblings.
bool inside_pending_directory(const std::string& path) {
  for (const auto& slot : g_pending) {
    if (!slot.used.load() || !slot.directory) continue;
    const std::string_view dir(slot.path.data());
    if (path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/') return true;
  }
  return false;
}

Status fsync_directory_of(const std::string& target) {
  fs::path dir = fs::path(target).parent_path();
  if (dir.empty()) dir = ".";
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return os_error("cannot open directory to sync", dir.string());
  ::fsync(fd);
  ::close(fd);
  return {};
}

}  // namespace

AtomicFile::AtomicFile(std::string target, std::string temp, int fd)
    : target_(std::move(target)), temp_(std::move(temp)), fd_(fd) {
  buffer_.reserve(kFlushBytes);
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : target_(std::move(other.target_)),
      temp_(std::move(other.temp_)),
      buffer_(std::move(other.buffer_)),
      fd_(other.fd_),
      write_errno_(other.write_errno_),
      committed_(other.committed_) {
  other.fd_ = -1;
  other.committed_ = true;  // the moved-from shell owns nothing
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) {
    ::unlink(temp_.c_str());
    untrack(temp_);
  }
}

Result<AtomicFile> AtomicFile::create(const std::string& target, unsigned mode,
                                      std::span<const std::string> inputs) {
  ONCOSHARE_TRY(check_output_file(target, inputs));
  if (!inside_pending_directory(target)) remove_stale_temporaries(target);
  std::string temp = temporary_template(target, "tmp");
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return os_error("cannot create a temporary file beside the output", target);
  track(temp, false);
  ::fchmod(fd, mode);
  return AtomicFile(target, temp, fd);
}

void AtomicFile::write(std::string_view bytes) {
  buffer_.append(bytes);
  if (buffer_.size() >= kFlushBytes) flush();
}

void AtomicFile::flush() {
  std::size_t done = 0;
  while (done < buffer_.size() && write_errno_ == 0) {
    ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      write_errno_ = errno;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

int AtomicFile::flushed_descriptor() {
  flush();
  return write_errno_ == 0 ? fd_ : -1;
}

Status AtomicFile::commit() {
  flush();
  if (write_errno_ != 0) {
    errno = write_errno_;
    return os_error("write failed", target_);
  }
  if (::fsync(fd_) != 0) return os_error("fsync failed", target_);
  ::close(fd_);
  fd_ = -1;
  if (::rename(temp_.c_str(), target_.c_str()) != 0) return os_error("cannot rename into place", target_);
  committed_ = true;
  untrack(temp_);
  return fsync_directory_of(target_);
}

Status write_file_atomically(const std::string& target, std::string_view bytes, unsigned mode,
                             std::span<const std::string> inputs) {
  auto file = AtomicFile::create(target, mode, inputs);
  if (!file) return file.error();
  file->write(bytes);
  return file->commit();
}

AtomicDirectory::AtomicDirectory(std::string target, std::string temp)
    : target_(std::move(target)), temp_(std::move(temp)) {}

AtomicDirectory::AtomicDirectory(AtomicDirectory&& other) noexcept
    : target_(std::move(other.target_)), temp_(std::move(other.temp_)), committed_(other.committed_) {
  other.committed_ = true;
}

AtomicDirectory::~AtomicDirectory() {
  if (!committed_) {
    std::error_code ignored;
    fs::remove_all(temp_, ignored);
    untrack(temp_);
  }
}

Result<AtomicDirectory> AtomicDirectory::create(const std::string& target, const OutputClaim& claim) {
  std::string trimmed = target;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
  remove_stale_temporaries(trimmed);
  std::error_code ec;
  if (fs::exists(trimmed, ec) && !fs::is_directory(trimmed, ec)) {
    return io_error("exists and is not a directory", Location{trimmed});
  }
  ONCOSHARE_TRY(check_output_folder(trimmed, claim));
  std::string temp = temporary_template(trimmed, "tmpdir");
  if (::mkdtemp(temp.data()) == nullptr) {
    return os_error("cannot create a temporary directory beside the output", trimmed);
  }
  track(temp, true);
  // mkdtemp makes 0700; give the published directory the permissions mkdir would.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(temp.c_str(), 0777 & ~mask);
  AtomicDirectory dir(trimmed, temp);
  ONCOSHARE_TRY(write_file_atomically((fs::path(temp) / kOutputMarker).string(), output_marker(claim.command)));
  return dir;
}

Status AtomicDirectory::commit() {
  std::error_code ec;
  std::string old;
  if (fs::exists(target_, ec)) {
    old = temporary_template(target_, "old");
    if (::mkdtemp(old.data()) == nullptr) return os_error("cannot set the old output aside", target_);
    ::rmdir(old.c_str());
    if (::rename(target_.c_str(), old.c_str()) != 0) return os_error("cannot set the old output aside", target_);
  }
  if (::rename(temp_.c_str(), target_.c_str()) != 0) {
    Error e = os_error("cannot rename into place", target_);
    if (!old.empty()) ::rename(old.c_str(), target_.c_str());
    return e;
  }
  committed_ = true;
  untrack(temp_);
  if (!old.empty()) fs::remove_all(old, ec);
  return fsync_directory_of(target_);
}

}  // namespace oncoshare::core
