// Each option changes what its column of Table E.1-1 says, on real attributes.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "dicom/dicom_test_support.hpp"
#include "privacy/dates.hpp"

namespace oncoshare::dicom {
namespace {

TEST(Deidentifier, PatientCharacteristicsOption) {
  privacy::test::TempDir dir;
  DeidentifySettings settings;
  settings.options.retain_patient_characteristics = true;
  const std::string input = edited_copy(
      "CT_small.dcm", dir.path("in.dcm"),
      [](DcmFileFormat& file) { file.getDataset()->putAndInsertString(DCM_PatientAge, "045Y"); });
  ASSERT_TRUE(deidentify(input, dir.path("kept.dcm"), settings));
  ASSERT_TRUE(deidentify(input, dir.path("basic.dcm")));
  EXPECT_EQ(attribute(dir.path("kept.dcm"), DCM_PatientSex), attribute(input, DCM_PatientSex));
  EXPECT_FALSE(attribute(input, DCM_PatientSex).empty());
  EXPECT_EQ(attribute(dir.path("kept.dcm"), DCM_PatientAge), "045Y");
  EXPECT_EQ(attribute(dir.path("basic.dcm"), DCM_PatientSex), "");  // Z
  EXPECT_EQ(attribute(dir.path("basic.dcm"), DCM_PatientAge), "");  // X
  // Not a patient characteristic: unchanged by the option.
  EXPECT_EQ(attribute(dir.path("kept.dcm"), DCM_InstitutionName),
            attribute(dir.path("basic.dcm"), DCM_InstitutionName));
}

TEST(Deidentifier, DeviceIdentityOption) {
  privacy::test::TempDir dir;
  const std::string input =
      edited_copy("CT_small.dcm", dir.path("in.dcm"), [](DcmFileFormat& file) {
        file.getDataset()->putAndInsertString(DCM_DeviceSerialNumber, "SN-4711-0815");
        file.getDataset()->putAndInsertString(DCM_StationName, "CTSTATION7");
      });
  DeidentifySettings settings;
  settings.options.retain_device_identity = true;
  ASSERT_TRUE(deidentify(input, dir.path("kept.dcm"), settings));
  ASSERT_TRUE(deidentify(input, dir.path("basic.dcm")));
  EXPECT_EQ(attribute(dir.path("kept.dcm"), DCM_DeviceSerialNumber), "SN-4711-0815");
  EXPECT_EQ(attribute(dir.path("kept.dcm"), DCM_StationName), "CTSTATION7");
  EXPECT_EQ(attribute(dir.path("basic.dcm"), DCM_DeviceSerialNumber), "ANONYMOUS");  // X/Z/D -> D
  EXPECT_EQ(attribute(dir.path("basic.dcm"), DCM_StationName), "ANONYMOUS");         // X/Z/D -> D
}

TEST(Deidentifier, ModifiedDatesOptionShiftsEveryDateByThePatientsShift) {
  privacy::test::TempDir dir;
  DeidentifySettings settings;
  settings.options.retain_modified_dates = true;
  const auto result = deidentify(pydicom_file("CT_small.dcm"), dir.path("dated.dcm"), settings);
  ASSERT_TRUE(result);
  for (const DcmTagKey& tag :
       {DCM_StudyDate, DCM_SeriesDate, DCM_AcquisitionDate, DCM_ContentDate}) {
    const std::string original = input_attribute("CT_small.dcm", tag);
    ASSERT_EQ(original.size(), 8u) << tag.toString();
    const auto iso = privacy::shift_date(
        original.substr(0, 4) + "-" + original.substr(4, 2) + "-" + original.substr(6, 2),
        test::kShiftDays);
    ASSERT_TRUE(iso);
    std::string expected = *iso;
    std::erase(expected, '-');
    EXPECT_EQ(attribute(dir.path("dated.dcm"), tag), expected) << tag.toString();
  }
  EXPECT_EQ(result->record.study_date, attribute(dir.path("dated.dcm"), DCM_StudyDate));
  // Times are kept under the option (C on TM keeps it).
  EXPECT_EQ(attribute(dir.path("dated.dcm"), DCM_StudyTime),
            input_attribute("CT_small.dcm", DCM_StudyTime));
  ASSERT_TRUE(deidentify(pydicom_file("CT_small.dcm"), dir.path("basic.dcm")));
  EXPECT_EQ(attribute(dir.path("basic.dcm"), DCM_StudyDate), "");            // Z
  EXPECT_EQ(attribute(dir.path("basic.dcm"), DCM_ContentDate), "19000101");  // X/D -> D
}

TEST(Deidentifier, CleanDescriptorsOptionKeepsTextWithoutIdentifyingValues) {
  privacy::test::TempDir dir;
  const std::string input =
      edited_copy("CT_small.dcm", dir.path("in.dcm"), [](DcmFileFormat& file) {
        file.getDataset()->putAndInsertString(DCM_PatientName, "Doe^Jane");
        file.getDataset()->putAndInsertString(DCM_StudyDescription, "CT thorax jane DOE follow-up");
      });
  DeidentifySettings settings;
  settings.options.clean_descriptors = true;
  ASSERT_TRUE(deidentify(input, dir.path("clean.dcm"), settings));
  ASSERT_TRUE(deidentify(input, dir.path("basic.dcm")));
  EXPECT_EQ(attribute(dir.path("clean.dcm"), DCM_StudyDescription), "CT thorax XXXX XXX follow-up");
  DcmFileFormat basic;
  ASSERT_TRUE(basic.loadFile(OFFilename(dir.path("basic.dcm").c_str())).good());
  EXPECT_FALSE(basic.getDataset()->tagExists(DCM_StudyDescription));  // X without the option
}

}  // namespace
}  // namespace oncoshare::dicom
