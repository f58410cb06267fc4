#include "crypt4gh/stream_io.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace oncoshare::crypt4gh {

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

}  // namespace oncoshare::crypt4gh
