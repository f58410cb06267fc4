// Attributes in less common forms: overlays, sequences whose action is dummy, attributes
// stored as UN.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "dicom/dicom_test_support.hpp"

namespace oncoshare::dicom {
namespace {

TEST(Deidentifier, AnOverlayGoesWithItsData) {
  privacy::test::TempDir dir;
  const std::string input =
      edited_copy("CT_small.dcm", dir.path("in.dcm"), [](DcmFileFormat& file) {
        DcmDataset& data = *file.getDataset();
        data.putAndInsertUint16(DcmTagKey(0x6000, 0x0010), 2);  // Overlay Rows
        data.putAndInsertUint16(DcmTagKey(0x6000, 0x0011), 8);  // Overlay Columns
        data.putAndInsertString(DcmTagKey(0x6000, 0x0040), "G");
        data.putAndInsertString(DcmTagKey(0x6000, 0x0050), "1\\1");
        data.putAndInsertUint16(DcmTagKey(0x6000, 0x0100), 1);
        data.putAndInsertUint16(DcmTagKey(0x6000, 0x0102), 0);
        const Uint8 bits[2] = {0xFF, 0x00};
        data.putAndInsertUint8Array(DcmTagKey(0x6000, 0x3000), bits, 2);
      });
  ASSERT_TRUE(deidentify(input, dir.path("out.dcm")));
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile(OFFilename(dir.path("out.dcm").c_str())).good());
  EXPECT_FALSE(file.getDataset()->tagExists(DcmTagKey(0x6000, 0x3000)));
  EXPECT_FALSE(file.getDataset()->tagExists(DcmTagKey(0x6000, 0x0010)));
  EXPECT_TRUE(file.getDataset()->tagExists(DCM_Rows));
}

TEST(Deidentifier, StandardAttributesStoredAsUnAreDeidentifiedAsText) {
  privacy::test::TempDir dir;
  const auto as_un = [](DcmDataset& data, const DcmTagKey& key, const std::string& text) {
    DcmElement* element = nullptr;
    ASSERT_TRUE(DcmItem::newDicomElementWithVR(element, DcmTag(key, EVR_UN)).good());
    element->putUint8Array(reinterpret_cast<const Uint8*>(text.data()), text.size());
    data.insert(element, OFTrue);
  };
  const std::string input =
      edited_copy("CT_small.dcm", dir.path("in.dcm"), [&](DcmFileFormat& file) {
        as_un(*file.getDataset(), DCM_PatientName, "Unknownvr^Jane ");
        as_un(*file.getDataset(), DCM_InstitutionName, "UN Encoded Hospital ");
        as_un(*file.getDataset(), DCM_StudyInstanceUID,
              std::string("1.2.826.0.1.3680043.8.498.55") + '\0');
      });
  ASSERT_NE(test::shell("dcmdump " + input).find("(0010,0010) UN"), std::string::npos);
  const auto result = deidentify(input, dir.path("out.dcm"));
  ASSERT_TRUE(result) << result.error().to_string();
  const std::string bytes = test::read_bytes(dir.path("out.dcm"));
  EXPECT_EQ(bytes.find("Unknownvr"), std::string::npos);
  EXPECT_EQ(bytes.find("UN Encoded Hospital"), std::string::npos);
  EXPECT_EQ(bytes.find("1.2.826.0.1.3680043.8.498.55"), std::string::npos);
  EXPECT_EQ(attribute(dir.path("out.dcm"), DCM_InstitutionName), "ANONYMOUS");
  EXPECT_EQ(result->record.study_uid, mapped_uid(test::uid_key(), "1.2.826.0.1.3680043.8.498.55"));
}

TEST(Deidentifier, DummySequencesKeepTheirStructureButNoTextOrDate) {
  privacy::test::TempDir dir;
  const std::string input =
      edited_copy("CT_small.dcm", dir.path("in.dcm"), [](DcmFileFormat& file) {
        DcmItem* code = nullptr;  // Institution Code Sequence: X/Z/D
        file.getDataset()->findOrCreateSequenceItem(DCM_InstitutionCodeSequence, code, -2);
        ASSERT_NE(code, nullptr);
        code->putAndInsertString(DCM_CodeValue, "HOSP-0815");
        code->putAndInsertString(DCM_CodingSchemeDesignator, "99LOCAL");
        code->putAndInsertString(DCM_CodeMeaning, "Saint Elsewhere Hospital");
      });
  ASSERT_TRUE(deidentify(input, dir.path("out.dcm")));
  const std::string bytes = test::read_bytes(dir.path("out.dcm"));
  for (const char* value : {"HOSP-0815", "99LOCAL", "Saint Elsewhere Hospital"}) {
    EXPECT_EQ(bytes.find(value), std::string::npos) << value;
  }
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile(OFFilename(dir.path("out.dcm").c_str())).good());
  DcmItem* code = nullptr;
  ASSERT_TRUE(
      file.getDataset()->findAndGetSequenceItem(DCM_InstitutionCodeSequence, code, 0).good());
  OFString meaning;
  ASSERT_TRUE(code->findAndGetOFString(DCM_CodeMeaning, meaning).good());
  EXPECT_EQ(meaning, "ANONYMOUS");

  // An SR Content Sequence (D): its text values are replaced, its value types kept.
  ASSERT_TRUE(deidentify(pydicom_file("test-SR.dcm"), dir.path("sr.dcm")));
  const std::string sr = test::shell("dcmdump " + dir.path("sr.dcm"));
  const auto count = [&sr](const std::string& text) {
    std::size_t n = 0;
    for (std::size_t at = sr.find(text); at != std::string::npos; at = sr.find(text, at + 1)) ++n;
    return n;
  };
  EXPECT_GT(count("(0040,a160) UT"), 0u);  // Text Value: not in Table E.1-1
  EXPECT_EQ(count("(0040,a160) UT"), count("(0040,a160) UT [ANONYMOUS]"));
  EXPECT_NE(sr.find("(0040,a040) CS [CONTAINER]"), std::string::npos);
}

}  // namespace
}  // namespace oncoshare::dicom
