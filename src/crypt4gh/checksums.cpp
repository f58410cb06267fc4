#include "crypt4gh/checksums.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <vector>

#include "crypt4gh/constants.hpp"

namespace oncoshare::crypt4gh {

namespace {
std::string hex_final(EVP_MD_CTX* ctx) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx, digest, &n);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}
}  // namespace

struct ChecksumBuilder::Contexts {
  EVP_MD_CTX* sha256 = EVP_MD_CTX_new();
  EVP_MD_CTX* md5 = EVP_MD_CTX_new();
  Contexts() {
    EVP_DigestInit_ex(sha256, EVP_sha256(), nullptr);
    EVP_DigestInit_ex(md5, EVP_md5(), nullptr);
  }
  ~Contexts() {
    EVP_MD_CTX_free(sha256);
    EVP_MD_CTX_free(md5);
  }
};

ChecksumBuilder::ChecksumBuilder() : ctx_(std::make_unique<Contexts>()) {}
ChecksumBuilder::ChecksumBuilder(ChecksumBuilder&&) noexcept = default;
ChecksumBuilder::~ChecksumBuilder() = default;

void ChecksumBuilder::update(std::span<const std::uint8_t> bytes) {
  EVP_DigestUpdate(ctx_->sha256, bytes.data(), bytes.size());
  EVP_DigestUpdate(ctx_->md5, bytes.data(), bytes.size());
  size_ += bytes.size();
}

Checksums ChecksumBuilder::finish() { return Checksums{size_, hex_final(ctx_->sha256), hex_final(ctx_->md5)}; }

core::Result<std::size_t> ChecksummingSource::read(std::span<std::uint8_t> buffer) {
  core::Result<std::size_t> n = inner_.read(buffer);
  if (n) builder_.update(buffer.first(*n));
  return n;
}

core::Status ChecksummingSink::write(std::span<const std::uint8_t> bytes) {
  builder_.update(bytes);
  return inner_ != nullptr ? inner_->write(bytes) : core::Status{};
}

core::Result<Checksums> checksum_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return core::io_error("cannot open file", core::Location{path});
  FdSource source(fd, path);
  ChecksumBuilder builder;
  std::vector<std::uint8_t> buffer(kCipherSegmentBytes);
  for (;;) {
    core::Result<std::size_t> n = source.read(buffer);
    if (!n) {
      ::close(fd);
      return n.error();
    }
    builder.update(std::span(buffer).first(*n));
    if (*n < buffer.size()) break;
  }
  ::close(fd);
  return builder.finish();
}

}  // namespace oncoshare::crypt4gh
