// The profile applied to a DCMTK dataset, item by item, sequences included.
#pragma once

#include <cstdint>
#include <string>

#include "dicom/detail/cleaner.hpp"
#include "dicom/profile.hpp"
#include "privacy/pseudonym.hpp"

class DcmItem;

namespace oncoshare::dicom::detail {

// Records in `cleaner` every identifying value of `item` and its sequences: the string
// values of attributes whose action is not keep or clean (private ones included), and
// PatientName / PatientID. Reads values not yet loaded (small ones: text).
void collect_identifying(DcmItem& item, const ProfileOptions& options, Cleaner& cleaner);

// What apply_profile needs about the file and its patient.
struct WalkContext {
  const ProfileOptions& options;
  const privacy::Key& uid_key;
  const Cleaner& cleaner;
  std::string pseudonym;        // written to PatientName and PatientID at every level
  std::int32_t shift_days = 0;  // applied to DA / DT under options.retain_modified_dates
};

// Applies action_for() to every element of `item`, recursing into sequence items. A
// removed element is deleted (private ones always; Overlay Data (60xx,3000) with the rest of
// its overlay group); PatientName and PatientID get the pseudonym; a sequence is emptied
// (zero) or its items walked (any other action); every other element goes through
// apply_leaf_action() (leaf_action.hpp). Inside a sequence whose action is dummy, every text
// or date value the table would keep takes a dummy too (dates shifted instead under the dates
// option); code strings, UIDs, numbers and the structure are kept. A standard attribute
// stored as UN is first given its dictionary VR when that is a text VR (so a UN PatientName
// or UID is handled as such); one whose dictionary VR is SQ is removed (its items cannot be
// walked). Elements whose value stays on disk (pixel data) are never read.
void apply_profile(DcmItem& item, const WalkContext& context);

}  // namespace oncoshare::dicom::detail
