#include "crypt4gh/stream_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace oncoshare::crypt4gh {

std::optional<FilePosition> in_place_position(int fd, bool for_writing, const std::string& name) {
  struct stat st{};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  if (for_writing) {
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || (flags & O_APPEND) != 0) return std::nullopt;
  }
  const off_t offset = ::lseek(fd, 0, SEEK_CUR);
  if (offset < 0) return std::nullopt;
  return FilePosition{fd, static_cast<std::uint64_t>(offset), name};
}

core::Result<std::size_t> FdSource::read(std::span<std::uint8_t> buffer) {
  std::size_t total = 0;
  while (total < buffer.size()) {
    const ssize_t n = ::read(fd_, buffer.data() + total, buffer.size() - total);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return core::io_error(fmt::format("read failed: {}", std::strerror(errno)), core::Location{name_});
    }
    total += static_cast<std::size_t>(n);
  }
  return total;
}

core::Status FdSink::write(std::span<const std::uint8_t> bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return core::io_error(fmt::format("write failed: {}", std::strerror(errno)), core::Location{name_});
    }
    done += static_cast<std::size_t>(n);
  }
  return {};
}

core::Result<std::size_t> StringSource::read(std::span<std::uint8_t> buffer) {
  const std::size_t n = std::min(buffer.size(), data_.size());
  std::memcpy(buffer.data(), data_.data(), n);
  data_.remove_prefix(n);
  return n;
}

core::Status StringSink::write(std::span<const std::uint8_t> bytes) {
  data_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return {};
}

core::Status AtomicFileSink::write(std::span<const std::uint8_t> bytes) {
  file_.write(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  return {};
}

std::optional<FilePosition> AtomicFileSink::in_place() {
  const int fd = file_.flushed_descriptor();
  if (fd < 0) return std::nullopt;  // the write error surfaces from commit()
  return in_place_position(fd, true, file_.target());
}

}  // namespace oncoshare::crypt4gh
