// FHIR R4 ImagingStudy resources from the de-identified instances of one run: instances
// grouped by patient, study and series, in a fixed order so the output is reproducible.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "dicom/instance_record.hpp"

namespace oncoshare::dicom {

// The DICOM Controlled Terminology (modality codes).
inline constexpr std::string_view kDicomTerminology = "http://dicom.nema.org/resources/ontology/DCM";
// The identifier system of a study instance UID, and the Coding system of an SOP class.
inline constexpr std::string_view kDicomUidSystem = "urn:dicom:uid";
inline constexpr std::string_view kUriSystem = "urn:ietf:rfc:3986";

struct ImagingInstance {
  std::string uid;  // SOP instance UID
  std::string sop_class_uid;
  std::optional<int> number;
};

struct ImagingSeries {
  std::string uid;
  std::string modality;  // empty: written as data absent (unknown)
  std::optional<int> number;
  std::vector<ImagingInstance> instances;  // by number (numbered first), then UID
};

struct ImagingStudy {
  std::string id;       // resource id: UUIDv5 of "<pseudonym>/ImagingStudy/<study uid>"
  std::string uid;      // study instance UID
  std::string started;  // FHIR date "YYYY-MM-DD" from the study date, or empty
  std::vector<ImagingSeries> series;  // by number (numbered first), then UID
  [[nodiscard]] std::size_t instances() const;
};

struct PatientImaging {
  std::string pseudonym;
  std::string patient_id;  // id of the patient's Patient resource in `oncoshare fhir` output
  std::vector<ImagingStudy> studies;  // by study UID
};

// Groups `records` by patient (by pseudonym), study and series. An instance given twice
// alike counts once. A series takes the modality and number of its first instance that has
// one, a study the date of its first instance that has a valid one (DICOM DA "YYYYMMDD",
// years 0001-9999; the time of day is not written: a FHIR dateTime with a time needs a time
// zone, which the study time does not carry). Errors (bad_input, naming no UID or
// pseudonym): a record without pseudonym, study, series, SOP class or SOP instance UID; a
// study UID under two patients; a series UID under two studies; an SOP instance UID given
// twice with a different series or class.
[[nodiscard]] core::Result<std::vector<PatientImaging>> group_instances(std::span<const InstanceRecord> records);

// How ImagingStudy.subject names the Patient.
enum class SubjectReference {
  bundle_entry,  // "urn:uuid:<patient id>": the Patient's fullUrl in the same bundle
  server,        // "Patient/<patient id>": the Patient already on the server
};

// The compact JSON of one ImagingStudy resource (status available).
[[nodiscard]] std::string imaging_study_json(const ImagingStudy& study, std::string_view patient_id,
                                             SubjectReference subject);

}  // namespace oncoshare::dicom
