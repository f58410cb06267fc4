// Reading a REDCap data dictionary CSV ("Data Dictionary" download or API metadata export).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "dictionary/dictionary.hpp"

namespace oncoshare::dictionary {

// The 18 dictionary columns in REDCap's order, with both header spellings.
struct RedcapColumn {
  std::string_view ui;   // header of the UI download, e.g. "Variable / Field Name"
  std::string_view api;  // header of the API metadata export, e.g. "field_name"
};
inline constexpr std::size_t kRedcapColumnCount = 18;
[[nodiscard]] const std::array<RedcapColumn, kRedcapColumnCount>& redcap_columns();

// Reads the dictionary at `path`. Columns are matched by name (UI or API spelling, any
// order); all but "Field Annotation" are required. Every row becomes a Variable with its
// physical line; rows whose cells are all empty are skipped wherever they are (spreadsheets
// leave them). Choices are parsed for dropdown/radio/checkbox, yesno/truefalse get their
// implicit 1/0 choices, slider labels are split, calc and sql keep their text in
// `calculation`; other types keep a non-empty choices cell in `calculation` too, so nothing
// is dropped. Fails with file:line and the variable (or column) on: an unreadable, UTF-16 or
// malformed CSV, a missing/unknown/repeated header column, an empty, invalid (REDCap:
// lowercase letter, then lowercase letters, digits, '_') or repeated variable name, an
// empty form name, an unknown field type, a yes/no flag other than 'y' or empty, choices
// that do not parse or repeat a code.
[[nodiscard]] core::Result<Dictionary> read_redcap_dictionary(const std::string& path);

// As above, from text already in memory; `name` stands for the file in messages.
[[nodiscard]] core::Result<Dictionary> read_redcap_dictionary_text(std::string text,
                                                                   std::string name);

// Whether `name` is a valid REDCap variable name (see read_redcap_dictionary()).
[[nodiscard]] bool is_valid_variable_name(std::string_view name);

}  // namespace oncoshare::dictionary
