// The de-identifier on chosen files: method attributes, the pseudonym and the record,
// determinism, the meta header, private attributes, burned-in screening.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "dicom/dicom_test_support.hpp"

namespace oncoshare::dicom {
namespace {

TEST(Deidentifier, WritesMethodAttributesThatDcmdumpShows) {
  privacy::test::TempDir dir;
  DeidentifySettings settings;
  settings.options.retain_modified_dates = true;
  settings.options.clean_descriptors = true;
  ASSERT_TRUE(deidentify(pydicom_file("CT_small.dcm"), dir.path("ct.dcm"), settings));
  const std::string dump = test::shell("dcmdump " + dir.path("ct.dcm"));
  EXPECT_NE(dump.find("(0012,0062) CS [YES]"), std::string::npos) << dump;
  EXPECT_NE(
      dump.find("(0012,0063) LO [Basic Application Confidentiality Profile\\Retain Longitudinal"),
      std::string::npos);
  EXPECT_NE(dump.find("(0012,0064) SQ"), std::string::npos);
  for (const char* code : {"[113100]", "[113107]", "[113105]"}) {
    EXPECT_NE(dump.find(std::string("(0008,0100) SH ") + code), std::string::npos) << code;
  }
  EXPECT_EQ(dump.find("[113108]"), std::string::npos);
  EXPECT_NE(dump.find("(0028,0303) CS [MODIFIED]"), std::string::npos);

  ASSERT_TRUE(deidentify(pydicom_file("CT_small.dcm"), dir.path("basic.dcm")));
  EXPECT_NE(test::shell("dcmdump " + dir.path("basic.dcm")).find("(0028,0303) CS [REMOVED]"),
            std::string::npos);
}

TEST(Deidentifier, PatientTakesThePseudonymAndTheRecordHoldsOutputValues) {
  privacy::test::TempDir dir;
  const auto result = deidentify(pydicom_file("CT_small.dcm"), dir.path("ct.dcm"));
  ASSERT_TRUE(result) << result.error().to_string();
  const std::string pseudonym =
      (*test::linked_lookup()(input_attribute("CT_small.dcm", DCM_PatientID))).pseudonym;
  EXPECT_EQ(attribute(dir.path("ct.dcm"), DCM_PatientID), pseudonym);
  EXPECT_EQ(attribute(dir.path("ct.dcm"), DCM_PatientName), pseudonym);
  const InstanceRecord& record = result->record;
  EXPECT_EQ(record.patient_pseudonym, pseudonym);
  EXPECT_EQ(record.study_uid,
            mapped_uid(test::uid_key(), input_attribute("CT_small.dcm", DCM_StudyInstanceUID)));
  EXPECT_EQ(record.sop_instance_uid, attribute(dir.path("ct.dcm"), DCM_SOPInstanceUID));
  EXPECT_EQ(record.sop_class_uid, input_attribute("CT_small.dcm", DCM_SOPClassUID));
  EXPECT_EQ(record.modality, "CT");
  EXPECT_EQ(record.study_date, "");  // Z under the Basic Profile
  EXPECT_EQ(record.study_uid.rfind("2.25.", 0), 0u);
}

TEST(Deidentifier, OutputIsDeterministicAndKeyed) {
  privacy::test::TempDir dir;
  ASSERT_TRUE(deidentify(pydicom_file("rtplan.dcm"), dir.path("a.dcm")));
  ASSERT_TRUE(deidentify(pydicom_file("rtplan.dcm"), dir.path("b.dcm")));
  EXPECT_EQ(test::read_bytes(dir.path("a.dcm")), test::read_bytes(dir.path("b.dcm")));
  const privacy::Key other = privacy::test::make_key(0x99);
  ASSERT_TRUE(deidentify(pydicom_file("rtplan.dcm"), dir.path("c.dcm"), {}, other));
  EXPECT_NE(attribute(dir.path("a.dcm"), DCM_StudyInstanceUID),
            attribute(dir.path("c.dcm"), DCM_StudyInstanceUID));
  EXPECT_NE(attribute(dir.path("a.dcm"), DCM_SOPInstanceUID),
            attribute(dir.path("c.dcm"), DCM_SOPInstanceUID));
}

TEST(Deidentifier, MetaHeaderNamesTheNewInstance) {
  privacy::test::TempDir dir;
  ASSERT_TRUE(
      deidentify(pydicom_file("rtplan.dcm"),
                 dir.path("plan.dcm")));  // input's (0002,0003) differs from its (0008,0018)
  const std::string sop = attribute(dir.path("plan.dcm"), DCM_SOPInstanceUID);
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile(OFFilename(dir.path("plan.dcm").c_str())).good());
  OFString media;
  ASSERT_TRUE(file.getMetaInfo()->findAndGetOFString(DCM_MediaStorageSOPInstanceUID, media).good());
  EXPECT_EQ(sop, media.c_str());
  EXPECT_EQ(sop, mapped_uid(test::uid_key(), input_attribute("rtplan.dcm", DCM_SOPInstanceUID)));
  OFString syntax;
  ASSERT_TRUE(file.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, syntax).good());
  DcmFileFormat original;
  ASSERT_TRUE(original.loadFile(OFFilename(pydicom_file("rtplan.dcm").c_str())).good());
  OFString original_syntax;
  ASSERT_TRUE(
      original.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, original_syntax).good());
  EXPECT_EQ(syntax, original_syntax);
}

TEST(Deidentifier, PrivateAttributesAreGoneAtEveryLevel) {
  privacy::test::TempDir dir;
  for (const char* name : {"nested_priv_SQ.dcm", "priv_SQ.dcm", "CT_small.dcm"}) {
    const std::string output = dir.path(name);
    const auto result = deidentify(pydicom_file(name), output, DeidentifySettings{{}, true});
    ASSERT_TRUE(result) << result.error().to_string();
    const std::string dump = test::shell("dcmdump +L " + output);
    const std::string input_dump = test::shell("dcmdump +L " + pydicom_file(name));
    // Any line whose tag has an odd group, at any depth.
    const auto has_private = [](const std::string& text) {
      std::size_t at = 0;
      while ((at = text.find("\n", at)) != std::string::npos) {
        ++at;
        std::size_t open = text.find_first_not_of(' ', at);
        if (open == std::string::npos || text[open] != '(' || open + 5 > text.size()) continue;
        const int group = std::stoi(text.substr(open + 1, 4), nullptr, 16);
        if (group % 2 == 1) return true;
      }
      return false;
    };
    EXPECT_TRUE(has_private(input_dump)) << name;
    EXPECT_FALSE(has_private(dump)) << name << "\n" << dump;
  }
}

TEST(Deidentifier, BurnedInScreening) {
  privacy::test::TempDir dir;
  // SC_rgb_small_odd.dcm: Secondary Capture without Burned In Annotation.
  ASSERT_EQ(input_attribute("SC_rgb_small_odd.dcm", DCM_BurnedInAnnotation), "");
  const auto held = deidentify(pydicom_file("SC_rgb_small_odd.dcm"), dir.path("held.dcm"));
  ASSERT_TRUE(held);
  EXPECT_EQ(held->outcome, Outcome::burned_in);
  EXPECT_NE(held->review_reason.find("1.2.840.10008.5.1.4.1.1.7"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.path("held.dcm")));

  const auto allowed = deidentify(pydicom_file("SC_rgb_small_odd.dcm"), dir.path("allowed.dcm"),
                                  DeidentifySettings{{}, true});
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->outcome, Outcome::written);
  EXPECT_TRUE(std::filesystem::exists(dir.path("allowed.dcm")));

  const std::string no =
      edited_copy("SC_rgb_small_odd.dcm", dir.path("no_in.dcm"), [](DcmFileFormat& file) {
        file.getDataset()->putAndInsertString(DCM_BurnedInAnnotation, "NO");
      });
  const auto written = deidentify(no, dir.path("no.dcm"));
  ASSERT_TRUE(written);
  EXPECT_EQ(written->outcome, Outcome::written);

  const std::string yes =
      edited_copy("CT_small.dcm", dir.path("yes_in.dcm"), [](DcmFileFormat& file) {
        file.getDataset()->putAndInsertString(DCM_BurnedInAnnotation, "YES");
      });
  const auto flagged = deidentify(yes, dir.path("yes.dcm"));
  ASSERT_TRUE(flagged);
  EXPECT_EQ(flagged->outcome, Outcome::burned_in);
  EXPECT_EQ(flagged->review_reason, "Burned In Annotation (0028,0301) is YES");
}

}  // namespace
}  // namespace oncoshare::dicom
