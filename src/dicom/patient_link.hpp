// Which clinical record a DICOM file's patient is, and the pseudonymous identity that gives
// it: the link file (`--link LINK.csv`) and the PatientLinker.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/result.hpp"
#include "dicom/linked_patient.hpp"
#include "fhir/patient_identity.hpp"
#include "privacy/dates.hpp"

namespace oncoshare::dicom {

// The link file's header, its only accepted one.
inline constexpr std::string_view kLinkHeader = "dicom_patient_id,record_id";

// The rows of a link file: DICOM PatientID -> REDCap record id.
struct LinkTable {
  std::string file;  // named in errors
  std::unordered_map<std::string, std::string> records;
};

// Reads a link file: the header `dicom_patient_id,record_id`, then one row per DICOM
// PatientID. PatientIDs lose leading and trailing spaces (DICOM padding); record ids are
// taken as written. A PatientID listed twice with the same record is one row.
// Errors (bad_input, file:line:column and the column's name, never a cell's value): the
// CSV reader's own (unreadable, malformed, ragged rows, invalid UTF-8); an empty file; any
// other header; an empty cell; a PatientID listed again with a different record. The
// column of a record_id cell is counted as if the PatientID before it were not quoted.
[[nodiscard]] core::Result<LinkTable> read_link_file(const std::string& path);
// The same from text in memory; `name` stands for the file in errors.
[[nodiscard]] core::Result<LinkTable> parse_link_file(std::string text, std::string name);

// Gives a DICOM file's patient the pseudonym and date shift its clinical record has in
// `oncoshare fhir` and `oncoshare omop` run with the same keys and date options.
// Thread-safe for concurrent resolve() calls. The keys must outlive the linker.
class PatientLinker {
 public:
  // `table`: the link file, or nullopt when the PatientIDs are the record ids themselves.
  // Errors (bad_input): no site key; a date mode other than keep or shift (DICOM dates
  // must stay calendar dates, which interval recoding does not give).
  [[nodiscard]] static core::Result<PatientLinker> create(std::optional<LinkTable> table, fhir::PseudonymKeys keys,
                                                          privacy::DatePolicy dates);

  // The identity of the patient with this DICOM PatientID (leading and trailing spaces
  // ignored): the pseudonym `oncoshare fhir` gives its record (fhir::make_pseudonym) and,
  // under --dates shift, the shift it applies to that patient's dates (0 under keep).
  // Errors (bad_input, never naming the id): an empty PatientID; a PatientID the link
  // file does not list.
  [[nodiscard]] core::Result<LinkedPatient> resolve(std::string_view dicom_patient_id) const;

  // How many PatientIDs the link file lists (0 without one).
  [[nodiscard]] std::size_t linked_ids() const { return table_ ? table_->records.size() : 0; }

 private:
  PatientLinker(std::optional<LinkTable> table, fhir::PseudonymKeys keys, privacy::DatePolicy dates)
      : table_(std::move(table)), keys_(keys), dates_(std::move(dates)) {}

  std::optional<LinkTable> table_;
  fhir::PseudonymKeys keys_;
  privacy::DatePolicy dates_;
};

}  // namespace oncoshare::dicom
