// The library's encrypt and decrypt timed in this process, with generated input and a
// counting sink: no file or pipe I/O and no process start. An extra figure next to the
// whole-process ones (what users run).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "crypt4gh/crypt4gh.hpp"
#include "must.hpp"

namespace oncoshare::bench {

namespace c4gh = crypt4gh;

// Repeats one block `total` bytes long, without holding the whole input.
class RepeatingSource final : public c4gh::Source {
 public:
  RepeatingSource(std::string prefix, std::vector<std::uint8_t> block, std::uint64_t total)
      : prefix_(std::move(prefix)), block_(std::move(block)), left_(total) {}
  core::Result<std::size_t> read(std::span<std::uint8_t> buffer) override {
    std::size_t done = 0;
    while (done < buffer.size() && (prefix_at_ < prefix_.size() || left_ > 0)) {
      if (prefix_at_ < prefix_.size()) {
        const std::size_t n = std::min(buffer.size() - done, prefix_.size() - prefix_at_);
        std::memcpy(buffer.data() + done, prefix_.data() + prefix_at_, n);
        prefix_at_ += n, done += n;
        continue;
      }
      const std::size_t n = std::min<std::uint64_t>({buffer.size() - done, block_.size() - pos_, left_});
      std::memcpy(buffer.data() + done, block_.data() + pos_, n);
      done += n, left_ -= n;
      pos_ = (pos_ + n) % block_.size();
    }
    return done;
  }
  const std::string& name() const override { return name_; }

 private:
  std::string prefix_;  // a header, replayed once before the blocks
  std::size_t prefix_at_ = 0;
  std::vector<std::uint8_t> block_;
  std::uint64_t left_;
  std::size_t pos_ = 0;
  std::string name_ = "<bench>";
};

class CountingSink final : public c4gh::Sink {
 public:
  core::Status write(std::span<const std::uint8_t> bytes) override {
    bytes_ += bytes.size();
    return {};
  }
  std::uint64_t bytes_ = 0;
};

struct InProcessTimes {
  double encrypt_seconds = 0;
  double decrypt_seconds = 0;
};

// Encrypts `total` bytes, then decrypts a valid file as long (one sealed segment replayed
// under the same header).
inline InProcessTimes time_in_process(std::uint64_t total) {
  std::vector<std::uint8_t> block(c4gh::kSegmentBytes);
  randombytes_buf(block.data(), block.size());
  const c4gh::SecretKey reader = c4gh::SecretKey::generate();
  const c4gh::SecretKey writer = c4gh::SecretKey::generate();
  const c4gh::PublicKey recipients[] = {reader.public_key()};
  InProcessTimes times;

  RepeatingSource plain("", block, total);
  CountingSink sealed_out;
  auto start = std::chrono::steady_clock::now();
  must(c4gh::encrypt(plain, sealed_out, writer, recipients), "in-process encrypt");
  times.encrypt_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  c4gh::StringSink one;
  RepeatingSource one_segment("", block, block.size());
  must(c4gh::encrypt(one_segment, one, writer, recipients), "in-process encrypt");
  const std::string& file = one.str();
  const std::size_t header = file.size() - c4gh::kCipherSegmentBytes;
  RepeatingSource cipher(file.substr(0, header), std::vector<std::uint8_t>(file.begin() + static_cast<long>(header), file.end()),
                         total / block.size() * c4gh::kCipherSegmentBytes);
  CountingSink plain_out;
  start = std::chrono::steady_clock::now();
  must(c4gh::decrypt(cipher, plain_out, reader), "in-process decrypt");
  times.decrypt_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (plain_out.bytes_ != total / block.size() * block.size()) fail("in-process decrypt", core::bad_input("short output"));
  return times;
}

}  // namespace oncoshare::bench
