// Integer encodings used by the Crypt4GH header (little-endian) and by the key formats
// (big-endian), plus a bounds-checked reader over a byte string.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oncoshare::crypt4gh::detail {

inline void put_le(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

inline void put_be(std::string& out, std::uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

inline std::uint64_t get_le(std::string_view in, int bytes) {
  std::uint64_t value = 0;
  for (int i = bytes - 1; i >= 0; --i) value = (value << 8) | static_cast<std::uint8_t>(in[i]);
  return value;
}

inline std::uint64_t get_be(std::string_view in, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value = (value << 8) | static_cast<std::uint8_t>(in[i]);
  return value;
}

// Consumes a byte string front to back; every take returns nullopt instead of overrunning.
class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}

  std::optional<std::string_view> take(std::size_t n) {
    if (n > data_.size()) return std::nullopt;
    std::string_view out = data_.substr(0, n);
    data_.remove_prefix(n);
    return out;
  }
  std::optional<std::uint64_t> take_be(int bytes) {
    auto raw = take(static_cast<std::size_t>(bytes));
    if (!raw) return std::nullopt;
    return get_be(*raw, bytes);
  }
  // A length-prefixed string whose length is a big-endian integer of `length_bytes`.
  std::optional<std::string_view> take_string(int length_bytes) {
    auto n = take_be(length_bytes);
    if (!n) return std::nullopt;
    return take(static_cast<std::size_t>(*n));
  }
  [[nodiscard]] std::size_t remaining() const { return data_.size(); }

 private:
  std::string_view data_;
};

}  // namespace oncoshare::crypt4gh::detail
