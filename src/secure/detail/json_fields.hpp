// Strict reading of the secure component's JSON messages: an object with exactly the
// expected keys, a fixed "type", bounded unsigned integers and standard padded base64 of an
// exact length. Every failure is a core::Error naming the field and showing the raw value.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "secure/group.hpp"

namespace oncoshare::secure::detail {

// Standard base64 with padding (sodium_base64_VARIANT_ORIGINAL).
[[nodiscard]] std::string to_base64(const std::uint8_t* data, std::size_t size);

// Concatenated encodings of fixed-size objects, base64'd.
template <class T>
std::string pack(const std::vector<T>& items) {
  std::vector<std::uint8_t> raw;
  raw.reserve(items.size() * sizeof(T));
  for (const T& item : items) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(&item);
    raw.insert(raw.end(), p, p + sizeof(T));
  }
  return to_base64(raw.data(), raw.size());
}

class FieldReader {
 public:
  // Parses `text` and checks it is an object with exactly `fields` plus "type" == type.
  [[nodiscard]] static core::Result<FieldReader> open(std::string_view text, std::string_view type,
                                                      std::initializer_list<std::string_view> fields);

  // An unsigned integer in [min, max].
  [[nodiscard]] core::Result<std::uint32_t> u32(const char* field, std::uint32_t min, std::uint32_t max) const;
  // An array of unsigned integers in [min, max], strictly ascending.
  [[nodiscard]] core::Result<std::vector<std::uint32_t>> ascending_u32s(const char* field, std::uint32_t min,
                                                                        std::uint32_t max) const;
  // A JSON string of 1..max_size bytes.
  [[nodiscard]] core::Result<std::string> text(const char* field, std::size_t max_size) const;
  // Base64 decoding to exactly `size` bytes.
  [[nodiscard]] core::Result<std::vector<std::uint8_t>> bytes(const char* field, std::size_t size) const;
  // `count` valid points / canonical scalars, concatenated.
  [[nodiscard]] core::Result<std::vector<Point>> points(const char* field, std::size_t count) const;
  [[nodiscard]] core::Result<std::vector<Scalar>> scalars(const char* field, std::size_t count) const;

 private:
  explicit FieldReader(nlohmann::json json) : json_(std::move(json)) {}
  nlohmann::json json_;
};

}  // namespace oncoshare::secure::detail
