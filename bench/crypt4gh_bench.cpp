// Crypt4GH throughput: encrypt and decrypt N MiB (argument, default 1024) streamed from a
// generated source into a discarding sink, next to libsodium's raw
// crypto_aead_chacha20poly1305_ietf_encrypt over the same bytes in the same run, plus peak RSS
// (which must not grow with N: everything streams in 64 KiB segments).
#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "crypt4gh/crypt4gh.hpp"
#include "peak_memory.hpp"

namespace c4gh = oncoshare::crypt4gh;

namespace {

// Repeats one 64 KiB random block `total` bytes long, without holding the whole input.
class RepeatingSource final : public c4gh::Source {
 public:
  RepeatingSource(const std::vector<std::uint8_t>& block, std::uint64_t total) : block_(block), left_(total) {}
  oncoshare::core::Result<std::size_t> read(std::span<std::uint8_t> buffer) override {
    std::size_t done = 0;
    while (done < buffer.size() && left_ > 0) {
      const std::size_t n = std::min<std::uint64_t>({buffer.size() - done, block_.size() - pos_, left_});
      std::memcpy(buffer.data() + done, block_.data() + pos_, n);
      done += n;
      left_ -= n;
      pos_ = (pos_ + n) % block_.size();
    }
    return done;
  }
  const std::string& name() const override { return name_; }

 private:
  const std::vector<std::uint8_t>& block_;
  std::uint64_t left_;
  std::size_t pos_ = 0;
  std::string name_ = "<bench>";
};

// Keeps the first bytes (to replay as ciphertext) and counts the rest: a /dev/null with memory.
class CountingSink final : public c4gh::Sink {
 public:
  oncoshare::core::Status write(std::span<const std::uint8_t> bytes) override {
    bytes_ += bytes.size();
    return {};
  }
  std::uint64_t bytes_ = 0;
};

// Replays a header then the same sealed segment over and over (valid ciphertext for decrypt).
class CipherSource final : public c4gh::Source {
 public:
  CipherSource(std::string header, std::vector<std::uint8_t> segment, std::uint64_t segments)
      : header_(std::move(header)), segment_(std::move(segment)), left_(segments) {}
  oncoshare::core::Result<std::size_t> read(std::span<std::uint8_t> buffer) override {
    std::size_t done = 0;
    while (done < buffer.size()) {
      if (hpos_ < header_.size()) {
        const std::size_t n = std::min(buffer.size() - done, header_.size() - hpos_);
        std::memcpy(buffer.data() + done, header_.data() + hpos_, n);
        hpos_ += n, done += n;
        continue;
      }
      if (left_ == 0) break;
      const std::size_t n = std::min(buffer.size() - done, segment_.size() - spos_);
      std::memcpy(buffer.data() + done, segment_.data() + spos_, n);
      done += n;
      spos_ += n;
      if (spos_ == segment_.size()) spos_ = 0, --left_;
    }
    return done;
  }
  const std::string& name() const override { return name_; }

 private:
  std::string header_;
  std::vector<std::uint8_t> segment_;
  std::uint64_t left_;
  std::size_t hpos_ = 0, spos_ = 0;
  std::string name_ = "<bench>";
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) return 3;
  const std::uint64_t mib = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1024;
  const std::uint64_t total = mib << 20;
  std::vector<std::uint8_t> block(c4gh::kSegmentBytes);
  randombytes_buf(block.data(), block.size());
  const c4gh::SecretKey reader = c4gh::SecretKey::generate();
  const c4gh::SecretKey writer = c4gh::SecretKey::generate();
  const c4gh::PublicKey recipients[] = {reader.public_key()};

  // Baseline: raw AEAD over the same bytes, 64 KiB at a time, one random nonce per segment.
  std::vector<std::uint8_t> out(c4gh::kCipherSegmentBytes);
  std::array<std::uint8_t, 32> key{};
  randombytes_buf(key.data(), key.size());
  auto t0 = std::chrono::steady_clock::now();
  for (std::uint64_t done = 0; done < total; done += block.size()) {
    randombytes_buf(out.data(), c4gh::kNonceBytes);
    crypto_aead_chacha20poly1305_ietf_encrypt(out.data() + 12, nullptr, block.data(), block.size(), nullptr, 0,
                                              nullptr, out.data(), key.data());
  }
  const double raw = seconds_since(t0);

  RepeatingSource plain(block, total);
  CountingSink sink;
  t0 = std::chrono::steady_clock::now();
  if (!c4gh::encrypt(plain, sink, writer, recipients)) return 3;
  const double enc = seconds_since(t0);

  // A valid file to decrypt: header + one sealed segment repeated (same data key).
  c4gh::StringSink first;
  RepeatingSource one(block, block.size());
  if (!c4gh::encrypt(one, first, writer, recipients)) return 3;
  const std::string& file = first.str();
  const std::size_t header = file.size() - c4gh::kCipherSegmentBytes;
  CipherSource cipher(file.substr(0, header),
                      std::vector<std::uint8_t>(file.begin() + static_cast<long>(header), file.end()),
                      total / block.size());
  CountingSink plain_out;
  t0 = std::chrono::steady_clock::now();
  auto summary = c4gh::decrypt(cipher, plain_out, reader);
  const double dec = seconds_since(t0);
  if (!summary || plain_out.bytes_ != total) return 3;

  const double mb = static_cast<double>(total) / 1e6;
  std::printf("crypt4gh_bench: %llu MiB, 64 KiB segments\n", static_cast<unsigned long long>(mib));
  std::printf("  libsodium chacha20poly1305_ietf_encrypt (baseline) %8.1f MB/s\n", mb / raw);
  std::printf("  oncoshare crypt4gh encrypt                         %8.1f MB/s  (%.1f%% of baseline)\n", mb / enc,
              100.0 * raw / enc);
  std::printf("  oncoshare crypt4gh decrypt                         %8.1f MB/s  (%.1f%% of baseline)\n", mb / dec,
              100.0 * raw / dec);
  std::printf("  peak RSS %.1f MiB\n", oncoshare::bench::peak_rss_mib());
  return 0;
}
