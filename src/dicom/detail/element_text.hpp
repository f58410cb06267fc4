// Text values of DCMTK elements: which VRs hold text, reading one as a string, writing one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

class DcmElement;

namespace oncoshare::dicom::detail {

// The two letters of the element's VR as DCMTK holds it ("PN", "UN", "ox" for OB-or-OW, ...).
[[nodiscard]] std::string_view vr_name(DcmElement& element);

// VRs whose value is text: AE AS CS DA DS DT IS LO LT PN SH ST TM UC UI UR UT.
[[nodiscard]] bool is_text_vr(std::string_view vr);

// VRs whose value is a number (binary or decimal text) or a tag: US SS UL SL UV SV FL FD IS DS AT.
[[nodiscard]] bool is_number_vr(std::string_view vr);

// The whole value (all values, backslash-separated) of a text element, loading it if DCMTK
// left it on disk; nullopt for other VRs or when it cannot be read.
[[nodiscard]] std::optional<std::string> string_value(DcmElement& element);

// Writes `value` (empty: zero length) into the element.
void put(DcmElement& element, const std::string& value);

}  // namespace oncoshare::dicom::detail
