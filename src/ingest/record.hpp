// The typed record model every later step uses: one row of a REDCap export, i.e. one
// record x event x repeat instance, with each cell tied to its dictionary variable.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace oncoshare::ingest {

// What an export column holds.
enum class ColumnKind {
  record_id,          // the dictionary's first field
  event,              // redcap_event_name
  repeat_instrument,  // redcap_repeat_instrument
  repeat_instance,    // redcap_repeat_instance
  data_access_group,  // redcap_data_access_group
  field,              // a dictionary variable (not checkbox)
  checkbox_choice,    // var___code
  form_complete,      // <form>_complete
  unknown,            // not in the dictionary: reported, kept verbatim
  survey_identifier,  // redcap_survey_identifier
  survey_timestamp,   // <form>_timestamp (survey completion time); `form` is set
};

// How the export file is laid out (see DOMAIN.md, "Records export").
enum class ExportFormat {
  flat,    // raw: one column per field, coded values
  labels,  // "csvlabels": field labels as headers, choice labels as values
  eav,     // record, [redcap_event_name, redcap_repeat_*], field_name, value
};

struct Column {
  std::string header;       // as in the file
  // The raw-export name: `var`, `var___code`, `form_complete`, `redcap_event_name`...;
  // the header itself for unknown columns. Same in flat, label and EAV layouts.
  std::string name;
  ColumnKind kind = ColumnKind::unknown;
  std::int64_t variable = -1;  // index into Dictionary::variables() (field, checkbox_choice)
  std::string choice_code;  // checkbox_choice: the choice's code as in the dictionary
  std::string form;         // form_complete, survey_timestamp, field, checkbox_choice: the form
};

// Column layout of one export, resolved against a dictionary.
struct Layout {
  std::vector<Column> columns;
  // -1 when the export has no such column.
  std::int64_t record_id = -1, event = -1, repeat_instrument = -1, repeat_instance = -1,
               data_access_group = -1;
  std::int64_t survey_identifier = -1;
  ExportFormat format = ExportFormat::flat;
  // Dictionary fields with no export column (other than descriptive ones), as raw column
  // names (`var`, or `var___code` per missing checkbox choice). Empty for EAV exports,
  // which only list non-empty values.
  std::vector<std::string> missing_variables;
  [[nodiscard]] std::vector<std::string> unknown_columns() const;
};

// One export row. `values[i]` is the raw (coded) text of `Layout::columns[i]`; label
// exports are converted to codes on reading, so later steps only ever see codes.
struct Record {
  std::string record_id;
  std::string event;              // empty for classic (non-longitudinal) projects
  std::string repeat_instrument;  // empty on the base row
  std::uint32_t repeat_instance = 0;  // 0 on the base row
  std::string data_access_group;
  std::uint64_t line = 0;         // physical line in the source file where the row starts
  std::vector<std::string> values;
};

}  // namespace oncoshare::ingest
