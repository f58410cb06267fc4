#include "omop/cdm_row_check.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

#include "core/civil_date.hpp"
#include "core/csv_reader.hpp"

namespace oncoshare::omop {

namespace {

bool is_integer(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

bool is_number(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

bool is_datetime(std::string_view text) {
  const auto when = core::parse_iso_datetime(text);
  return when && when->has_seconds && text[10] == ' ';
}

std::size_t utf8_characters(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u ? 1 : 0;
  return count;
}

// What is wrong with `value` for `field`, or "" when it fits.
std::string value_problem(const CdmField& field, std::string_view value) {
  switch (field.type) {
    case CdmType::integer:
    case CdmType::bigint:
      if (!is_integer(value)) return "is not an integer";
      if (field.type == CdmType::integer) {
        std::int64_t number = 0;
        std::from_chars(value.data(), value.data() + value.size(), number);
        if (number < INT32_MIN || number > INT32_MAX)
          return "is out of the range of a 32-bit integer";
      }
      return "";
    case CdmType::floating:
      return is_number(value) ? "" : "is not a decimal number";
    case CdmType::date:
      return core::parse_iso_date(value) ? "" : "is not a date YYYY-MM-DD";
    case CdmType::datetime:
      return is_datetime(value) ? "" : "is not a datetime YYYY-MM-DD HH:MM:SS";
    case CdmType::varchar:
      if (core::find_invalid_utf8(value) != std::string_view::npos) return "is not valid UTF-8";
      if (value.find('\0') != std::string_view::npos) return "holds a NUL character";
      if (field.length != 0 && utf8_characters(value) > field.length) {
        return fmt::format("is longer than {} characters", field.length);
      }
      return "";
  }
  return "";
}

}  // namespace

core::Status check_cdm_row(const CdmTable& table, std::span<const Cell> row) {
  if (row.size() != table.fields.size()) {
    return core::fail(core::Error{core::ErrorCode::internal,
                                  fmt::format("a row of {} has {} values for {} fields", table.name,
                                              row.size(), table.fields.size()),
                                  {}});
  }
  for (std::size_t i = 0; i < row.size(); ++i) {
    const CdmField& field = table.fields[i];
    if (!row[i]) {
      if (field.required) {
        return core::fail(core::bad_input(
            fmt::format("{}.{} is required but the row has no value", table.name, field.name)));
      }
      continue;
    }
    const std::string problem = value_problem(field, *row[i]);
    if (!problem.empty()) {
      return core::fail(
          core::bad_input(fmt::format("{}.{}: the value {}", table.name, field.name, problem)));
    }
  }
  return {};
}

}  // namespace oncoshare::omop
