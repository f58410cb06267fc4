// One DICOM file de-identified under PS3.15's Basic Application Level Confidentiality Profile
// and the options chosen: attributes removed, emptied, replaced by dummies, cleaned or given
// keyed UIDs (profile.hpp), the patient named by their pseudonym, dates shifted with the
// patient's clinical record under the modified-dates option. Pixel data are copied unchanged.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "dicom/instance_record.hpp"
#include "dicom/linked_patient.hpp"
#include "dicom/profile.hpp"
#include "privacy/pseudonym.hpp"

namespace oncoshare::dicom {

struct DeidentifySettings {
  ProfileOptions options;
  bool allow_burned_in = false;  // write instances that may carry burned-in text too
};

enum class Outcome { written, burned_in };  // burned_in: not written, listed for review

struct DeidentifiedFile {
  Outcome outcome = Outcome::written;
  InstanceRecord record;      // written: the output's values; burned_in: left empty
  std::string review_reason;  // burned_in: why (detail/burned_in.hpp), never a file value
};

// The linked patient of a file from its original PatientID (may be empty); an error when the
// file's patient may not be shared or is unknown.
using PatientLookup = std::function<core::Result<LinkedPatient>(std::string_view dicom_patient_id)>;

// The largest element value read into memory on loading; longer values (pixel data, large
// overlays) stay in the input file and DCMTK copies them in blocks when writing.
inline constexpr unsigned kMaxReadLength = 4096;

class Deidentifier {
 public:
  // `uid_key` is kept by reference and must outlive the Deidentifier. Silences DCMTK's own
  // logging (its warnings may quote attribute values).
  Deidentifier(const privacy::Key& uid_key, DeidentifySettings settings, PatientLookup lookup);

  // Reads `input`, writes the de-identified file to `output` (must not exist; the caller
  // renames it into place). Errors (bad_input): not DICOM, truncated, unknown transfer
  // syntax, a patient the lookup refuses: the message names the input path and the reason,
  // never a value of the file. An existing `output` (left untouched) or a missing output folder is
  // an io error. On any error nothing is left at `output`. Order: read; unless allow_burned_in,
  // screen for burned-in text (Outcome::burned_in is returned before the lookup is asked, with an
  // empty record); look the patient up; apply the profile; write the method attributes; write the
  // output. The output keeps the input's transfer syntax and is a function of the input bytes, the
  // key, the settings and the linked patient only (byte-identical on a rerun). Thread-safe when the
  // lookup is.
  [[nodiscard]] core::Result<DeidentifiedFile> deidentify(const std::string& input,
                                                          const std::string& output) const;

 private:
  const privacy::Key& uid_key_;
  DeidentifySettings settings_;
  PatientLookup lookup_;
};

}  // namespace oncoshare::dicom
