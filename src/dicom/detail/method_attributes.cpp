#include "dicom/detail/method_attributes.hpp"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/dcmdata/dcitem.h>

#include <string>
#include <string_view>
#include <vector>

namespace oncoshare::dicom::detail {
namespace {

struct MethodCode {
  std::string_view value;
  std::string_view meaning;  // CID 7050 code meaning
  std::string_view method;   // the (0012,0063) value, at most 64 characters
};

std::vector<MethodCode> codes_for(const ProfileOptions& options) {
  std::vector<MethodCode> codes = {{"113100", "Basic Application Confidentiality Profile",
                                    "Basic Application Confidentiality Profile"}};
  if (options.retain_modified_dates) {
    codes.push_back({"113107", "Retain Longitudinal Temporal Information Modified Dates Option",
                     "Retain Longitudinal Temporal Information Modified Dates Option"});
  }
  if (options.retain_patient_characteristics) {
    codes.push_back({"113108", "Retain Patient Characteristics Option",
                     "Retain Patient Characteristics Option"});
  }
  if (options.retain_device_identity) {
    codes.push_back({"113109", "Retain Device Identity Option", "Retain Device Identity Option"});
  }
  if (options.clean_descriptors) {
    codes.push_back({"113105", "Clean Descriptors Option", "Clean Descriptors Option"});
  }
  return codes;
}

}  // namespace

void write_method_attributes(DcmItem& dataset, const ProfileOptions& options) {
  const std::vector<MethodCode> codes = codes_for(options);
  std::string method;
  for (const MethodCode& code : codes) {
    if (!method.empty()) method += '\\';
    method += code.method;
  }
  dataset.putAndInsertString(DCM_PatientIdentityRemoved, "YES");
  dataset.putAndInsertString(DCM_DeidentificationMethod, method.c_str());
  delete dataset.remove(DCM_DeidentificationMethodCodeSequence);
  for (std::size_t i = 0; i < codes.size(); ++i) {
    DcmItem* item = nullptr;
    dataset.findOrCreateSequenceItem(DCM_DeidentificationMethodCodeSequence, item, -2);  // append
    if (item == nullptr) continue;
    item->putAndInsertString(DCM_CodeValue, std::string(codes[i].value).c_str());
    item->putAndInsertString(DCM_CodingSchemeDesignator, "DCM");
    item->putAndInsertString(DCM_CodeMeaning, std::string(codes[i].meaning).c_str());
  }
  dataset.putAndInsertString(DCM_LongitudinalTemporalInformationModified,
                             options.retain_modified_dates ? "MODIFIED" : "REMOVED");
}

}  // namespace oncoshare::dicom::detail
