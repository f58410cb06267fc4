#include "dicom/detail/dataset_walk.hpp"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcvr.h>

#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include "dicom/detail/element_text.hpp"
#include "dicom/detail/leaf_action.hpp"

namespace oncoshare::dicom::detail {
namespace {

bool is_overlay_data(const DcmTagKey& tag) {
  return (tag.getGroup() & 0xFF00) == 0x6000 && tag.getGroup() % 2 == 0 &&
         tag.getElement() == 0x3000;
}

bool is_patient_identity(const DcmTagKey& tag) {
  return tag == DCM_PatientName || tag == DCM_PatientID;
}

// A standard attribute stored with VR UN (explicit VR UN, PS3.5 6.2.2) whose dictionary VR
// is a text VR is re-created with that VR and the same bytes, so the profile reads and writes
// it as text (a UN PatientName would otherwise keep its bytes). Returns the element now at
// index `i` (sorted order is unchanged: same tag).
DcmElement* with_dictionary_vr(DcmItem& item, unsigned long i) {
  DcmElement* element = item.getElement(i);
  if (element->ident() != EVR_UN || element->getGTag() % 2 == 1) return element;
  DcmElement* typed = DcmItem::newDicomElement(element->getTag());
  if (typed == nullptr) return element;
  if (typed->ident() == EVR_UN || !is_text_vr(vr_name(*typed))) {
    delete typed;
    return element;
  }
  Uint8* bytes = nullptr;
  std::string text;
  if (element->getUint8Array(bytes).good() && bytes != nullptr) {
    text.assign(reinterpret_cast<const char*>(bytes), element->getLength());
  }
  while (!text.empty() && (text.back() == '\0' || text.back() == ' ')) text.pop_back();
  typed->putOFStringArray(OFString(text.data(), text.size()));
  delete item.remove(i);
  item.insert(typed, OFTrue);
  return typed;
}

// A standard attribute stored as UN whose dictionary VR is SQ (a defined-length sequence in
// UN form): its items cannot be walked, so anything but removal could keep what they hold.
bool is_opaque_sequence(DcmElement& element) {
  if (element.ident() != EVR_UN) return false;
  return DcmTag(element.getTag()).getEVR() == EVR_SQ;
}

// Overlay Data (60xx,3000) is removed (X) but is type 1 in the Overlay Plane module: the
// rest of its overlay group goes with it, so no overlay is left without its data.
void remove_overlays_without_data(DcmItem& item, const std::vector<std::uint16_t>& groups) {
  for (unsigned long i = item.card(); i-- > 0;) {
    const std::uint16_t group = item.getElement(i)->getGTag();
    if (std::find(groups.begin(), groups.end(), group) != groups.end()) delete item.remove(i);
  }
}

// Text and date VRs: what a dummy sequence's items may not keep as they are.
bool is_free_text_vr(std::string_view vr) {
  for (const std::string_view text :
       {"AE", "AS", "LO", "LT", "PN", "SH", "ST", "UC", "UT", "UR", "DA", "DT", "TM"}) {
    if (vr == text) return true;
  }
  return false;
}

// `in_dummy_sequence`: `item` is inside a sequence whose action is dummy (D), e.g. the
// Institution Code Sequence or an SR Content Sequence. Their items keep their structure (code
// strings, UIDs, numbers, nested sequences) but every text or date value the table would keep
// (a code meaning naming the institution, a text value) takes a dummy too; dates are shifted
// instead under the dates option.
void walk(DcmItem& item, const WalkContext& context, bool in_dummy_sequence) {
  std::vector<std::uint16_t> overlays_removed;
  for (unsigned long i = item.card(); i-- > 0;) {
    DcmElement* element = with_dictionary_vr(item, i);
    const DcmTag tag = element->getTag();
    if (is_opaque_sequence(*element)) {
      delete item.remove(i);
      continue;
    }
    if (is_patient_identity(tag)) {
      put(*element, context.pseudonym);
      continue;
    }
    Action action = action_for(tag.getGTag(), tag.getETag(), context.options);
    if (action == Action::remove) {
      if (is_overlay_data(tag)) overlays_removed.push_back(tag.getGTag());
      delete item.remove(i);
      continue;
    }
    if (element->ident() == EVR_SQ) {
      auto* sequence = static_cast<DcmSequenceOfItems*>(element);
      if (action == Action::zero) {
        sequence->clear();
        continue;
      }
      const bool dummy_items = in_dummy_sequence || action == Action::dummy;
      for (unsigned long j = 0; j < sequence->card(); ++j)
        walk(*sequence->getItem(j), context, dummy_items);
      continue;
    }
    const std::string_view vr = vr_name(*element);
    if (in_dummy_sequence && action == Action::keep && is_free_text_vr(vr)) {
      const bool dated = vr == "DA" || vr == "DT" || vr == "TM";
      if (!(dated && context.options.retain_modified_dates)) action = Action::dummy;
    }
    apply_leaf_action(*element, action, context);
  }
  if (!overlays_removed.empty()) remove_overlays_without_data(item, overlays_removed);
}

}  // namespace

void collect_identifying(DcmItem& item, const ProfileOptions& options, Cleaner& cleaner) {
  for (unsigned long i = 0; i < item.card(); ++i) {
    DcmElement* element = with_dictionary_vr(item, i);
    const DcmTag tag = element->getTag();
    if (element->ident() == EVR_SQ) {
      auto* sequence = static_cast<DcmSequenceOfItems*>(element);
      for (unsigned long j = 0; j < sequence->card(); ++j)
        collect_identifying(*sequence->getItem(j), options, cleaner);
      continue;
    }
    const Action action = action_for(tag.getGTag(), tag.getETag(), options);
    if (!is_patient_identity(tag) && (action == Action::keep || action == Action::clean)) continue;
    if (const auto value = string_value(*element)) cleaner.add(vr_name(*element), *value);
  }
}

void apply_profile(DcmItem& item, const WalkContext& context) { walk(item, context, false); }

}  // namespace oncoshare::dicom::detail
