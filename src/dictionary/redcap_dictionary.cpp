#include "dictionary/redcap_dictionary.hpp"

#include <fmt/format.h>

#include <optional>

#include "core/csv_reader.hpp"
#include "dictionary/choices.hpp"
#include "dictionary/validation.hpp"

namespace oncoshare::dictionary {

namespace {

enum Col : std::size_t {
  kName, kForm, kSection, kType, kLabel, kChoices, kNote, kValidation, kMin, kMax,
  kIdentifier, kBranching, kRequired, kAlignment, kQuestion, kMatrixGroup, kMatrixRanking,
  kAnnotation
};

constexpr std::array<RedcapColumn, kRedcapColumnCount> kColumns{{
    {"Variable / Field Name", "field_name"},
    {"Form Name", "form_name"},
    {"Section Header", "section_header"},
    {"Field Type", "field_type"},
    {"Field Label", "field_label"},
    {"Choices, Calculations, OR Slider Labels", "select_choices_or_calculations"},
    {"Field Note", "field_note"},
    {"Text Validation Type OR Show Slider Number", "text_validation_type_or_show_slider_number"},
    {"Text Validation Min", "text_validation_min"},
    {"Text Validation Max", "text_validation_max"},
    {"Identifier?", "identifier"},
    {"Branching Logic (Show field only if...)", "branching_logic"},
    {"Required Field?", "required_field"},
    {"Custom Alignment", "custom_alignment"},
    {"Question Number (surveys only)", "question_number"},
    {"Matrix Group Name", "matrix_group_name"},
    {"Matrix Ranking?", "matrix_ranking"},
    {"Field Annotation", "field_annotation"},
}};

constexpr std::string_view kAllowedTypes =
    "text, notes, dropdown, radio, checkbox, yesno, truefalse, calc, file, slider, "
    "descriptive, sql";

// Position of each standard column in the file.
using ColumnIndex = std::array<std::optional<std::size_t>, kRedcapColumnCount>;

core::Result<ColumnIndex> map_header(const std::vector<std::string>& header,
                                     const std::string& file, std::uint64_t line) {
  ColumnIndex index;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string& cell = header[i];
    std::optional<std::size_t> which;
    for (std::size_t c = 0; c < kColumns.size(); ++c) {
      if (cell == kColumns[c].ui || cell == kColumns[c].api) which = c;
    }
    core::Location where{file, line, 0, cell};
    if (!which) {
      return core::bad_input(
          fmt::format("unknown column '{}' in the dictionary header (expected REDCap's "
                      "columns, e.g. 'Variable / Field Name' or 'field_name')", cell),
          where);
    }
    if (index[*which]) {
      return core::bad_input(fmt::format("column '{}' appears twice in the header", cell),
                             where);
    }
    index[*which] = i;
  }
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    if (c != kAnnotation && !index[c]) {
      return core::bad_input(fmt::format("missing required column '{}' in the dictionary "
                                         "header", kColumns[c].ui),
                             core::Location{file, line, 0, std::string(kColumns[c].ui)});
    }
  }
  return index;
}

// Reads "y"/"" flags; anything else is an error rather than a silent "no".
core::Result<bool> parse_flag(std::string_view cell, Col column, const core::Location& where) {
  if (cell.empty()) return false;
  if (cell == "y") return true;
  return core::bad_input(fmt::format("'{}' must be 'y' or empty, not '{}'",
                                     kColumns[column].ui, cell),
                         where);
}

// Fills type-specific members from the choices cell.
core::Status read_choices_cell(Variable& v, const std::string& cell, const core::Location& where) {
  switch (v.type) {
    case FieldType::dropdown:
    case FieldType::radio:
    case FieldType::checkbox: {
      auto choices = parse_choices(cell);
      if (!choices) {
        return core::bad_input(fmt::format("bad choices: {}", choices.error().message), where);
      }
      v.choices = std::move(*choices);
      return {};
    }
    case FieldType::yesno:
    case FieldType::truefalse:
      v.choices = implicit_choices(v.type);
      v.calculation = cell;  // REDCap ignores it; kept so that nothing is dropped
      return {};
    case FieldType::slider:
      v.slider_labels = parse_slider_labels(cell);
      return {};
    default:
      v.calculation = cell;
      return {};
  }
}

class RowReader {
 public:
  RowReader(const ColumnIndex& index, const std::vector<std::string>& fields)
      : index_(index), fields_(fields) {}
  const std::string& operator[](Col c) const {
    static const std::string kEmpty;
    return index_[c] ? fields_[*index_[c]] : kEmpty;
  }

 private:
  const ColumnIndex& index_;
  const std::vector<std::string>& fields_;
};

core::Result<Variable> read_variable(const RowReader& row, const std::string& file,
                                     std::uint64_t line) {
  Variable v;
  v.line = line;
  v.name = row[kName];
  if (v.name.empty()) {
    return core::bad_input("empty variable name",
                           core::Location{file, line, 0, std::string(kColumns[kName].ui)});
  }
  core::Location where{file, line, 0, v.name};
  if (!is_valid_variable_name(v.name)) {
    return core::bad_input(
        fmt::format("invalid variable name '{}': REDCap names start with a lowercase letter "
                    "and contain only lowercase letters, digits and '_'", v.name),
        where);
  }
  v.form = row[kForm];
  if (v.form.empty()) return core::bad_input("empty form name", where);
  auto type = parse_field_type(row[kType]);
  if (!type) {
    return core::bad_input(fmt::format("unknown field type '{}' (allowed: {})", row[kType],
                                       kAllowedTypes),
                           where);
  }
  v.type = *type;
  v.section_header = row[kSection];
  v.label = row[kLabel];
  v.field_note = row[kNote];
  ONCOSHARE_TRY(read_choices_cell(v, row[kChoices], where));
  v.validation = parse_validation(row[kValidation], v.type);
  v.validation.min = row[kMin];
  v.validation.max = row[kMax];
  auto identifier = parse_flag(row[kIdentifier], kIdentifier, where);
  if (!identifier) return identifier.error();
  v.identifier = *identifier;
  auto required = parse_flag(row[kRequired], kRequired, where);
  if (!required) return required.error();
  v.required = *required;
  auto ranking = parse_flag(row[kMatrixRanking], kMatrixRanking, where);
  if (!ranking) return ranking.error();
  v.matrix_ranking = *ranking;
  v.branching_logic = row[kBranching];
  v.custom_alignment = row[kAlignment];
  v.question_number = row[kQuestion];
  v.matrix_group = row[kMatrixGroup];
  v.annotation = row[kAnnotation];
  return v;
}

// A row of empty cells (",,,,,," left by a spreadsheet where a row's contents were deleted)
// describes no field; it is skipped wherever it is rather than refused (docs/dictionary.md).
bool all_cells_empty(const std::vector<std::string>& fields) {
  for (const std::string& cell : fields) {
    if (!cell.empty()) return false;
  }
  return true;
}

core::Result<Dictionary> read(core::CsvReader& reader) {
  const std::string file = reader.name();
  core::CsvRow row;
  switch (reader.next(row)) {
    case core::ReadStatus::error: return reader.error();
    case core::ReadStatus::end:
      return core::bad_input("empty file: expected a REDCap dictionary header",
                             core::Location{file});
    case core::ReadStatus::ok: break;
  }
  auto index = map_header(row.fields, file, row.line);
  if (!index) return index.error();
  Dictionary dictionary;
  dictionary.set_source(file);
  while (true) {
    core::ReadStatus status = reader.next(row);
    if (status == core::ReadStatus::end) break;
    if (status == core::ReadStatus::error) return reader.error();
    if (all_cells_empty(row.fields)) continue;
    auto variable = read_variable(RowReader(*index, row.fields), file, row.line);
    if (!variable) return variable.error();
    if (const Variable* first = dictionary.find(variable->name)) {
      return core::bad_input(fmt::format("duplicate variable name (first defined on line {})",
                                         first->line),
                             core::Location{file, row.line, 0, variable->name});
    }
    dictionary.add(std::move(*variable));
  }
  return dictionary;
}

}  // namespace

const std::array<RedcapColumn, kRedcapColumnCount>& redcap_columns() { return kColumns; }

bool is_valid_variable_name(std::string_view name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

core::Result<Dictionary> read_redcap_dictionary(const std::string& path) {
  auto reader = core::CsvReader::open(path);
  if (!reader) return reader.error();
  return read(*reader);
}

core::Result<Dictionary> read_redcap_dictionary_text(std::string text, std::string name) {
  core::CsvReader reader = core::CsvReader::from_string(std::move(text), std::move(name));
  return read(reader);
}

}  // namespace oncoshare::dictionary
