// What one de-identified DICOM instance contributes to the FHIR ImagingStudy of its study.
// Every value is already de-identified (new UIDs, shifted dates, the pseudonym).
#pragma once

#include <optional>
#include <string>

namespace oncoshare::dicom {

struct InstanceRecord {
  std::string patient_pseudonym;        // PatientID of the output
  std::string study_uid;                // new UIDs (2.25...)
  std::string series_uid;
  std::string sop_class_uid;            // kept: it names a standard class
  std::string sop_instance_uid;
  std::string modality;                 // (0008,0060), may be empty
  std::string study_date;               // (0008,0020) as written, DICOM DA "YYYYMMDD" or empty
  std::string study_time;               // (0008,0030) as written, DICOM TM or empty
  std::optional<int> series_number;     // (0020,0011)
  std::optional<int> instance_number;   // (0020,0013)
  std::optional<int> number_of_frames;  // (0028,0008)
};

}  // namespace oncoshare::dicom
