// Byte sources and sinks the streaming functions read from and write to: file descriptors
// (stdin/stdout), strings (tests) and atomic files (-o).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/atomic_output.hpp"
#include "core/result.hpp"

namespace oncoshare::crypt4gh {

class Source {
 public:
  virtual ~Source() = default;
  // Fills `buffer` and returns its size, or fewer bytes only at the end of the input.
  [[nodiscard]] virtual core::Result<std::size_t> read(std::span<std::uint8_t> buffer) = 0;
  // Names the input in error messages.
  [[nodiscard]] virtual const std::string& name() const = 0;
};

class Sink {
 public:
  virtual ~Sink() = default;
  // Appends all of `bytes` (errors may be sticky and surface from a later call or commit).
  [[nodiscard]] virtual core::Status write(std::span<const std::uint8_t> bytes) = 0;
};

// Reads a file descriptor (not owned), retrying short reads and EINTR.
class FdSource final : public Source {
 public:
  FdSource(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  [[nodiscard]] core::Result<std::size_t> read(std::span<std::uint8_t> buffer) override;
  [[nodiscard]] const std::string& name() const override { return name_; }

 private:
  int fd_;
  std::string name_;
};

// Writes a file descriptor (not owned) fully.
class FdSink final : public Sink {
 public:
  FdSink(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  [[nodiscard]] core::Status write(std::span<const std::uint8_t> bytes) override;

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

 private:
  core::AtomicFile& file_;
};

}  // namespace oncoshare::crypt4gh
