// Whether an instance may carry text burned into its pixels (names, dates, IDs), which no
// header de-identification removes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace oncoshare::dicom::detail {

// The reason to hold an instance back for review, or nullopt to process it:
//  - Burned In Annotation (0028,0301) YES: held back; NO: processed;
//  - absent (or another value): held back when the SOP class is one of the Secondary Capture
//    classes (1.2.840.10008.5.1.4.1.1.7, .7.1 to .7.4), Ultrasound Image or Ultrasound
//    Multi-frame Image (1.2.840.10008.5.1.4.1.1.6.1, .6.2, .3.1, the retired .6 and .3),
//    Encapsulated PDF (1.2.840.10008.5.1.4.1.1.104.1), or
//    the Modality (0008,0060) is US, SC, OT, XC, ES, GM or DOC: screen captures, ultrasound,
//    photographs, endoscopy and scanned documents, where annotations are routinely burned in.
// The reason names the attribute or the class, never a value of the file beyond these.
[[nodiscard]] std::optional<std::string> burned_in_reason(std::string_view burned_in_annotation,
                                                          std::string_view sop_class_uid,
                                                          std::string_view modality);

}  // namespace oncoshare::dicom::detail
