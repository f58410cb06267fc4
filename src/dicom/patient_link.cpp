#include "dicom/patient_link.hpp"

#include <fmt/format.h>

#include "core/csv_reader.hpp"

namespace oncoshare::dicom {

namespace {

constexpr std::string_view kPatientColumn = "dicom_patient_id";
constexpr std::string_view kRecordColumn = "record_id";

// DICOM pads values with spaces, which carry no meaning in a PatientID (LO).
std::string_view trim_spaces(std::string_view text) {
  const std::size_t first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

core::Result<LinkTable> read_table(core::CsvReader reader) {
  LinkTable table;
  table.file = reader.name();
  core::CsvRow row;
  core::ReadStatus status = reader.next(row);
  if (status == core::ReadStatus::error) return reader.error();
  if (status == core::ReadStatus::end) {
    return core::bad_input(fmt::format("the link file is empty: expected the header '{}'", kLinkHeader),
                           core::Location{table.file});
  }
  if (row.fields.size() != 2 || row.fields[0] != kPatientColumn || row.fields[1] != kRecordColumn) {
    return core::bad_input(fmt::format("the header must be '{}'", kLinkHeader), core::Location{table.file, row.line, 1});
  }
  std::unordered_map<std::string, std::uint64_t> first_line;  // PatientID -> line listing it
  while ((status = reader.next(row)) == core::ReadStatus::ok) {
    const std::string_view patient = trim_spaces(row.fields[0]);
    const std::string& record = row.fields[1];
    if (patient.empty()) {
      return core::bad_input("empty cell: every row needs a DICOM PatientID",
                             core::Location{table.file, row.line, 1, std::string(kPatientColumn)});
    }
    if (record.empty()) {
      return core::bad_input("empty cell: every row needs a record id",
                             core::Location{table.file, row.line, row.fields[0].size() + 2, std::string(kRecordColumn)});
    }
    const auto [it, added] = table.records.try_emplace(std::string(patient), record);
    if (added) {
      first_line.emplace(it->first, row.line);
    } else if (it->second != record) {
      return core::bad_input(fmt::format("this PatientID is linked to a different record on line {}",
                                         first_line.at(it->first)),
                             core::Location{table.file, row.line, 1, std::string(kPatientColumn)});
    }
  }
  if (status == core::ReadStatus::error) return reader.error();
  return table;
}

}  // namespace

core::Result<LinkTable> read_link_file(const std::string& path) {
  core::Result<core::CsvReader> reader = core::CsvReader::open(path);
  if (!reader) return reader.error();
  return read_table(std::move(*reader));
}

core::Result<LinkTable> parse_link_file(std::string text, std::string name) {
  return read_table(core::CsvReader::from_string(std::move(text), std::move(name)));
}

core::Result<PatientLinker> PatientLinker::create(std::optional<LinkTable> table, fhir::PseudonymKeys keys,
                                                  privacy::DatePolicy dates) {
  if (keys.site == nullptr) return core::bad_input("linking DICOM patients needs the site key (--key-file)");
  if (dates.mode == privacy::DateMode::interval) {
    return core::bad_input(
        "--dates interval cannot be used for DICOM: its dates must stay calendar dates, which day counts from a "
        "reference are not; use --dates shift or keep");
  }
  return PatientLinker(std::move(table), keys, std::move(dates));
}

core::Result<LinkedPatient> PatientLinker::resolve(std::string_view dicom_patient_id) const {
  const std::string_view patient = trim_spaces(dicom_patient_id);
  if (patient.empty()) return core::bad_input("the DICOM PatientID is empty: the patient cannot be linked");
  std::string_view record = patient;
  if (table_) {
    const auto it = table_->records.find(std::string(patient));
    if (it == table_->records.end()) return core::bad_input("patient not in the link file", core::Location{table_->file});
    record = it->second;
  }
  LinkedPatient linked;
  linked.pseudonym = fhir::make_pseudonym(keys_, record);
  // The very shift `oncoshare fhir` gives the patient (fhir/converter.cpp).
  linked.shift_days = privacy::patient_date_context(dates_, *keys_.site, linked.pseudonym).shift_days;
  return linked;
}

}  // namespace oncoshare::dicom
