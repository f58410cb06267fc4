// The study dataset view: one row per patient (REDCap record) with typed columns taken
// from the dictionary, plus derived variables (survival time, event, first treatment).
// Everything the analytics computes reads this table; it never leaves the site.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "dictionary/variable.hpp"

namespace oncoshare::analytics {

enum class ValueType {
  categorical,  // choice codes (dropdown, radio, yesno, truefalse, checkbox choice)
  numeric,      // integer/number validations, calc, slider
  date,         // date/datetime validations: days since 1970-01-01 (time as a fraction)
  text,         // anything else: kept verbatim
};

[[nodiscard]] std::string_view to_string(ValueType type);

// One column. Exactly one of levels / numbers / texts is filled (rows() entries):
// categorical -> levels (index into `choices`, -1 missing); numeric, date -> numbers
// (NaN missing); text -> texts (empty missing).
struct StudyColumn {
  std::string name;
  std::string label;
  ValueType type = ValueType::text;
  std::vector<dictionary::Choice> choices;  // categorical: levels in dictionary order
  bool derived = false;                     // computed by a Derivation, not read
  std::vector<std::int32_t> levels;
  std::vector<double> numbers;
  std::vector<std::string> texts;
  // The dictionary field it was read from (a checkbox column: checkbox); none if derived.
  // Models use it to code yesno/truefalse as 0/1 numbers, as R does.
  std::optional<dictionary::FieldType> field_type;

  [[nodiscard]] bool is_missing(std::size_t row) const;
  // The choice index of `code`, or -1.
  [[nodiscard]] std::int32_t level_of(std::string_view code) const;
};

// The per-patient table. Rows are in order of first appearance of each record id.
struct StudyTable {
  std::vector<std::string> record_ids;
  std::vector<std::string> sites;  // data access group of each row ("" if none)
  std::vector<StudyColumn> columns;
  // Cells that could not be typed or derived (bad number, unknown code, death before
  // diagnosis, ...): each names file:line, the column and the raw value. Those cells are
  // missing in the table; analyses report how many rows they excluded.
  std::vector<core::Error> problems;

  [[nodiscard]] std::size_t rows() const { return record_ids.size(); }
  // The column called `name`, or nullptr.
  [[nodiscard]] const StudyColumn* find(std::string_view name) const;
  [[nodiscard]] StudyColumn* find(std::string_view name);
};

}  // namespace oncoshare::analytics
