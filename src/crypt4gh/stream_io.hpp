// Byte sources and sinks the streaming functions read from and write to: file descriptors
// (stdin/stdout), strings (tests) and atomic files (-o).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/atomic_output.hpp"
#include "core/result.hpp"

namespace oncoshare::crypt4gh {

// A regular file and the offset of its next byte. Workers read or write such a file in place
// (pread / pwrite) at offsets they compute, so no byte has to pass through one I/O thread.
struct FilePosition {
  int fd = -1;
  std::uint64_t offset = 0;
  std::string name;  // for error messages
};

// The position of `fd` when it is a regular file whose offset can be set; for a sink, not
// one opened in append mode (pwrite would then append too).
[[nodiscard]] std::optional<FilePosition> in_place_position(int fd, bool for_writing, const std::string& name);

class Source {
 public:
  virtual ~Source() = default;
  // Where the next byte lies, when the source reads a regular file with no buffering of its
  // own; who reads in place seeks the descriptor past what it read. Nullopt by default.
  [[nodiscard]] virtual std::optional<FilePosition> in_place() { return std::nullopt; }
  // Fills `buffer` and returns its size, or fewer bytes only at the end of the input.
  [[nodiscard]] virtual core::Result<std::size_t> read(std::span<std::uint8_t> buffer) = 0;
  // Names the input in error messages.
  [[nodiscard]] virtual const std::string& name() const = 0;
};

class Sink {
 public:
  virtual ~Sink() = default;
  // Where the next byte goes, when the sink writes a regular file (bytes it buffered are
  // written first); who writes in place seeks the descriptor to the end of what it wrote.
  // Nullopt by default.
  [[nodiscard]] virtual std::optional<FilePosition> in_place() { return std::nullopt; }
  // Appends all of `bytes` (errors may be sticky and surface from a later call or commit).
  [[nodiscard]] virtual core::Status write(std::span<const std::uint8_t> bytes) = 0;
};

// Reads a file descriptor (not owned), retrying short reads and EINTR.
class FdSource final : public Source {
 public:
  FdSource(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  [[nodiscard]] core::Result<std::size_t> read(std::span<std::uint8_t> buffer) override;
  [[nodiscard]] const std::string& name() const override { return name_; }
  [[nodiscard]] std::optional<FilePosition> in_place() override { return in_place_position(fd_, false, name_); }

 private:
  int fd_;
  std::string name_;
};

// Writes a file descriptor (not owned) fully.
class FdSink final : public Sink {
 public:
  FdSink(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  [[nodiscard]] core::Status write(std::span<const std::uint8_t> bytes) override;
  [[nodiscard]] std::optional<FilePosition> in_place() override { return in_place_position(fd_, true, name_); }

 private:
  int fd_;
  std::string name_;
};

// Reads from an in-memory string (not owned; it must outlive the source).
class StringSource final : public Source {
 public:
  StringSource(std::string_view data, std::string name = "<memory>") : data_(data), name_(std::move(name)) {}
  [[nodiscard]] core::Result<std::size_t> read(std::span<std::uint8_t> buffer) override;
  [[nodiscard]] const std::string& name() const override { return name_; }

 private:
  std::string_view data_;
  std::string name_;
};

// Appends to a string.
class StringSink final : public Sink {
 public:
  [[nodiscard]] core::Status write(std::span<const std::uint8_t> bytes) override;
  [[nodiscard]] const std::string& str() const { return data_; }

 private:
  std::string data_;
};

// Appends to an AtomicFile (errors are reported by its commit()).
class AtomicFileSink final : public Sink {
 public:
  explicit AtomicFileSink(core::AtomicFile& file) : file_(file) {}
  [[nodiscard]] core::Status write(std::span<const std::uint8_t> bytes) override;
  [[nodiscard]] std::optional<FilePosition> in_place() override;

 private:
  core::AtomicFile& file_;
};

}  // namespace oncoshare::crypt4gh
