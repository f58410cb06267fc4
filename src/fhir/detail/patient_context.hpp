// Internal: what the builders of one patient's resources share.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_date.hpp"
#include "core/result.hpp"
#include "fhir/json_writer.hpp"
#include "fhir/patient_converter.hpp"

namespace oncoshare::fhir::detail {

// One variable's cell on a row that owns the variable's form ("" = blank).
struct Cell {
  const PlannedVariable* planned = nullptr;
  std::size_t row = 0;
  std::string_view value;
  bool present() const { return planned != nullptr; }
};

// Per row: the treatment attributes shared by its procedures and medications.
struct RowAttributes {
  Cell start, end, intent;
};

// A resource-producing cell with its id.
struct Item {
  Cell cell;
  std::string id;
};

// Whether a day falls in years 0001-9999, the four-digit years FHIR dates have.
[[nodiscard]] inline bool in_fhir_years(std::int64_t day) {
  return day >= core::days_from_civil(1, 1, 1) && day <= core::days_from_civil(9999, 12, 31);
}

struct PatientContext {
  const dictionary::Dictionary* dict = nullptr;
  const ConvertSettings* settings = nullptr;
  const PatientRows* patient = nullptr;
  ConversionStats* stats = nullptr;
  std::string_view pseudonym;
  privacy::PatientDateContext dates;
  std::string patient_id;
  std::string condition_id;  // empty when there is no primary condition
  std::array<Cell, 32> singles{};  // by Role: patient and condition attributes
  std::vector<RowAttributes> rows;
  std::vector<std::pair<const ObservationKind*, Cell>> effective;
  std::vector<Item> items;
  const Item* stage_group = nullptr;
  // (row, field) already warned about: a row's period or intent, and the stage group, are
  // written into several resources but are one cell of the export.
  mutable std::vector<std::pair<std::size_t, std::string_view>> warned;

  const dictionary::Variable& variable(const Cell& cell) const { return dict->variables()[cell.planned->variable]; }
  const Cell& single(Role role) const { return singles[static_cast<std::size_t>(role)]; }
  const ingest::Record& record(const Cell& cell) const { return patient->rows[cell.row]; }
  bool urn() const { return settings->urn_references; }

  // The coding of a choice value, or nullptr when the value is no choice of the dictionary
  // (a typo in one record): then it is warned about and the caller writes the element as
  // data absent (error). Errors (file:line, field): a dictionary choice without a code in
  // the mapping, as the mapping is incomplete.
  [[nodiscard]] core::Result<const dictionary::Choice*> choice(const Cell& cell) const;
  // A warning at the cell's position, once per cell however many resources share it.
  void warn(const Cell& cell, std::string message) const;
  // A warning at row `row` of the patient, column `field`, once per row and field.
  void warn(std::size_t row, std::string_view field, std::string message) const;
  // Writes `element` (a primitive) or `key` (a complex element) as data absent for `reason`
  // and counts it in the conversion's absent values.
  void absent_primitive(JsonWriter& w, std::string_view element, std::string_view reason) const;
  void absent_complex(JsonWriter& w, std::string_view key, std::string_view reason) const;
  // Writes a date element (or its data-absent-reason) per the date policy.
  void write_date(JsonWriter& w, std::string_view element, const Cell& cell) const;
  // Whether the cell's variable is an identifier: counts and reports it withheld.
  bool withheld(const Cell& cell) const;
};

// A coded element from a cell: the choice's coding, {"text"} for a field without choices,
// or a data-absent-reason (error) for a value that is no choice.
[[nodiscard]] core::Status write_coded_cell(const PatientContext& ctx, JsonWriter& w, std::string_view key,
                                            const Cell& cell);
// An extension {url: mCODE `profile`, valueCodeableConcept} from a cell (absent reason if blank).
[[nodiscard]] core::Status write_coded_extension(const PatientContext& ctx, JsonWriter& w, std::string_view profile,
                                                 const Cell& cell);

// Builders: each writes one resource into `out` (cleared first).
[[nodiscard]] core::Status build_patient(const PatientContext& ctx, std::string& out);
[[nodiscard]] core::Status build_condition(const PatientContext& ctx, std::string& out);
[[nodiscard]] core::Status build_item(const PatientContext& ctx, const Item& item, std::string& out,
                                      std::string_view& type);

}  // namespace oncoshare::fhir::detail
