// Inputs the de-identifier refuses: the error names the path and the reason, and nothing is
// left at the output.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "dicom/dicom_test_support.hpp"

namespace oncoshare::dicom {
namespace {

// `reason` is the whole message when `exact`, else a part of it (the rest is DCMTK's wording).
void expect_refused(const std::string& input, const std::string& reason, bool exact = false) {
  privacy::test::TempDir dir;
  const auto result = deidentify(input, dir.path("out.dcm"));
  ASSERT_FALSE(result) << input;
  EXPECT_EQ(result.error().code, core::ErrorCode::bad_input);
  EXPECT_EQ(result.error().where.file, input);
  EXPECT_NE(result.error().to_string().find(input), std::string::npos);
  if (exact) {
    EXPECT_EQ(result.error().message, reason);
    EXPECT_EQ(result.error().to_string(), input + ": " + reason);
  } else {
    EXPECT_NE(result.error().message.find(reason), std::string::npos) << result.error().message;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path("out.dcm")));
}

TEST(Deidentifier, BadInputIsRefusedNamingThePathAndLeavesNoOutput) {
  privacy::test::TempDir dir;
  expect_refused(pydicom_file("MR_truncated.dcm"), "truncated or damaged DICOM file");
  test::write_bytes(dir.path("notes.txt"), "Patient Jane Doe, MRN 123456, seen 2004-01-19.\n");
  expect_refused(dir.path("notes.txt"),
                 "not a DICOM file (no DICM prefix and no readable data set)", true);
  const std::string unknown =
      edited_copy("CT_small.dcm", dir.path("unknown_ts.dcm"), [](DcmFileFormat& file) {
        file.getMetaInfo()->putAndInsertString(DCM_TransferSyntaxUID,
                                               "1.2.826.0.1.3680043.8.498.999");
      });
  expect_refused(unknown, "unknown transfer syntax in the file meta information", true);
  expect_refused(dir.path("absent.dcm"), "not a readable file", true);
  // Cut inside the pixel data, a value DCMTK does not load: still refused, nothing written.
  const std::string whole = test::read_bytes(pydicom_file("CT_small.dcm"));
  test::write_bytes(dir.path("cut.dcm"), whole.substr(0, whole.size() - 5000));
  expect_refused(dir.path("cut.dcm"), "truncated or damaged DICOM file");
}

TEST(Deidentifier, RefusedPatientAndExistingOutput) {
  privacy::test::TempDir dir;
  const Deidentifier refusing(test::uid_key(), {},
                              [](std::string_view) -> core::Result<LinkedPatient> {
                                return core::bad_input("no such patient");
                              });
  const auto refused = refusing.deidentify(pydicom_file("CT_small.dcm"), dir.path("out.dcm"));
  ASSERT_FALSE(refused);
  const std::string id = input_attribute("CT_small.dcm", DCM_PatientID);
  EXPECT_EQ(refused.error().to_string().find(id), std::string::npos);
  EXPECT_NE(refused.error().message.find("patient lookup refused"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.path("out.dcm")));

  const auto no_folder = deidentify(pydicom_file("CT_small.dcm"), dir.path("absent/out.dcm"));
  ASSERT_FALSE(no_folder);
  EXPECT_EQ(no_folder.error().code, core::ErrorCode::io);

  test::write_bytes(dir.path("exists.dcm"), "x");
  const auto exists = deidentify(pydicom_file("CT_small.dcm"), dir.path("exists.dcm"));
  ASSERT_FALSE(exists);
  EXPECT_EQ(test::read_bytes(dir.path("exists.dcm")), "x");
}

}  // namespace
}  // namespace oncoshare::dicom
