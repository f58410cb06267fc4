// Converts one patient's export rows into FHIR resources (Patient, primary Condition,
// Observations, Procedures, MedicationAdministrations, ...), following a ConversionPlan.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "dictionary/dictionary.hpp"
#include "fhir/plan.hpp"
#include "ingest/record.hpp"
#include "privacy/dates.hpp"

namespace oncoshare::fhir {

struct ConvertSettings {
  privacy::DatePolicy dates;  // interval dates are written as 1970-01-01 + the interval
  std::string identifier_system = "urn:oncoshare:pseudonym";  // Patient.identifier.system
  bool urn_references = true;  // bundles: urn:uuid:<id>; NDJSON: <Type>/<id>
  // Date variables (indices into the dictionary) whose values a sink receives in
  // PatientFacts::dates, after the date policy, whether or not the plan maps them.
  std::vector<std::size_t> fact_dates;
};

inline constexpr std::size_t kKeptWarnings = 100;

struct ConversionStats {
  std::uint64_t patients = 0;
  std::uint64_t resources = 0;
  std::map<std::string, std::uint64_t, std::less<>> by_type;
  std::uint64_t absent_values = 0;        // dataAbsentReason written
  std::uint64_t identifier_values_withheld = 0;
  std::uint64_t warnings = 0;
  std::vector<core::Error> first_warnings;  // the first kKeptWarnings
  void warn(core::Error warning);
};

// What a sink may need of a patient beyond its resources.
struct PatientFacts {
  // The year of the birth date after the date policy, even when the birth date is an
  // identifier the Patient resource withholds (OMOP's person row cannot do without it).
  std::optional<std::int32_t> birth_year;
  // The values of ConvertSettings::fact_dates, row by row: (variable, YYYY-MM-DD).
  std::vector<std::pair<std::size_t, std::string>> dates;
  std::uint64_t unreadable_dates = 0;  // fact_dates values that are no date (left out)
};

// Receives each resource as it is built, one patient at a time.
class ResourceSink {
 public:
  virtual ~ResourceSink() = default;
  [[nodiscard]] virtual core::Status begin_patient(std::string_view patient_id) = 0;
  // Called after begin_patient(), before the patient's resources.
  [[nodiscard]] virtual core::Status patient_facts(const PatientFacts&) { return {}; }
  // `json` is the compact resource; valid only during the call.
  [[nodiscard]] virtual core::Status resource(std::string_view type, std::string_view id, std::string_view json) = 0;
  [[nodiscard]] virtual core::Status end_patient() = 0;
};

// Where each dictionary variable is in one export's layout.
class ExportColumns {
 public:
  ExportColumns(const ingest::Layout& layout, const dictionary::Dictionary& dict);
  // Column of a (non-checkbox) field, or -1.
  [[nodiscard]] std::int64_t value(std::size_t variable) const { return value_[variable]; }
  // Column of the variable's `<form>_complete`, or -1.
  [[nodiscard]] std::int64_t complete(std::size_t variable) const { return complete_[variable]; }
  // Checkbox columns of a variable: (column, choice index).
  [[nodiscard]] const std::vector<std::pair<std::int64_t, std::size_t>>& checkbox(std::size_t variable) const {
    return checkbox_[variable];
  }
  // Columns `<var>___<code>` of a checkbox variable whose code is none of its choices.
  [[nodiscard]] const std::vector<std::int64_t>& unknown_checkbox(std::size_t variable) const {
    return unknown_checkbox_[variable];
  }
  [[nodiscard]] const std::string& header(std::int64_t column) const { return layout_.columns[column].name; }
  [[nodiscard]] std::size_t size() const { return layout_.columns.size(); }

 private:
  const ingest::Layout& layout_;
  std::vector<std::int64_t> value_, complete_;
  std::vector<std::vector<std::pair<std::int64_t, std::size_t>>> checkbox_;
  std::vector<std::vector<std::int64_t>> unknown_checkbox_;
};

// The rows of one record (contiguous in its export).
struct PatientRows {
  std::string file;
  const ExportColumns* columns = nullptr;
  std::vector<ingest::Record> rows;
  std::size_t count = 0;  // rows[0..count) are this patient's; the rest are spare buffers
};

class PatientConverter {
 public:
  // `dict` and `plan` must outlive the converter.
  PatientConverter(const dictionary::Dictionary& dict, const ConversionPlan& plan, ConvertSettings settings);
  ~PatientConverter();
  PatientConverter(const PatientConverter&) = delete;
  PatientConverter& operator=(const PatientConverter&) = delete;

  // Builds the resources of one patient (pseudonym = the patient's pseudonymised id;
  // `shift_days` used in shift mode) and passes them to `sink`. Invalid dates and numbers,
  // and coded values (or checkbox columns) that are no choice of the dictionary, become
  // dataAbsentReason (error) with a warning in `stats`. Errors (file:line, field): a
  // dictionary choice with no code in the mapping; a sink failure.
  [[nodiscard]] core::Status convert(const PatientRows& patient, std::string_view pseudonym, std::int32_t shift_days,
                                     ResourceSink& sink, ConversionStats& stats);

  [[nodiscard]] const ConvertSettings& settings() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace oncoshare::fhir
