#include "analytics/detail/derive.hpp"

#include <cmath>

#include <fmt/format.h>

#include "analytics/detail/cell_parser.hpp"
#include "core/civil_date.hpp"

namespace oncoshare::analytics::detail {
namespace {

core::Result<const StudyColumn*> source(const StudyTable& table, const std::string& name,
                                        ValueType type, const SurvivalDerivation& rule) {
  const StudyColumn* column = table.find(name);
  if (column == nullptr) {
    return core::bad_input(fmt::format("derivation '{}': the dictionary has no variable '{}'",
                                       rule.time_name, name));
  }
  if (column->type != type) {
    return core::bad_input(fmt::format("derivation '{}': variable '{}' is {}, not {}",
                                       rule.time_name, name, to_string(column->type),
                                       to_string(type)));
  }
  return column;
}

std::string date_text(double days) {
  return core::format_iso_date(static_cast<std::int64_t>(std::floor(days)));
}

}  // namespace

core::Status derive_survival(StudyTable& table, const SurvivalDerivation& rule,
                             const std::vector<core::Location>& where) {
  auto origin = source(table, rule.origin, ValueType::date, rule);
  if (!origin) return core::fail(origin.error());
  auto death = source(table, rule.death_date, ValueType::date, rule);
  if (!death) return core::fail(death.error());
  auto last = source(table, rule.last_contact, ValueType::date, rule);
  if (!last) return core::fail(last.error());
  auto vital = source(table, rule.vital_status, ValueType::categorical, rule);
  if (!vital) return core::fail(vital.error());
  const std::int32_t dead = (*vital)->level_of(rule.dead_code);
  if (dead < 0) {
    return core::bad_input(fmt::format("derivation '{}': '{}' is not a choice code of '{}'",
                                       rule.event_name, rule.dead_code, rule.vital_status));
  }

  StudyColumn time{rule.time_name, "Survival time (days)", ValueType::numeric, {}, true, {}, {}, {}};
  StudyColumn event{rule.event_name, "Event (death)", ValueType::categorical,
                    {{"0", "Censored", {}}, {"1", "Dead", {}}}, true, {}, {}, {}};
  const std::size_t rows = table.rows();
  time.numbers.assign(rows, std::nan(""));
  event.levels.assign(rows, -1);
  for (std::size_t row = 0; row < rows; ++row) {
    const std::int32_t status = (*vital)->levels[row];
    const double start = (*origin)->numbers[row];
    if (status < 0 || std::isnan(start)) continue;  // missing, not a problem
    const bool is_dead = status == dead;
    const StudyColumn* end_column = is_dead ? *death : *last;
    const double end = end_column->numbers[row];
    core::Location at = where[row];
    at.field = end_column->name;
    if (std::isnan(end)) {
      if (is_dead) {
        table.problems.push_back(core::bad_input(
            fmt::format("{} is '{}' (dead) but {} is blank", rule.vital_status, rule.dead_code,
                        rule.death_date), at));
      }
      continue;
    }
    if (end < start) {
      table.problems.push_back(core::bad_input(
          fmt::format("'{}' is before {} '{}': no {}", date_text(end), rule.origin,
                      date_text(start), rule.time_name), at));
      continue;
    }
    time.numbers[row] = end - start;
    event.levels[row] = is_dead ? 1 : 0;
  }
  table.columns.push_back(std::move(time));
  table.columns.push_back(std::move(event));
  return {};
}

void RepeatPick::offer(std::size_t row, std::uint32_t instance, std::string_view raw,
                       const core::Location& where) {
  if (instance >= instance_[row]) return;
  instance_[row] = instance;
  raw_[row] = std::string(raw);
  where_[row] = where;
}

StudyColumn RepeatPick::column(const dictionary::Variable& variable, std::string_view name,
                               std::vector<core::Error>& problems) const {
  StudyColumn column = column_for(variable, name, nullptr);
  column.derived = true;
  for (std::size_t row = 0; row < raw_.size(); ++row) {
    append_missing(column);
    if (!raw_[row].empty()) store(column, row, raw_[row], where_[row], problems);
  }
  return column;
}

}  // namespace oncoshare::analytics::detail
