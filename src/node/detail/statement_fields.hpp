// Internal: strict reading of the JSON statements nodes sign (contributions, SecAgg
// advertisements): the "type" tag first, then each field with its exact JSON type. Every
// error names the kind of statement and the field, so a refusal says what was malformed.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace oncoshare::node::detail {

class StatementFields {
 public:
  // The JSON object of `text` when its "type" is `type`; else a bad_input
  // "not a <kind> (\"type\": \"<type>\")". `kind` is e.g. "contribution statement".
  [[nodiscard]] static core::Result<StatementFields> open(std::string_view text, std::string_view kind,
                                                          std::string_view type);

  // Each copies the field into `out`, or fails "<kind>: field '<field>' missing or of the
  // wrong type" (bad_input, Location::field = the field).
  [[nodiscard]] core::Status string(const char* field, std::string& out) const;
  [[nodiscard]] core::Status u32(const char* field, std::uint32_t& out) const;
  [[nodiscard]] core::Status u64(const char* field, std::uint64_t& out) const;
  [[nodiscard]] core::Status i64(const char* field, std::int64_t& out) const;
  [[nodiscard]] core::Status strings(const char* field, std::vector<std::string>& out) const;
  [[nodiscard]] core::Status object(const char* field, nlohmann::json& out) const;

 private:
  StatementFields(nlohmann::json json, std::string_view kind) : json_(std::move(json)), kind_(kind) {}
  [[nodiscard]] core::Error bad(const char* field) const;
  [[nodiscard]] bool has(const char* field) const { return json_.contains(field); }

  nlohmann::json json_;
  std::string kind_;
};

}  // namespace oncoshare::node::detail
