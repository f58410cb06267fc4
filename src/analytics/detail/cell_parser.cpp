#include "analytics/detail/cell_parser.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "core/civil_date.hpp"
#include "dictionary/choices.hpp"

namespace oncoshare::analytics::detail {
namespace {

using dictionary::FieldType;
using dictionary::ValidationKind;

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

bool is_date(ValidationKind kind) {
  return kind >= ValidationKind::date_ymd && kind <= ValidationKind::datetime_seconds_dmy;
}

bool is_number(ValidationKind kind) {
  return kind == ValidationKind::integer || kind == ValidationKind::number ||
         kind == ValidationKind::number_comma_decimal;
}

ValueType type_of(const dictionary::Variable& variable) {
  switch (variable.type) {
    case FieldType::dropdown:
    case FieldType::radio:
    case FieldType::yesno:
    case FieldType::truefalse:
    case FieldType::checkbox: return ValueType::categorical;
    case FieldType::calc:
    case FieldType::slider: return ValueType::numeric;
    case FieldType::text:
      if (is_date(variable.validation.kind)) return ValueType::date;
      if (is_number(variable.validation.kind)) return ValueType::numeric;
      return ValueType::text;
    default: return ValueType::text;
  }
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
  if (text.empty() || text.front() == '+') return std::nullopt;
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::general);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

StudyColumn column_for(const dictionary::Variable& variable, std::string_view name,
                       const dictionary::Choice* checkbox_choice) {
  StudyColumn column;
  column.name = std::string(name);
  column.label = variable.label;
  column.type = type_of(variable);
  column.field_type = variable.type;
  if (checkbox_choice != nullptr) {
    column.label = fmt::format("{}: {}", variable.label, checkbox_choice->label);
    column.choices = {{"0", "Unchecked", {}}, {"1", "Checked", {}}};
  } else if (column.type == ValueType::categorical) {
    column.choices = variable.choices.empty() ? dictionary::implicit_choices(variable.type)
                                              : variable.choices;
  }
  return column;
}

void append_missing(StudyColumn& column) {
  switch (column.type) {
    case ValueType::categorical: column.levels.push_back(-1); break;
    case ValueType::numeric:
    case ValueType::date: column.numbers.push_back(kMissing); break;
    case ValueType::text: column.texts.emplace_back(); break;
  }
}

void store(StudyColumn& column, std::size_t row, std::string_view raw, const core::Location& where,
           std::vector<core::Error>& problems) {
  auto problem = [&](std::string_view what) {
    core::Location at = where;
    at.field = column.name;
    problems.push_back(core::bad_input(fmt::format("{}: '{}'", what, raw), std::move(at)));
  };
  switch (column.type) {
    case ValueType::categorical: {
      std::int32_t level = column.level_of(raw);
      if (level < 0) return problem("not a choice code of the dictionary");
      column.levels[row] = level;
      return;
    }
    case ValueType::numeric: {
      std::string text(raw);
      // number_comma_decimal exports "3,5"; a comma is never a thousands separator here.
      for (char& c : text) c = c == ',' ? '.' : c;
      auto number = parse_number(text);
      if (!number) return problem("not a number");
      column.numbers[row] = *number;
      return;
    }
    case ValueType::date: {
      auto when = core::parse_iso_datetime(raw);
      if (!when) return problem("not a YYYY-MM-DD date");
      column.numbers[row] = static_cast<double>(when->days) +
                            static_cast<double>(when->seconds) / core::kSecondsPerDay;
      return;
    }
    case ValueType::text: column.texts[row] = std::string(raw); return;
  }
}

}  // namespace oncoshare::analytics::detail
