#include "dicom/detail/leaf_action.hpp"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcelem.h>

#include <optional>
#include <string>
#include <string_view>

#include "dicom/detail/element_text.hpp"
#include "dicom/detail/value_rules.hpp"
#include "dicom/uid_mapper.hpp"

namespace oncoshare::dicom::detail {
namespace {

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

}  // namespace

void apply_leaf_action(DcmElement& element, Action action, const WalkContext& context) {
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

}  // namespace oncoshare::dicom::detail
