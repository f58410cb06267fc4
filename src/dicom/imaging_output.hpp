// Writing a run's ImagingStudy resources: one transaction Bundle per patient, and, given an
// earlier `oncoshare fhir` bundle output, each patient's clinical bundle with the imaging
// appended so that one transaction holds both.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "dicom/imaging_study.hpp"
#include "dicom/instance_record.hpp"

namespace oncoshare::dicom {

// The folders write_imaging_bundles() fills inside its output folder.
inline constexpr std::string_view kImagingFolder = "imaging";
inline constexpr std::string_view kCombinedFolder = "combined";

struct ImagingSummary {
  std::uint64_t patients = 0;
  std::uint64_t studies = 0;
  std::uint64_t series = 0;
  std::uint64_t instances = 0;
  std::uint64_t imaging_bundles = 0;   // files in imaging/
  std::uint64_t combined_bundles = 0;  // files in combined/
  // Patients with images whose clinical bundle the given fhir folder does not hold (their
  // imaging bundle is written; no combined one), by pseudonym in order.
  std::vector<std::string> without_clinical_bundle;
  std::uint64_t bytes_written = 0;
};

// Groups `records` (group_instances) and writes, for each patient, <out_dir>/imaging/<patient
// id>.json: a transaction Bundle of the patient's ImagingStudy resources (fullUrl
// urn:uuid:<id>, request PUT ImagingStudy/<id>) whose subject is "Patient/<patient id>",
// the Patient that loading the patient's `oncoshare fhir` bundle put on the server. With
// `fhir_bundle_dir` (a bundle output of `oncoshare fhir`, read and never written), also
// <out_dir>/combined/<patient id>.json: the patient's clinical bundle, its text unchanged,
// with the ImagingStudy entries appended, their subject "urn:uuid:<patient id>", the
// Patient entry's fullUrl. <patient id> is the id of the patient's Patient resource, the
// name `oncoshare fhir` gives the patient's bundle. `out_dir` must exist; callers wanting
// all-or-nothing pass a core::AtomicDirectory's path. Errors: those of group_instances;
// `fhir_bundle_dir` not a folder, or `out_dir` in it (or it); a clinical bundle that
// cannot be read or is no transaction Bundle ending with its entries (bad_input naming the
// file); a file that cannot be written (io).
[[nodiscard]] core::Result<ImagingSummary> write_imaging_bundles(std::span<const InstanceRecord> records,
                                                                 const std::string& out_dir,
                                                                 const std::string& fhir_bundle_dir = {});

// `clinical` (the text of a transaction Bundle written by `oncoshare fhir`) with an entry
// per study of `patient` appended after its own, unchanged, entries. Errors (bad_input,
// naming `file`): text that is no JSON object, no transaction Bundle, or whose last member
// is not its "entry" array.
[[nodiscard]] core::Result<std::string> combine_bundle(std::string_view clinical, const PatientImaging& patient,
                                                       const std::string& file);

}  // namespace oncoshare::dicom
