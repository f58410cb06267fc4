// Every pydicom sample file through the de-identifier: each is written, held back for
// burned-in text, or refused with the reason listed here.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "dicom/dicom_test_support.hpp"

namespace oncoshare::dicom {
namespace {

// Files refused, and a part of the reason each must give.
const std::map<std::string, std::string>& expected_refusals() {
  static const std::map<std::string, std::string> refusals = {
      {"MR_truncated.dcm", "truncated or damaged DICOM file"},
      {"rtplan_truncated.dcm", "truncated or damaged DICOM file"},
      // An element length (4544,4952) runs past the end of the file: DCMTK and dcmdump
      // refuse it.
      {"SC_rgb_jpeg.dcm", "truncated or damaged DICOM file"},
      {"README.txt", "not a DICOM file"},
      {"rtplan.dump", "not a DICOM file"},
      {"rtstruct.dump", "not a DICOM file"},
      {"test1.json", "not a DICOM file"},
      {"test_PN.json", "not a DICOM file"},
      {"zipMR.gz", "not a DICOM file"},
      // CT_small's data set without its meta header, but with a stray byte before the first
      // element: no reading of it (DCMTK's, dcmdump's, ours) finds an element there.
      {"no_meta.dcm", "not a DICOM file"},
  };
  return refusals;
}

TEST(PydicomFiles, EachIsWrittenHeldBackOrRefusedAsListed) {
  const std::string folder = pydicom_file();
  privacy::test::TempDir out;
  const Deidentifier deidentifier(test::uid_key(), DeidentifySettings{}, test::linked_lookup());
  int written = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    const std::string output = out.path(name + ".out");
    const auto result = deidentifier.deidentify(entry.path().string(), output);
    const auto refusal = expected_refusals().find(name);
    if (!result) {
      std::printf("%-45s refused: %s\n", name.c_str(), result.error().to_string().c_str());
      ASSERT_NE(refusal, expected_refusals().end()) << name << ": " << result.error().to_string();
      EXPECT_NE(result.error().message.find(refusal->second), std::string::npos)
          << result.error().to_string();
      EXPECT_NE(result.error().to_string().find(entry.path().string()), std::string::npos);
      EXPECT_FALSE(std::filesystem::exists(output)) << name;
      continue;
    }
    EXPECT_EQ(refusal, expected_refusals().end()) << name << " was expected to be refused";
    if (result->outcome == Outcome::burned_in) {
      std::printf("%-45s burned_in: %s\n", name.c_str(), result->review_reason.c_str());
      EXPECT_FALSE(std::filesystem::exists(output)) << name;
      continue;
    }
    std::printf("%-45s written\n", name.c_str());
    ++written;
    EXPECT_TRUE(std::filesystem::exists(output)) << name;
    // Every output reads back, names the new instance and says it is de-identified.
    EXPECT_EQ(test::attribute(output, DCM_PatientIdentityRemoved), "YES") << name;
    EXPECT_EQ(test::attribute(output, DCM_SOPInstanceUID), result->record.sop_instance_uid) << name;
    // (Some samples have no SOP Instance UID: rtdose_rle*.dcm, UN_sequence.dcm, ...)
    if (!test::attribute(entry.path().string(), DCM_SOPInstanceUID).empty()) {
      EXPECT_EQ(result->record.sop_instance_uid.rfind("2.25.", 0), 0u) << name;
    }
  }
  EXPECT_GT(written, 20);
}

}  // namespace
}  // namespace oncoshare::dicom
