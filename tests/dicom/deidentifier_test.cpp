// The de-identifier on chosen files: method attributes, determinism, UID consistency, the
// options, private attributes, burned-in screening and refused inputs.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "dicom/dicom_test_support.hpp"
#include "privacy/dates.hpp"

namespace oncoshare::dicom {
namespace {

using test::attribute;
using test::pydicom_file;

core::Result<DeidentifiedFile> run(const std::string& input, const std::string& output,
                                   DeidentifySettings settings = {},
                                   const privacy::Key& key = test::uid_key()) {
  const Deidentifier deidentifier(key, settings, test::linked_lookup());
  return deidentifier.deidentify(input, output);
}

std::string input_attribute(const std::string& name, const DcmTagKey& tag) {
  return attribute(pydicom_file(name), tag);
}

// A copy of `name` edited with DCMTK by `edit`, saved in its own transfer syntax.
template <class Edit>
std::string edited_copy(const std::string& name, const std::string& path, Edit edit) {
  DcmFileFormat file;
  EXPECT_TRUE(file.loadFile(OFFilename(pydicom_file(name).c_str())).good());
  edit(file);
  EXPECT_TRUE(file.saveFile(OFFilename(path.c_str()), EXS_Unknown, EET_ExplicitLength, EGL_recalcGL,
                            EPD_noChange, 0, 0, EWM_dontUpdateMeta)
                  .good());
  return path;
}

TEST(Deidentifier, WritesMethodAttributesThatDcmdumpShows) {
  privacy::test::TempDir dir;
  DeidentifySettings settings;
  settings.options.retain_modified_dates = true;
  settings.options.clean_descriptors = true;
  ASSERT_TRUE(run(pydicom_file("CT_small.dcm"), dir.path("ct.dcm"), settings));
  const std::string dump = test::run("dcmdump " + dir.path("ct.dcm"));
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

  ASSERT_TRUE(run(pydicom_file("CT_small.dcm"), dir.path("basic.dcm")));
  EXPECT_NE(test::run("dcmdump " + dir.path("basic.dcm")).find("(0028,0303) CS [REMOVED]"),
            std::string::npos);
}

TEST(Deidentifier, PatientTakesThePseudonymAndTheRecordHoldsOutputValues) {
  privacy::test::TempDir dir;
  const auto result = run(pydicom_file("CT_small.dcm"), dir.path("ct.dcm"));
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
  ASSERT_TRUE(run(pydicom_file("rtplan.dcm"), dir.path("a.dcm")));
  ASSERT_TRUE(run(pydicom_file("rtplan.dcm"), dir.path("b.dcm")));
  EXPECT_EQ(test::read_bytes(dir.path("a.dcm")), test::read_bytes(dir.path("b.dcm")));
  const privacy::Key other = privacy::test::make_key(0x99);
  ASSERT_TRUE(run(pydicom_file("rtplan.dcm"), dir.path("c.dcm"), {}, other));
  EXPECT_NE(attribute(dir.path("a.dcm"), DCM_StudyInstanceUID),
            attribute(dir.path("c.dcm"), DCM_StudyInstanceUID));
  EXPECT_NE(attribute(dir.path("a.dcm"), DCM_SOPInstanceUID),
            attribute(dir.path("c.dcm"), DCM_SOPInstanceUID));
}

TEST(Deidentifier, MetaHeaderNamesTheNewInstance) {
  privacy::test::TempDir dir;
  ASSERT_TRUE(run(pydicom_file("rtplan.dcm"),
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
  const auto first = run(pydicom_file("CT_small.dcm"), dir.path("first.dcm"));
  const auto other = run(second, dir.path("second.dcm"));
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
  ASSERT_TRUE(run(pydicom_file("rtstruct.dcm"), dir.path("rs.dcm")));
  const std::string original =
      "1.2.826.0.1.3680043.8.498.2010020400001.2";  // its frame of reference
  ASSERT_EQ(input_attribute("rtstruct.dcm", DcmTagKey(0x3006, 0x0024)),
            "");  // only inside sequences
  const std::string dump = test::run("dcmdump " + dir.path("rs.dcm"));
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

TEST(Deidentifier, PatientCharacteristicsOption) {
  privacy::test::TempDir dir;
  DeidentifySettings settings;
  settings.options.retain_patient_characteristics = true;
  const std::string input = edited_copy(
      "CT_small.dcm", dir.path("in.dcm"),
      [](DcmFileFormat& file) { file.getDataset()->putAndInsertString(DCM_PatientAge, "045Y"); });
  ASSERT_TRUE(run(input, dir.path("kept.dcm"), settings));
  ASSERT_TRUE(run(input, dir.path("basic.dcm")));
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
  ASSERT_TRUE(run(input, dir.path("kept.dcm"), settings));
  ASSERT_TRUE(run(input, dir.path("basic.dcm")));
  EXPECT_EQ(attribute(dir.path("kept.dcm"), DCM_DeviceSerialNumber), "SN-4711-0815");
  EXPECT_EQ(attribute(dir.path("kept.dcm"), DCM_StationName), "CTSTATION7");
  EXPECT_EQ(attribute(dir.path("basic.dcm"), DCM_DeviceSerialNumber), "ANONYMOUS");  // X/Z/D -> D
  EXPECT_EQ(attribute(dir.path("basic.dcm"), DCM_StationName), "ANONYMOUS");         // X/Z/D -> D
}

TEST(Deidentifier, ModifiedDatesOptionShiftsEveryDateByThePatientsShift) {
  privacy::test::TempDir dir;
  DeidentifySettings settings;
  settings.options.retain_modified_dates = true;
  const auto result = run(pydicom_file("CT_small.dcm"), dir.path("dated.dcm"), settings);
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
  ASSERT_TRUE(run(pydicom_file("CT_small.dcm"), dir.path("basic.dcm")));
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
  ASSERT_TRUE(run(input, dir.path("clean.dcm"), settings));
  ASSERT_TRUE(run(input, dir.path("basic.dcm")));
  EXPECT_EQ(attribute(dir.path("clean.dcm"), DCM_StudyDescription), "CT thorax XXXX XXX follow-up");
  DcmFileFormat basic;
  ASSERT_TRUE(basic.loadFile(OFFilename(dir.path("basic.dcm").c_str())).good());
  EXPECT_FALSE(basic.getDataset()->tagExists(DCM_StudyDescription));  // X without the option
}

TEST(Deidentifier, PrivateAttributesAreGoneAtEveryLevel) {
  privacy::test::TempDir dir;
  for (const char* name : {"nested_priv_SQ.dcm", "priv_SQ.dcm", "CT_small.dcm"}) {
    const std::string output = dir.path(name);
    const auto result = run(pydicom_file(name), output, DeidentifySettings{{}, true});
    ASSERT_TRUE(result) << result.error().to_string();
    const std::string dump = test::run("dcmdump +L " + output);
    const std::string input_dump = test::run("dcmdump +L " + pydicom_file(name));
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
  const auto held = run(pydicom_file("SC_rgb_small_odd.dcm"), dir.path("held.dcm"));
  ASSERT_TRUE(held);
  EXPECT_EQ(held->outcome, Outcome::burned_in);
  EXPECT_NE(held->review_reason.find("1.2.840.10008.5.1.4.1.1.7"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.path("held.dcm")));

  const auto allowed = run(pydicom_file("SC_rgb_small_odd.dcm"), dir.path("allowed.dcm"),
                           DeidentifySettings{{}, true});
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->outcome, Outcome::written);
  EXPECT_TRUE(std::filesystem::exists(dir.path("allowed.dcm")));

  const std::string no =
      edited_copy("SC_rgb_small_odd.dcm", dir.path("no_in.dcm"), [](DcmFileFormat& file) {
        file.getDataset()->putAndInsertString(DCM_BurnedInAnnotation, "NO");
      });
  const auto written = run(no, dir.path("no.dcm"));
  ASSERT_TRUE(written);
  EXPECT_EQ(written->outcome, Outcome::written);

  const std::string yes =
      edited_copy("CT_small.dcm", dir.path("yes_in.dcm"), [](DcmFileFormat& file) {
        file.getDataset()->putAndInsertString(DCM_BurnedInAnnotation, "YES");
      });
  const auto flagged = run(yes, dir.path("yes.dcm"));
  ASSERT_TRUE(flagged);
  EXPECT_EQ(flagged->outcome, Outcome::burned_in);
  EXPECT_EQ(flagged->review_reason, "Burned In Annotation (0028,0301) is YES");
}

// `reason` is the whole message when `exact`, else a part of it (the rest is DCMTK's wording).
void expect_refused(const std::string& input, const std::string& reason, bool exact = false) {
  privacy::test::TempDir dir;
  const auto result = run(input, dir.path("out.dcm"));
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

  const auto no_folder = run(pydicom_file("CT_small.dcm"), dir.path("absent/out.dcm"));
  ASSERT_FALSE(no_folder);
  EXPECT_EQ(no_folder.error().code, core::ErrorCode::io);

  test::write_bytes(dir.path("exists.dcm"), "x");
  const auto exists = run(pydicom_file("CT_small.dcm"), dir.path("exists.dcm"));
  ASSERT_FALSE(exists);
  EXPECT_EQ(test::read_bytes(dir.path("exists.dcm")), "x");
}

}  // namespace
}  // namespace oncoshare::dicom

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
  ASSERT_TRUE(run(input, dir.path("out.dcm")));
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile(OFFilename(dir.path("out.dcm").c_str())).good());
  EXPECT_FALSE(file.getDataset()->tagExists(DcmTagKey(0x6000, 0x3000)));
  EXPECT_FALSE(file.getDataset()->tagExists(DcmTagKey(0x6000, 0x0010)));
  EXPECT_TRUE(file.getDataset()->tagExists(DCM_Rows));
}

}  // namespace
}  // namespace oncoshare::dicom

namespace oncoshare::dicom {
namespace {

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
  ASSERT_NE(test::run("dcmdump " + input).find("(0010,0010) UN"), std::string::npos);
  const auto result = run(input, dir.path("out.dcm"));
  ASSERT_TRUE(result) << result.error().to_string();
  const std::string bytes = test::read_bytes(dir.path("out.dcm"));
  EXPECT_EQ(bytes.find("Unknownvr"), std::string::npos);
  EXPECT_EQ(bytes.find("UN Encoded Hospital"), std::string::npos);
  EXPECT_EQ(bytes.find("1.2.826.0.1.3680043.8.498.55"), std::string::npos);
  EXPECT_EQ(attribute(dir.path("out.dcm"), DCM_InstitutionName), "ANONYMOUS");
  EXPECT_EQ(result->record.study_uid, mapped_uid(test::uid_key(), "1.2.826.0.1.3680043.8.498.55"));
}

}  // namespace
}  // namespace oncoshare::dicom

namespace oncoshare::dicom {
namespace {

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
  ASSERT_TRUE(run(input, dir.path("out.dcm")));
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
  ASSERT_TRUE(run(pydicom_file("test-SR.dcm"), dir.path("sr.dcm")));
  const std::string sr = test::run("dcmdump " + dir.path("sr.dcm"));
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
