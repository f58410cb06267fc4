// One action of the profile applied to one element that is not a sequence.
#pragma once

#include "dicom/detail/dataset_walk.hpp"
#include "dicom/profile.hpp"

class DcmElement;

namespace oncoshare::dicom::detail {

// remove: nothing (the caller deletes the element); zero: empty value; dummy: dummy_value()
// for the VR, a keyed UID for UI; replace_uid: each UID of a UI element mapped (another VR
// emptied); keep: DA / DT shifted under the dates option; clean: DA / DT shifted under the
// dates option else dummy, TM, UI and numbers kept, text through the cleaner, binary VRs
// emptied. A value that cannot be read is emptied, never kept; a DA or DT that cannot be
// shifted is emptied.
void apply_leaf_action(DcmElement& element, Action action, const WalkContext& context);

}  // namespace oncoshare::dicom::detail
