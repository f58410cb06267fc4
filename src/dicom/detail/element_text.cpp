#include "dicom/detail/element_text.hpp"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/dcmdata/dcvr.h>

namespace oncoshare::dicom::detail {

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

bool is_number_vr(std::string_view vr) {
  for (const std::string_view number :
       {"US", "SS", "UL", "SL", "UV", "SV", "FL", "FD", "IS", "DS", "AT"}) {
    if (vr == number) return true;
  }
  return false;
}

}  // namespace oncoshare::dicom::detail
