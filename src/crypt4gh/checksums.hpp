// Size, SHA-256 and MD5 of a byte stream (OpenSSL EVP), as archive submission tools expect,
// and Source/Sink adapters that compute them while data streams through.
#pragma once

#include <memory>
#include <string>

#include "crypt4gh/stream_io.hpp"

namespace oncoshare::crypt4gh {

struct Checksums {
  std::uint64_t size = 0;
  std::string sha256;  // lowercase hex
  std::string md5;     // lowercase hex
  bool operator==(const Checksums&) const = default;
};

class ChecksumBuilder {
 public:
  ChecksumBuilder();
  ChecksumBuilder(ChecksumBuilder&&) noexcept;
  ChecksumBuilder(const ChecksumBuilder&) = delete;
  ~ChecksumBuilder();

  void update(std::span<const std::uint8_t> bytes);
  // The checksums of everything seen; the builder is then spent.
  [[nodiscard]] Checksums finish();

 private:
  struct Contexts;
  std::unique_ptr<Contexts> ctx_;
  std::uint64_t size_ = 0;
};

// Passes reads through and checksums them.
class ChecksummingSource final : public Source {
 public:
  explicit ChecksummingSource(Source& inner) : inner_(inner) {}
  [[nodiscard]] core::Result<std::size_t> read(std::span<std::uint8_t> buffer) override;
  [[nodiscard]] const std::string& name() const override { return inner_.name(); }
  [[nodiscard]] Checksums finish() { return builder_.finish(); }

 private:
  Source& inner_;
  ChecksumBuilder builder_;
};

// Checksums writes, then forwards them to `inner` (if any).
class ChecksummingSink final : public Sink {
 public:
  explicit ChecksummingSink(Sink* inner = nullptr) : inner_(inner) {}
  [[nodiscard]] core::Status write(std::span<const std::uint8_t> bytes) override;
  [[nodiscard]] Checksums finish() { return builder_.finish(); }

 private:
  Sink* inner_;
  ChecksumBuilder builder_;
};

// Checksums of a whole file, streamed.
[[nodiscard]] core::Result<Checksums> checksum_file(const std::string& path);

}  // namespace oncoshare::crypt4gh
