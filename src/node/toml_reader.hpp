// Strict TOML reading shared by node.toml and study.toml: every key must be known and have
// the right type, and every error names the file, line, column and dotted key, so a typo
// never silently loosens a policy or a study.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bounds.hpp"
#include "core/result.hpp"
#include "node/dp_ledger.hpp"

namespace oncoshare::node {

// Reads one table; `prefix` ("datasets[0].") is prepended to keys in messages.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix, const std::string& file)
      : table_(table), prefix_(std::move(prefix)), file_(file) {}

  [[nodiscard]] core::Status check_keys(std::initializer_list<std::string_view> known) const;
  [[nodiscard]] core::Status string(std::string_view key, std::string& out, bool required = false) const;
  [[nodiscard]] core::Status integer(std::string_view key, std::int64_t& out, std::int64_t min, std::int64_t max) const;
  [[nodiscard]] core::Status boolean(std::string_view key, bool& out) const;
  // Numbers are finite: TOML's nan and inf are errors naming the key.
  [[nodiscard]] core::Status number(std::string_view key, std::optional<double>& out) const;
  // A number within `bounds` (core/bounds.hpp), the error stating the range.
  [[nodiscard]] core::Status number(std::string_view key, std::optional<double>& out, const core::Bounds& bounds) const;
  // A finite number > 0 (NaN, infinities, zero and negatives are errors naming the key).
  [[nodiscard]] core::Status positive(std::string_view key, double& out) const;
  // Epsilon amounts are strings ("0.1") so they stay exact decimals.
  [[nodiscard]] core::Status epsilon(std::string_view key, MicroEpsilon& out) const;
  [[nodiscard]] core::Status strings(std::string_view key, std::vector<std::string>& out) const;
  [[nodiscard]] core::Status numbers(std::string_view key, std::vector<double>& out) const;
  // A "HOST:PORT" string; port 0..65535.
  [[nodiscard]] core::Status host_port(std::string_view key, std::string& host, int& port) const;

  [[nodiscard]] core::Error error(const toml::node& node, const std::string& key, const std::string& what) const;
  [[nodiscard]] core::Error missing(std::string_view key) const;
  [[nodiscard]] const toml::table& table() const { return table_; }
  [[nodiscard]] const std::string& prefix() const { return prefix_; }

 private:
  // Any number, nan and inf included: each public reader states what it accepts.
  [[nodiscard]] core::Status any_number(std::string_view key, std::optional<double>& out) const;

  const toml::table& table_;
  std::string prefix_;
  const std::string& file_;
};

// Parses TOML text; a syntax error names `name`, line and column.
[[nodiscard]] core::Result<toml::table> parse_toml(std::string_view text, const std::string& name);
// Reads a whole text file (io_error naming it).
[[nodiscard]] core::Result<std::string> read_config_text(const std::string& path);
// `path` relative to `base` (absolute paths, "" and ":memory:" unchanged).
[[nodiscard]] std::string resolve_path(const std::string& base, const std::string& path);

}  // namespace oncoshare::node
