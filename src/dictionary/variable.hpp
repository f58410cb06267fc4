// The data dictionary model: what a variable is, as REDCap exports it plus what the
// oncoshare mapping file adds (ontology codes, units, targets, requirement levels).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace oncoshare::dictionary {

enum class FieldType {
  text, notes, dropdown, radio, checkbox, yesno, truefalse, calc, file, slider, descriptive, sql
};

// REDCap "Text Validation Type OR Show Slider Number", parsed.
enum class ValidationKind {
  none,
  date_ymd, date_mdy, date_dmy,
  datetime_ymd, datetime_mdy, datetime_dmy,
  datetime_seconds_ymd, datetime_seconds_mdy, datetime_seconds_dmy,
  time_hh_mm, time_hh_mm_ss, time_mm_ss,
  integer, number,                 // number: `decimals` set for number_Ndp
  number_comma_decimal,            // `decimals` set for number_Ndp_comma_decimal
  alpha_only, email, phone, phone_australia, phone_france, phone_uk, zipcode,
  postalcode_australia, postalcode_canada, postalcode_french, postalcode_germany, postalcode_uk,
  ssn, mrn_10d, mrn_generic, vmrn,
  autocomplete,                    // dropdown searched as you type; values are its choices
  signature,                       // file field drawn as a signature
  slider_number,                   // slider "number" flag (show the value)
  other,                           // a project-defined type; `validation_name` holds it
};

// A coded concept from an ontology. `system` is a canonical URI (see docs/mapping.md).
struct Coding {
  std::string system;
  std::string code;
  std::string display;
  [[nodiscard]] bool empty() const { return code.empty(); }
  friend bool operator==(const Coding&, const Coding&) = default;
};

enum class Requirement { optional, minimal, mandatory, recommended };

struct Choice {
  std::string code;     // raw value stored in exports
  std::string label;
  Coding coding;        // from the mapping file, may be empty
  std::optional<std::int64_t> omop_concept_id;  // from the mapping file's omop_concept_id
  friend bool operator==(const Choice&, const Choice&) = default;
};

struct Validation {
  ValidationKind kind = ValidationKind::none;
  std::string name;               // as written in the dictionary, e.g. "number_2dp"
  std::optional<int> decimals;    // for number_Ndp and number_Ndp_comma_decimal
  std::string min;                // raw text; numbers, dates or "today"/"now"
  std::string max;
  friend bool operator==(const Validation&, const Validation&) = default;
};

// Extra knowledge from the mapping file, keyed by variable name.
struct Mapping {
  Coding coding;                   // what the variable itself means (ontology concept)
  std::string unit;                // UCUM unit code
  std::string fhir;                // FHIR resource/element or mCODE profile id
  std::string omop;                // OMOP table.column or concept target
  std::optional<std::int64_t> omop_concept_id;  // OMOP concept of the variable itself
  Requirement requirement = Requirement::optional;
  std::string mandatory_if;        // REDCap logic: mandatory only when it is true
  std::optional<std::uint32_t> max_length;  // characters, for the length check
  std::uint64_t line = 0;          // where the variable's row is in the mapping file
  friend bool operator==(const Mapping&, const Mapping&) = default;
};

struct Variable {
  std::string name;
  std::string form;
  std::string section_header;
  FieldType type = FieldType::text;
  std::string label;
  std::vector<Choice> choices;     // dropdown/radio/checkbox; yesno/truefalse get their implicit 1/0
  std::string calculation;         // calc fields (and sql text)
  std::vector<std::string> slider_labels;
  std::string field_note;
  Validation validation;
  bool identifier = false;
  std::string branching_logic;
  bool required = false;
  std::string custom_alignment;
  std::string question_number;
  std::string matrix_group;
  bool matrix_ranking = false;
  std::string annotation;
  std::uint64_t line = 0;          // physical line of the row in the dictionary file
  Mapping mapping;

  // The choice with raw code `code`, or nullptr.
  [[nodiscard]] const Choice* find_choice(std::string_view code) const;
  // Whether the field has an export column (descriptive fields have none).
  [[nodiscard]] bool exported() const { return type != FieldType::descriptive; }
  // Member-wise equality (used to test that a written dictionary reads back the same).
  friend bool operator==(const Variable&, const Variable&) = default;
};

// The raw export column of one checkbox choice: "<name>___<code>", code lower-cased.
[[nodiscard]] std::string checkbox_column(std::string_view name, std::string_view code);

[[nodiscard]] std::string_view to_string(FieldType type);
[[nodiscard]] std::optional<FieldType> parse_field_type(std::string_view text);
[[nodiscard]] std::string_view to_string(Requirement requirement);

}  // namespace oncoshare::dictionary
