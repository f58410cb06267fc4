#include "dicom/detail/burned_in.hpp"

#include <array>

namespace oncoshare::dicom::detail {
namespace {

constexpr std::array<std::string_view, 11> kCapturedClasses = {
    "1.2.840.10008.5.1.4.1.1.7",   "1.2.840.10008.5.1.4.1.1.7.1",   "1.2.840.10008.5.1.4.1.1.7.2",
    "1.2.840.10008.5.1.4.1.1.7.3", "1.2.840.10008.5.1.4.1.1.7.4",   "1.2.840.10008.5.1.4.1.1.6.1",
    "1.2.840.10008.5.1.4.1.1.6.2", "1.2.840.10008.5.1.4.1.1.3.1",   "1.2.840.10008.5.1.4.1.1.6",
    "1.2.840.10008.5.1.4.1.1.3",   "1.2.840.10008.5.1.4.1.1.104.1",
};
constexpr std::array<std::string_view, 7> kCapturedModalities = {"US", "SC", "OT", "XC",
                                                                 "ES", "GM", "DOC"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view value) {
  for (const std::string_view entry : list) {
    if (entry == value) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> burned_in_reason(std::string_view burned_in_annotation,
                                            std::string_view sop_class_uid,
                                            std::string_view modality) {
  if (burned_in_annotation == "YES") return "Burned In Annotation (0028,0301) is YES";
  if (burned_in_annotation == "NO") return std::nullopt;
  if (contains(kCapturedClasses, sop_class_uid)) {
    return "no Burned In Annotation (0028,0301) and the SOP class " + std::string(sop_class_uid) +
           " (screen capture, ultrasound or document) commonly carries burned-in text";
  }
  if (contains(kCapturedModalities, modality)) {
    return "no Burned In Annotation (0028,0301) and the modality " + std::string(modality) +
           " commonly carries burned-in text";
  }
  return std::nullopt;
}

}  // namespace oncoshare::dicom::detail
