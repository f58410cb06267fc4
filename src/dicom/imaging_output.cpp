#include "dicom/imaging_output.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "core/atomic_output.hpp"
#include "core/json_text.hpp"
#include "fhir/output.hpp"

namespace oncoshare::dicom {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kResourceType = "ImagingStudy";

// The ImagingStudy entries of a patient for its clinical bundle, comma-separated.
std::string combined_entries(const PatientImaging& patient) {
  std::string entries;
  for (const ImagingStudy& study : patient.studies) {
    if (!entries.empty()) entries.push_back(',');
    fhir::append_bundle_entry(entries, kResourceType, study.id,
                              imaging_study_json(study, patient.patient_id, SubjectReference::bundle_entry));
  }
  return entries;
}

core::Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::io_error(fmt::format("cannot read {}", path));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return core::io_error(fmt::format("cannot read {}", path));
  return text;
}

core::Status write_text(const std::string& path, std::string_view text, ImagingSummary& summary) {
  ONCOSHARE_TRY(core::write_file_atomically(path, text));
  summary.bytes_written += text.size();
  return {};
}

core::Status check_folders(const std::string& out_dir, const std::string& fhir_bundle_dir) {
  std::error_code ec;
  if (!fs::is_directory(out_dir, ec)) return core::bad_input(fmt::format("{} is not a folder", out_dir));
  if (fhir_bundle_dir.empty()) return {};
  if (!fs::is_directory(fhir_bundle_dir, ec)) {
    return core::bad_input(fmt::format("{} is not a folder of FHIR bundles", fhir_bundle_dir));
  }
  // The output may be neither the FHIR folder nor inside it.
  const fs::path fhir = fs::canonical(fhir_bundle_dir, ec);
  for (fs::path dir = fs::canonical(out_dir, ec); !ec && !dir.empty(); dir = dir.parent_path()) {
    if (dir == fhir) {
      return core::bad_input(fmt::format("{} is in the FHIR bundle folder, which is read, never written: name "
                                         "another output folder",
                                         out_dir));
    }
    if (dir == dir.root_path()) break;
  }
  return {};
}

}  // namespace

core::Result<std::string> combine_bundle(std::string_view clinical, const PatientImaging& patient,
                                         const std::string& file) {
  ONCOSHARE_TRY(core::check_json_depth(clinical, core::Location{file}));
  const nlohmann::ordered_json bundle = nlohmann::ordered_json::parse(clinical, nullptr, false);
  const auto refuse = [&file](std::string_view why) {
    return core::bad_input(fmt::format("not a bundle of `oncoshare fhir`: {}", why), core::Location{file});
  };
  if (bundle.is_discarded() || !bundle.is_object()) return refuse("no JSON object");
  if (bundle.value("resourceType", "") != "Bundle" || bundle.value("type", "") != "transaction") {
    return refuse("no transaction Bundle");
  }
  const auto last = std::prev(bundle.end());  // not empty: it has resourceType
  if (last.key() != "entry" || !last->is_array()) {
    return refuse("its last member is not the \"entry\" array");
  }
  // The last member is the entry array: its ']' is the last bracket before the object's '}'.
  const std::size_t close_object = clinical.find_last_of('}');
  const std::size_t close_entries = clinical.find_last_of(']', close_object);
  std::string combined(clinical.substr(0, close_entries));
  if (!last->empty()) combined.push_back(',');
  combined.append(combined_entries(patient));
  combined.append(clinical.substr(close_entries));
  return combined;
}

core::Result<ImagingSummary> write_imaging_bundles(std::span<const InstanceRecord> records, const std::string& out_dir,
                                                   const std::string& fhir_bundle_dir) {
  ONCOSHARE_TRY(check_folders(out_dir, fhir_bundle_dir));
  core::Result<std::vector<PatientImaging>> patients = group_instances(records);
  if (!patients) return patients.error();
  const fs::path imaging_dir = fs::path(out_dir) / kImagingFolder;
  const fs::path combined_dir = fs::path(out_dir) / kCombinedFolder;
  std::error_code ec;
  fs::create_directories(imaging_dir, ec);
  if (ec) return core::io_error(fmt::format("cannot create {}: {}", imaging_dir.string(), ec.message()));
  if (!fhir_bundle_dir.empty()) {
    fs::create_directories(combined_dir, ec);
    if (ec) return core::io_error(fmt::format("cannot create {}: {}", combined_dir.string(), ec.message()));
  }

  ImagingSummary summary;
  fhir::BundleSink imaging_bundles(imaging_dir.string());
  for (const PatientImaging& patient : *patients) {
    ++summary.patients;
    summary.studies += patient.studies.size();
    for (const ImagingStudy& study : patient.studies) {
      summary.series += study.series.size();
      summary.instances += study.instances();
    }
    ONCOSHARE_TRY(imaging_bundles.begin_patient(patient.patient_id));
    for (const ImagingStudy& study : patient.studies) {
      ONCOSHARE_TRY(imaging_bundles.resource(
          kResourceType, study.id, imaging_study_json(study, patient.patient_id, SubjectReference::server)));
    }
    ONCOSHARE_TRY(imaging_bundles.end_patient());
    ++summary.imaging_bundles;
    const std::string name = patient.patient_id + ".json";
    if (fhir_bundle_dir.empty()) continue;
    const std::string clinical_path = (fs::path(fhir_bundle_dir) / name).string();
    if (!fs::exists(clinical_path, ec)) {
      summary.without_clinical_bundle.push_back(patient.pseudonym);
      continue;
    }
    core::Result<std::string> clinical = read_text(clinical_path);
    if (!clinical) return clinical.error();
    core::Result<std::string> combined = combine_bundle(*clinical, patient, clinical_path);
    if (!combined) return combined.error();
    ONCOSHARE_TRY(write_text((combined_dir / name).string(), *combined, summary));
    ++summary.combined_bundles;
  }
  summary.bytes_written += imaging_bundles.bytes_written();
  return summary;
}

}  // namespace oncoshare::dicom
