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

#include "dicom/detail/value_rules.hpp"
#include "dicom/uid_mapper.hpp"

namespace oncoshare::dicom::detail {
namespace {

bool is_overlay_data(const DcmTagKey& tag) {
  return (tag.getGroup() & 0xFF00) == 0x6000 && tag.getGroup() % 2 == 0 &&
         tag.getElement() == 0x3000;
}

bool is_patient_identity(const DcmTagKey& tag) {
  return tag == DCM_PatientName || tag == DCM_PatientID;
}

std::string_view vr_name(DcmElement& element) { return DcmVR(element.ident()).getVRName(); }

bool is_text_vr(std::string_view vr) {
  for (const std::string_view text : {"AE", "CS", "LO", "LT", "PN", "SH", "ST", "UC", "UT", "DA",
                                      "DT", "TM", "UI", "AS", "IS", "DS", "UR"}) {
    if (vr == text) return true;
  }
  return false;
}

std::optional<std::string> string_value(DcmElement& element) {
  if (!is_text_vr(vr_name(element))) return std::nullopt;
  OFString value;
  if (element.getOFStringArray(value).bad()) return std::nullopt;
  return std::string(value.c_str(), value.length());
}

void put(DcmElement& element, const std::string& value) {
  if (value.empty()) {
    element.clear();
  } else {
    element.putString(value.c_str());
  }
}

std::string mapped_uids(const privacy::Key& key, std::string_view value) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t cut = value.find('\\', start);
    std::string_view one =
        value.substr(start, cut == std::string_view::npos ? std::string_view::npos : cut - start);
    while (!one.empty() && (one.back() == ' ' || one.back() == '\0')) one.remove_suffix(1);
    if (!one.empty()) out += mapped_uid(key, one);
    if (cut == std::string_view::npos) return out;
    out += '\\';
    start = cut + 1;
  }
}

// DA / DT moved by the patient's shift, or emptied when a value cannot be moved.
void shift_dates(DcmElement& element, std::string_view vr, std::int32_t days) {
  const std::optional<std::string> value = string_value(element);
  if (!value || value->empty()) return;
  const std::optional<std::string> moved =
      vr == "DA" ? shift_da(*value, days) : shift_dt(*value, days);
  put(element, moved.value_or(std::string()));
}

bool is_number_vr(std::string_view vr) {
  for (const std::string_view number :
       {"US", "SS", "UL", "SL", "UV", "SV", "FL", "FD", "IS", "DS", "AT"}) {
    if (vr == number) return true;
  }
  return false;
}

// Each UID of a UI element replaced by its keyed UID; emptied if the value cannot be read.
void map_uids(DcmElement& element, const WalkContext& context) {
  const auto value = string_value(element);
  put(element, value ? mapped_uids(context.uid_key, *value) : std::string());
}

void write_dummy(DcmElement& element, std::string_view vr, const WalkContext& context) {
  if (vr == "UI") {
    map_uids(element, context);
    return;
  }
  const std::optional<std::string> dummy = dummy_value(vr);
  put(element, dummy.value_or(std::string()));
}

void apply_to_leaf(DcmElement& element, Action action, const WalkContext& context) {
  const std::string_view vr = vr_name(element);
  const bool is_date = vr == "DA" || vr == "DT";
  switch (action) {
    case Action::remove:
      return;  // handled by the caller
    case Action::zero:
      element.clear();
      return;
    case Action::dummy:
      write_dummy(element, vr, context);
      return;
    case Action::replace_uid:
      if (vr == "UI") {
        map_uids(element, context);
      } else {
        element.clear();  // e.g. a UID attribute encoded as UN: nothing to map it with
      }
      return;
    case Action::keep:
      if (is_date && context.options.retain_modified_dates)
        shift_dates(element, vr, context.shift_days);
      return;
    case Action::clean:
      if (is_date) {
        if (context.options.retain_modified_dates) {
          shift_dates(element, vr, context.shift_days);
        } else {
          write_dummy(element, vr, context);
        }
        return;
      }
      if (vr == "TM" || vr == "UI" || is_number_vr(vr)) return;  // nothing to clean in a number
      if (const auto value = string_value(element)) {
        put(element, context.cleaner.clean(*value));
      } else {
        element.clear();  // binary or unreadable (OB, UN, ...): cannot be cleaned, so not kept
      }
      return;
  }
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

namespace {

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
    apply_to_leaf(*element, action, context);
  }
  if (!overlays_removed.empty()) remove_overlays_without_data(item, overlays_removed);
}

}  // namespace

void apply_profile(DcmItem& item, const WalkContext& context) { walk(item, context, false); }

}  // namespace oncoshare::dicom::detail
