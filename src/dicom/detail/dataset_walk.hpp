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

// Applies action_for() to every element of `item`, recursing into sequence items:
// remove (private elements always), zero, dummy (detail::dummy_value; UI -> keyed UID),
// clean (DA/DT: shifted under the dates option else dummy; TM, UI and numbers kept; text
// through the cleaner; binary VRs emptied), replace_uid (each value of a UI element mapped,
// another VR emptied; a sequence: its items walked), keep (DA/DT shifted under the dates
// option). Removing Overlay Data (60xx,3000) removes the rest of its overlay group. A DA or
// DT that cannot be shifted is emptied. Elements whose value stays on disk (pixel data) are
// never read. Inside a sequence whose action is dummy, every text or date value the table
// would keep takes a dummy too (dates shifted instead under the dates option); code strings,
// UIDs, numbers and the structure are kept. A standard attribute stored as UN is first given its dictionary VR when that
// is a text VR (so a UN PatientName or UID is handled as such); one whose dictionary VR is SQ
// is removed (its items cannot be walked).
void apply_profile(DcmItem& item, const WalkContext& context);

}  // namespace oncoshare::dicom::detail
