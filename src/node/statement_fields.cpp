#include "node/detail/statement_fields.hpp"

#include <fmt/format.h>

#include <limits>

#include "core/json_text.hpp"

namespace oncoshare::node::detail {

core::Result<StatementFields> StatementFields::open(std::string_view text, std::string_view kind, std::string_view type) {
  if (auto depth = core::check_json_depth(text, {}); !depth) {
    return core::fail(core::bad_input(fmt::format("{}: {}", kind, depth.error().to_string())));
  }
  nlohmann::json in = nlohmann::json::parse(text, nullptr, false);
  if (!in.is_object() || !in.contains("type") || in["type"] != type) {
    const bool vowel = !kind.empty() && std::string_view("aeiou").find(kind.front()) != std::string_view::npos;
    return core::fail(core::bad_input(fmt::format("not {} {} (\"type\": \"{}\")", vowel ? "an" : "a", kind, type)));
  }
  return StatementFields(std::move(in), kind);
}

core::Error StatementFields::bad(const char* field) const {
  return core::bad_input(fmt::format("{}: field '{}' missing or of the wrong type", kind_, field), {"", 0, 0, field});
}

core::Status StatementFields::string(const char* field, std::string& out) const {
  if (!has(field) || !json_[field].is_string()) return bad(field);
  out = json_[field].get<std::string>();
  return {};
}

core::Status StatementFields::u64(const char* field, std::uint64_t& out) const {
  if (!has(field) || !json_[field].is_number_unsigned()) return bad(field);
  out = json_[field].get<std::uint64_t>();
  return {};
}

core::Status StatementFields::u32(const char* field, std::uint32_t& out) const {
  std::uint64_t wide = 0;
  ONCOSHARE_TRY(u64(field, wide));
  if (wide > std::numeric_limits<std::uint32_t>::max()) return bad(field);
  out = static_cast<std::uint32_t>(wide);
  return {};
}

core::Status StatementFields::i64(const char* field, std::int64_t& out) const {
  if (!has(field) || !json_[field].is_number_integer() ||
      (json_[field].is_number_unsigned() && json_[field].get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max())) {
    return bad(field);
  }
  out = json_[field].get<std::int64_t>();
  return {};
}

core::Status StatementFields::strings(const char* field, std::vector<std::string>& out) const {
  if (!has(field) || !json_[field].is_array()) return bad(field);
  out.clear();
  for (const auto& item : json_[field]) {
    if (!item.is_string()) return bad(field);
    out.push_back(item.get<std::string>());
  }
  return {};
}

core::Status StatementFields::object(const char* field, nlohmann::json& out) const {
  if (!has(field) || !json_[field].is_object()) return bad(field);
  out = json_[field];
  return {};
}

}  // namespace oncoshare::node::detail
