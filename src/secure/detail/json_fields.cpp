#include "secure/detail/json_fields.hpp"

#include <sodium.h>

#include <fmt/format.h>

#include <algorithm>

#include "core/json_text.hpp"

namespace oncoshare::secure::detail {

namespace {

core::Error field_error(std::string_view field, std::string message) {
  return core::bad_input(std::move(message), core::Location{.field = std::string(field)});
}

// The raw value as it appeared, shortened so an error stays one line.
std::string shown(const nlohmann::json& value) {
  std::string text = value.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

}  // namespace

std::string to_base64(const std::uint8_t* data, std::size_t size) {
  std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();  // the terminating NUL
  return out;
}

core::Result<FieldReader> FieldReader::open(std::string_view text, std::string_view type,
                                            std::initializer_list<std::string_view> fields) {
  if (auto depth = core::check_json_depth(text, {}); !depth) {
    return core::fail(core::bad_input(fmt::format("{}: {}", type, depth.error().to_string())));
  }
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) return core::fail(core::bad_input(fmt::format("{}: not valid JSON", type)));
  if (!json.is_object()) return core::fail(core::bad_input(fmt::format("{}: expected a JSON object", type)));
  auto known = [&](std::string_view key) {
    return key == "type" || std::find(fields.begin(), fields.end(), key) != fields.end();
  };
  for (const auto& item : json.items()) {
    if (!known(item.key())) return core::fail(field_error(item.key(), "unknown field"));
  }
  for (const std::string_view field : fields) {
    if (!json.contains(field)) return core::fail(field_error(field, "missing"));
  }
  if (!json.contains("type")) return core::fail(field_error("type", "missing"));
  if (!json["type"].is_string() || json["type"].get<std::string>() != type) {
    return core::fail(field_error("type", fmt::format("expected \"{}\", got {}", type, shown(json["type"]))));
  }
  return FieldReader(std::move(json));
}

core::Result<std::uint32_t> FieldReader::u32(const char* field, std::uint32_t min, std::uint32_t max) const {
  const nlohmann::json& value = json_.at(field);
  if (!value.is_number_unsigned() || value.get<std::uint64_t>() < min || value.get<std::uint64_t>() > max) {
    return core::fail(field_error(field, fmt::format("expected an integer in [{}, {}], got {}", min, max, shown(value))));
  }
  return static_cast<std::uint32_t>(value.get<std::uint64_t>());
}

core::Result<std::vector<std::uint32_t>> FieldReader::ascending_u32s(const char* field, std::uint32_t min,
                                                                     std::uint32_t max) const {
  const nlohmann::json& value = json_.at(field);
  if (!value.is_array()) return core::fail(field_error(field, fmt::format("expected an array, got {}", shown(value))));
  std::vector<std::uint32_t> out;
  for (const nlohmann::json& item : value) {
    if (!item.is_number_unsigned() || item.get<std::uint64_t>() < min || item.get<std::uint64_t>() > max ||
        (!out.empty() && item.get<std::uint64_t>() <= out.back())) {
      return core::fail(field_error(
          field, fmt::format("expected ascending integers in [{}, {}], got {}", min, max, shown(item))));
    }
    out.push_back(static_cast<std::uint32_t>(item.get<std::uint64_t>()));
  }
  return out;
}

core::Result<std::string> FieldReader::text(const char* field, std::size_t max_size) const {
  const nlohmann::json& value = json_.at(field);
  if (!value.is_string() || value.get_ref<const std::string&>().empty() ||
      value.get_ref<const std::string&>().size() > max_size) {
    return core::fail(field_error(field, fmt::format("expected a string of 1-{} bytes, got {}", max_size, shown(value))));
  }
  return value.get<std::string>();
}

core::Result<std::vector<std::uint8_t>> FieldReader::bytes(const char* field, std::size_t size) const {
  const nlohmann::json& value = json_.at(field);
  if (!value.is_string()) return core::fail(field_error(field, fmt::format("expected a base64 string, got {}", shown(value))));
  const std::string& text = value.get_ref<const std::string&>();
  std::vector<std::uint8_t> out(text.size() / 4 * 3 + 3);
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return core::fail(field_error(field, fmt::format("invalid base64 {}", shown(value))));
  }
  if (length != size) {
    return core::fail(field_error(field, fmt::format("expected {} bytes, got {}", size, length)));
  }
  out.resize(length);
  return out;
}

core::Result<std::vector<Point>> FieldReader::points(const char* field, std::size_t count) const {
  auto raw = bytes(field, count * kPointBytes);
  if (!raw) return core::fail(raw.error());
  std::vector<Point> out;
  out.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    auto p = Point::from_bytes(std::span(*raw).subspan(k * kPointBytes, kPointBytes));
    if (!p) return core::fail(field_error(field, fmt::format("element {} is not a valid Ristretto255 point", k)));
    out.push_back(*p);
  }
  return out;
}

core::Result<std::vector<Scalar>> FieldReader::scalars(const char* field, std::size_t count) const {
  auto raw = bytes(field, count * kScalarBytes);
  if (!raw) return core::fail(raw.error());
  std::vector<Scalar> out;
  out.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    auto s = Scalar::from_bytes(std::span(*raw).subspan(k * kScalarBytes, kScalarBytes));
    if (!s) return core::fail(field_error(field, fmt::format("element {} is not a canonical scalar", k)));
    out.push_back(*s);
  }
  sodium_memzero(raw->data(), raw->size());
  return out;
}

}  // namespace oncoshare::secure::detail
