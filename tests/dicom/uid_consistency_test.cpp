// Keyed UIDs across files and inside sequences: references stay consistent.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "dicom/dicom_test_support.hpp"

namespace oncoshare::dicom {
namespace {

TEST(Deidentifier, TwoSeriesOfOneStudyShareTheNewStudyUid) {
  privacy::test::TempDir dir;
  const std::string first_sop = input_attribute("CT_small.dcm", DCM_SOPInstanceUID);
  const std::string second =
      edited_copy("CT_small.dcm", dir.path("second_in.dcm"), [&](DcmFileFormat& file) {
        // The second series references the first image (Source Image Sequence, X/Z/U*).
        DcmItem* source = nullptr;
        file.getDataset()->findOrCreateSequenceItem(DCM_SourceImageSequence, source, -2);
        ASSERT_NE(source, nullptr);
        source->putAndInsertString(DCM_ReferencedSOPClassUID, "1.2.840.10008.5.1.4.1.1.2");
        source->putAndInsertString(DCM_ReferencedSOPInstanceUID, first_sop.c_str());
        file.getDataset()->putAndInsertString(DCM_SeriesInstanceUID,
                                              "1.2.826.0.1.3680043.8.498.77");
        file.getDataset()->putAndInsertString(DCM_SOPInstanceUID, "1.2.826.0.1.3680043.8.498.77.1");
        file.getMetaInfo()->putAndInsertString(DCM_MediaStorageSOPInstanceUID,
                                               "1.2.826.0.1.3680043.8.498.77.1");
      });
  const auto first = deidentify(pydicom_file("CT_small.dcm"), dir.path("first.dcm"));
  const auto other = deidentify(second, dir.path("second.dcm"));
  ASSERT_TRUE(first);
  ASSERT_TRUE(other) << other.error().to_string();
  EXPECT_EQ(first->record.study_uid, other->record.study_uid);
  EXPECT_NE(first->record.series_uid, other->record.series_uid);
  EXPECT_NE(first->record.sop_instance_uid, other->record.sop_instance_uid);
  EXPECT_EQ(first->record.patient_pseudonym, other->record.patient_pseudonym);
  // The reference inside the sequence maps to the new SOP Instance UID of the first image.
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile(OFFilename(dir.path("second.dcm").c_str())).good());
  DcmItem* source = nullptr;
  ASSERT_TRUE(file.getDataset()->findAndGetSequenceItem(DCM_SourceImageSequence, source, 0).good());
  OFString referenced;
  ASSERT_TRUE(source->findAndGetOFString(DCM_ReferencedSOPInstanceUID, referenced).good());
  EXPECT_EQ(first->record.sop_instance_uid, referenced.c_str());
  ASSERT_TRUE(source->findAndGetOFString(DCM_ReferencedSOPClassUID, referenced).good());
  EXPECT_EQ(referenced, "1.2.840.10008.5.1.4.1.1.2");  // a class UID is kept
}

TEST(Deidentifier, ReferencesInsideSequencesMapLikeTheUidTheyReference) {
  privacy::test::TempDir dir;
  ASSERT_TRUE(deidentify(pydicom_file("rtstruct.dcm"), dir.path("rs.dcm")));
  const std::string original =
      "1.2.826.0.1.3680043.8.498.2010020400001.2";  // its frame of reference
  ASSERT_EQ(input_attribute("rtstruct.dcm", DcmTagKey(0x3006, 0x0024)),
            "");  // only inside sequences
  const std::string dump = test::shell("dcmdump " + dir.path("rs.dcm"));
  const std::string expected = mapped_uid(test::uid_key(), original);
  // (0020,0052) in Referenced Frame of Reference Sequence and (3006,0024) in every Structure
  // Set ROI item: all the same new UID.
  std::size_t count = 0;
  for (std::size_t at = dump.find("[" + expected + "]"); at != std::string::npos;
       at = dump.find("[" + expected + "]", at + 1)) {
    ++count;
  }
  EXPECT_GE(count, 2u) << dump;
  EXPECT_EQ(dump.find(original), std::string::npos);
}

}  // namespace
}  // namespace oncoshare::dicom
