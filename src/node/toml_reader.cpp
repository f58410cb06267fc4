#include "node/toml_reader.hpp"

#include <fmt/format.h>

#include <cmath>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace oncoshare::node {

core::Status TableReader::check_keys(std::initializer_list<std::string_view> known) const {
  std::set<std::string_view> allowed(known);
  for (const auto& [key, node] : table_) {
    if (!allowed.contains(key.str())) return error(node, std::string(key.str()), "unknown key");
  }
  return {};
}

core::Status TableReader::string(std::string_view key, std::string& out, bool required) const {
  const toml::node* node = table_.get(key);
  if (node == nullptr) return required ? missing(key) : core::Status{};
  auto value = node->value<std::string>();
  if (!node->is_string() || !value) return error(*node, std::string(key), "expected a string");
  out = *value;
  return {};
}

core::Status TableReader::integer(std::string_view key, std::int64_t& out, std::int64_t min, std::int64_t max) const {
  const toml::node* node = table_.get(key);
  if (node == nullptr) return {};
  if (!node->is_integer()) return error(*node, std::string(key), "expected an integer");
  std::int64_t value = *node->value<std::int64_t>();
  if (value < min || value > max) {
    return error(*node, std::string(key), fmt::format("{} is outside {}..{}", value, min, max));
  }
  out = value;
  return {};
}

core::Status TableReader::boolean(std::string_view key, bool& out) const {
  const toml::node* node = table_.get(key);
  if (node == nullptr) return {};
  if (!node->is_boolean()) return error(*node, std::string(key), "expected true or false");
  out = *node->value<bool>();
  return {};
}

core::Status TableReader::any_number(std::string_view key, std::optional<double>& out) const {
  const toml::node* node = table_.get(key);
  if (node == nullptr) return {};
  if (!node->is_number()) return error(*node, std::string(key), "expected a number");
  out = *node->value<double>();
  return {};
}

core::Status TableReader::number(std::string_view key, std::optional<double>& out) const {
  std::optional<double> value;
  ONCOSHARE_TRY(any_number(key, value));
  if (value && !std::isfinite(*value)) return error(*table_.get(key), std::string(key), "expected a finite number");
  if (value) out = value;
  return {};
}

core::Status TableReader::number(std::string_view key, std::optional<double>& out, const core::Bounds& bounds) const {
  std::optional<double> value;
  ONCOSHARE_TRY(any_number(key, value));
  if (!value) return {};
  if (auto problem = core::range_problem(*value, bounds)) return error(*table_.get(key), std::string(key), *problem);
  out = value;
  return {};
}

core::Status TableReader::positive(std::string_view key, double& out) const {
  std::optional<double> value;
  ONCOSHARE_TRY(any_number(key, value));
  if (!value) return {};
  if (!std::isfinite(*value) || *value <= 0) return error(*table_.get(key), std::string(key), "expected a finite number > 0");
  out = *value;
  return {};
}

core::Status TableReader::epsilon(std::string_view key, MicroEpsilon& out) const {
  std::string text;
  ONCOSHARE_TRY(string(key, text));
  if (text.empty()) return {};
  auto parsed = parse_epsilon(text);
  if (!parsed) return error(*table_.get(key), std::string(key), parsed.error().message);
  out = *parsed;
  return {};
}

core::Status TableReader::strings(std::string_view key, std::vector<std::string>& out) const {
  const toml::node* node = table_.get(key);
  if (node == nullptr) return {};
  const toml::array* array = node->as_array();
  if (array == nullptr) return error(*node, std::string(key), "expected an array of strings");
  out.clear();
  for (const toml::node& item : *array) {
    if (!item.is_string()) return error(item, std::string(key), "expected an array of strings");
    out.push_back(*item.value<std::string>());
  }
  return {};
}

core::Status TableReader::numbers(std::string_view key, std::vector<double>& out) const {
  const toml::node* node = table_.get(key);
  if (node == nullptr) return {};
  const toml::array* array = node->as_array();
  if (array == nullptr) return error(*node, std::string(key), "expected an array of numbers");
  out.clear();
  for (const toml::node& item : *array) {
    if (!item.is_number()) return error(item, std::string(key), "expected an array of numbers");
    const double value = *item.value<double>();
    if (!std::isfinite(value)) return error(item, std::string(key), "expected an array of finite numbers");
    out.push_back(value);
  }
  return {};
}

core::Status TableReader::host_port(std::string_view key, std::string& host, int& port) const {
  std::string text;
  ONCOSHARE_TRY(string(key, text));
  if (text.empty()) return {};
  auto colon = text.rfind(':');
  int parsed = -1;
  if (colon != std::string::npos) {
    try {
      std::size_t used = 0;
      parsed = std::stoi(text.substr(colon + 1), &used);
      if (used != text.size() - colon - 1) parsed = -1;
    } catch (const std::exception&) {
      parsed = -1;
    }
  }
  if (colon == std::string::npos || colon == 0 || parsed < 0 || parsed > 65535) {
    return error(*table_.get(key), std::string(key), fmt::format("'{}' is not HOST:PORT", text));
  }
  host = text.substr(0, colon);
  port = parsed;
  return {};
}

core::Error TableReader::error(const toml::node& node, const std::string& key, const std::string& what) const {
  const auto& source = node.source();
  return core::bad_input(fmt::format("{}{}: {}", prefix_, key, what),
                         {file_, source.begin.line, source.begin.column, prefix_ + key});
}

core::Error TableReader::missing(std::string_view key) const {
  const auto& source = table_.source();
  return core::bad_input(fmt::format("{}{}: required key is missing", prefix_, key),
                         {file_, source.begin.line, source.begin.column, prefix_ + std::string(key)});
}

core::Result<toml::table> parse_toml(std::string_view text, const std::string& name) {
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    return core::fail(core::bad_input(std::string(e.description()),
                                      {name, e.source().begin.line, e.source().begin.column}));
  }
}

core::Result<std::string> read_config_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::fail(core::io_error("cannot read configuration", {path}));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string resolve_path(const std::string& base, const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty() || path == ":memory:" || fs::path(path).is_absolute()) return path;
  return (fs::path(base) / path).lexically_normal().string();
}

}  // namespace oncoshare::node
