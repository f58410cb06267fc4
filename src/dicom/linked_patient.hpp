// The pseudonymous identity a DICOM file's patient takes: the same keyed pseudonym and date
// shift as that patient's clinical record in `oncoshare fhir` and `oncoshare omop`.
#pragma once

#include <cstdint>
#include <string>

namespace oncoshare::dicom {

struct LinkedPatient {
  std::string pseudonym;        // PatientID and PatientName of the output
  std::int32_t shift_days = 0;  // added to every date kept under the modified-dates option
};

}  // namespace oncoshare::dicom
