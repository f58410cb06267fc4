// `oncoshare dicom deidentify` run as a user runs it: images of synthetic-cohort patients take
// their clinical pseudonym and date shift and join their `oncoshare fhir` bundle; bad files
// are reported while the others are written; burned-in suspects wait for review; the output
// goes straight into `oncoshare package`.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "dicom/dicom_test_support.hpp"
#include "dicom/link_test_support.hpp"

namespace oncoshare::dicom {
namespace {

namespace fs = std::filesystem;
using fhir::test::CliRun;
using fhir::test::oncoshare;
// Every file below `dir`, relative path -> bytes.
std::map<std::string, std::string> tree(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files[fs::relative(e.path(), dir).string()] = test::read_bytes(e.path().string());
  }
  return files;
}

// The de-identified instances of an output, by their path below it.
std::vector<std::string> instances(const std::string& out) {
  std::vector<std::string> found;
  for (const auto& [path, bytes] : tree(out)) {
    if (path.ends_with(".dcm")) found.push_back(out + "/" + path);
  }
  return found;
}

// A copy of pydicom's `name` as an image of `patient_id` taken on `date` (YYYY-MM-DD), in
// series `series` ("" keeps the file's own).
std::string image_of(const std::string& name, const std::string& path, const std::string& patient_id,
                     const std::string& date, const std::string& series = {}) {
  std::string da = date;
  std::erase(da, '-');
  return edited_copy(name, path, [&](DcmFileFormat& file) {
    DcmDataset* d = file.getDataset();
    ASSERT_TRUE(d->putAndInsertString(DCM_PatientID, patient_id.c_str()).good());
    ASSERT_TRUE(d->putAndInsertString(DCM_StudyDate, da.c_str()).good());
    if (!series.empty()) {
      ASSERT_TRUE(d->putAndInsertString(DCM_SeriesInstanceUID, series.c_str()).good());
      ASSERT_TRUE(d->putAndInsertString(DCM_SOPInstanceUID, (series + ".1").c_str()).good());
      ASSERT_TRUE(file.getMetaInfo()->putAndInsertString(DCM_MediaStorageSOPInstanceUID, (series + ".1").c_str()).good());
    }
  });
}

TEST(DicomCli, ImagesTakeTheClinicalPseudonymAndShiftAndJoinTheClinicalBundle) {
  (void)pydicom_file();  // skips without pydicom's sample files
  privacy::test::TempDir dir;
  const std::string fhir_out = dir.path("fhir");
  const CliRun fhir = oncoshare(fhir::test::fhir_args(fhir_out) + " --dates shift --max-shift-days 30");
  ASSERT_EQ(fhir.exit_code, 0) << fhir.err;

  const std::map<std::string, std::string> dates = test::diagnosis_dates();
  ASSERT_GE(dates.size(), 2u);
  const auto first = dates.begin();
  const auto second = std::next(first);
  fs::create_directories(dir.path("images/ct"));
  fs::create_directories(dir.path("images/mr"));
  // Two series of the first patient's CT study, one MR study of the second.
  (void)image_of("CT_small.dcm", dir.path("images/ct/a.dcm"), "MRN-0001", first->second);
  (void)image_of("CT_small.dcm", dir.path("images/ct/b.dcm"), "MRN-0001", first->second, "1.2.826.0.1.3680043.99.7");
  (void)image_of("MR_small.dcm", dir.path("images/mr/c.dcm"), "MRN-0002", second->second);
  fhir::test::write(dir.path("link.csv"), "dicom_patient_id,record_id\nMRN-0001," + first->first + "\nMRN-0002," +
                                              second->first + "\n");

  const std::string out = dir.path("out");
  const CliRun run = oncoshare("dicom deidentify --in " + dir.path("images") + " --out " + out + " --key-file " +
                               fhir::test::work_dir() + "/site.key --link " + dir.path("link.csv") +
                               " --option retain-modified-dates --max-shift-days 30 --fhir " + fhir_out);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json summary = nlohmann::json::parse(run.out);
  EXPECT_EQ(summary["written"], 3);
  EXPECT_EQ(summary["studies"], 2);
  EXPECT_EQ(summary["series"], 3);
  EXPECT_EQ(summary["combined_bundles"], 2);

  // Each instance: the patient's clinical pseudonym, and a study date that is the Condition
  // onset of the clinical bundle (both shifted by the patient's one shift).
  std::map<std::string, std::set<std::string>> studies_of, series_of;
  for (const std::string& path : instances(out)) {
    const std::string pseudonym = attribute(path, DCM_PatientID);
    EXPECT_EQ(attribute(path, DCM_PatientName), pseudonym);
    EXPECT_EQ(attribute(path, DCM_PatientIdentityRemoved), "YES");
    EXPECT_EQ(attribute(path, DCM_LongitudinalTemporalInformationModified), "MODIFIED");
    studies_of[pseudonym].insert(attribute(path, DCM_StudyInstanceUID));
    series_of[pseudonym].insert(attribute(path, DCM_SeriesInstanceUID));

    bool found = false;
    for (const auto& entry : fs::directory_iterator(out + "/combined")) {
      const nlohmann::json bundle = nlohmann::json::parse(test::read_bytes(entry.path().string()));
      std::string identifier, onset, started;
      for (const auto& e : bundle["entry"]) {
        const nlohmann::json& r = e["resource"];
        if (r["resourceType"] == "Patient") identifier = r["identifier"][0]["value"];
        if (r["resourceType"] == "Condition" && r.contains("onsetDateTime")) onset = r["onsetDateTime"];
        if (r["resourceType"] == "ImagingStudy") started = r["started"];
      }
      if (identifier != pseudonym) continue;
      found = true;
      std::string da = onset.substr(0, 10);
      EXPECT_EQ(started, da);
      std::erase(da, '-');
      EXPECT_EQ(attribute(path, DCM_StudyDate), da) << "imaging and clinical dates of one patient disagree";
    }
    EXPECT_TRUE(found) << "no combined bundle holds the patient of " << path;
  }
  ASSERT_EQ(studies_of.size(), 2u);
  for (const auto& [pseudonym, studies] : studies_of) {
    EXPECT_EQ(pseudonym.size(), 64u);
    EXPECT_EQ(studies.size(), 1u);  // the CT's two series keep their one shared study
  }
  EXPECT_EQ(series_of[attribute(instances(out).front(), DCM_PatientID)].size() +
                series_of[attribute(instances(out).back(), DCM_PatientID)].size(),
            3u);
  const nlohmann::json verdict = fhir::test::validate(out + "/combined");
  EXPECT_EQ(verdict["errors"], nlohmann::json::array()) << verdict.dump(2);
  EXPECT_EQ(verdict["bundles"], 2);

  // Straight into an archive package.
  const CliRun keygen = fhir::test::shell("C4GH_PASSPHRASE=pw " + std::string(ONCOSHARE_BINARY) +
                                          " crypt4gh keygen --sk " + dir.path("archive.sec") + " --pk " +
                                          dir.path("archive.pub"));
  ASSERT_EQ(keygen.exit_code, 0) << keygen.err;
  const CliRun package = oncoshare("package --in " + out + " --recipient_pk " + dir.path("archive.pub") +
                                   " --out " + dir.path("package"));
  EXPECT_EQ(package.exit_code, 0) << package.err;
}

TEST(DicomCli, BadFilesAreReportedAndTheOthersWrittenWhole) {
  (void)pydicom_file();
  privacy::test::TempDir dir;
  fs::create_directories(dir.path("images/sub"));
  fs::copy_file(pydicom_file("CT_small.dcm"), dir.path("images/ct.dcm"));
  fs::copy_file(pydicom_file("MR_truncated.dcm"), dir.path("images/sub/truncated.dcm"));
  fhir::test::write(dir.path("images/notes.txt"), "not an image\n");
  const std::string args = "dicom deidentify --in " + dir.path("images") + " --key-file " +
                           fhir::test::work_dir() + "/site.key --out ";

  const CliRun run = oncoshare(args + dir.path("out"));
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("2 file(s) could not be de-identified"), std::string::npos) << run.err;
  const std::map<std::string, std::string> files = tree(dir.path("out"));
  ASSERT_TRUE(files.contains("failures.csv"));
  const std::string& failures = files.at("failures.csv");
  EXPECT_EQ(failures.substr(0, failures.find('\n')), "path,reason");
  EXPECT_NE(failures.find("\nnotes.txt,"), std::string::npos) << failures;
  EXPECT_NE(failures.find("\nsub/truncated.dcm,"), std::string::npos) << failures;
  // Only complete files: the one instance, its imaging bundle, the list and the marker.
  std::size_t dcm = 0;
  for (const auto& [path, bytes] : files) {
    if (path.ends_with(".dcm")) {
      ++dcm;
      DcmFileFormat file;
      EXPECT_TRUE(file.loadFile(OFFilename((dir.path("out") + "/" + path).c_str())).good()) << path;
      EXPECT_TRUE(path.starts_with("dicom/")) << path;
    } else {
      EXPECT_TRUE(path == "failures.csv" || path == ".oncoshare-output" || path.starts_with("imaging/")) << path;
    }
  }
  EXPECT_EQ(dcm, 1u);

  // The same input twice: the same bytes.
  const CliRun again = oncoshare(args + dir.path("again"));
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(tree(dir.path("again")), files);
}

TEST(DicomCli, BurnedInSuspectsWaitForReviewUnlessAllowed) {
  (void)pydicom_file();
  privacy::test::TempDir dir;
  fs::create_directories(dir.path("images"));
  fs::copy_file(pydicom_file("SC_rgb_small_odd.dcm"), dir.path("images/capture.dcm"));
  const std::string args = "dicom deidentify --in " + dir.path("images") + " --key-file " +
                           fhir::test::work_dir() + "/site.key --out ";
  const CliRun held = oncoshare(args + dir.path("held"));
  EXPECT_EQ(held.exit_code, 0) << held.err;
  EXPECT_EQ(nlohmann::json::parse(held.out)["for_review"], 1);
  EXPECT_TRUE(instances(dir.path("held")).empty());
  const std::string review = test::read_bytes(dir.path("held/review.csv"));
  EXPECT_NE(review.find("\ncapture.dcm,"), std::string::npos) << review;
  EXPECT_NE(held.err.find("--allow-burned-in"), std::string::npos) << held.err;

  const CliRun allowed = oncoshare(args + dir.path("allowed") + " --allow-burned-in");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_EQ(instances(dir.path("allowed")).size(), 1u);
  EXPECT_FALSE(fs::exists(dir.path("allowed/review.csv")));
}

TEST(DicomCli, BadUsageIsRefusedBeforeAnythingIsWritten) {
  (void)pydicom_file();
  privacy::test::TempDir dir;
  fs::create_directories(dir.path("images"));
  fs::copy_file(pydicom_file("CT_small.dcm"), dir.path("images/ct.dcm"));
  const std::string key = " --key-file " + fhir::test::work_dir() + "/site.key";

  CliRun r = oncoshare("dicom deidentify --in " + dir.path("images") + key + " --out " + dir.path("out") +
                       " --option retain-everything");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--option: unknown option 'retain-everything'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.path("out")));

  r = oncoshare("dicom deidentify --in " + dir.path("images") + key + " --out " + dir.path("images/out"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_FALSE(fs::exists(dir.path("images/out")));

  fhir::test::write(dir.path("link.csv"), "mrn,record\n");
  r = oncoshare("dicom deidentify --in " + dir.path("images") + key + " --out " + dir.path("out") + " --link " +
                dir.path("link.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("link.csv:1"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.path("out")));

  r = oncoshare("dicom --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("deidentify"), std::string::npos);
}

}  // namespace
}  // namespace oncoshare::dicom

namespace oncoshare::dicom {
namespace {

TEST(DicomSynthCli, StudiesOfTheFirstDatedRecordsWithTheirLinkFile) {
  privacy::test::TempDir dir;
  const std::string out = dir.path("synth");
  const CliRun r = fhir::test::oncoshare("dicom synth --data " + fhir::test::cohort("site_1.csv") +
                                         " --patients 3 --instances-per-series 2 --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::map<std::string, std::string> dates = test::diagnosis_dates();
  const std::string link = test::read_bytes(out + "/link.csv");
  std::istringstream lines(link);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "dicom_patient_id,record_id");
  std::size_t rows = 0;
  while (std::getline(lines, line)) {
    ++rows;
    const std::string mrn = line.substr(0, line.find(','));
    const std::string record = line.substr(line.find(',') + 1);
    ASSERT_TRUE(dates.contains(record)) << record;
    std::string da = dates.at(record);
    std::erase(da, '-');
    std::size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(out + "/images/" + mrn)) {
      if (!e.is_regular_file()) continue;
      ++files;
      EXPECT_EQ(attribute(e.path().string(), DCM_PatientID), mrn);
      EXPECT_EQ(attribute(e.path().string(), DCM_StudyDate), da);
    }
    EXPECT_EQ(files, 4u);  // two series of two
  }
  EXPECT_EQ(rows, 3u);

  const CliRun missing = fhir::test::oncoshare("dicom synth --data " + fhir::test::cohort("site_1.csv") +
                                               " --date-column scan_date --out " + dir.path("other"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("field 'scan_date': the export has no column 'scan_date'"), std::string::npos)
      << missing.err;
  EXPECT_FALSE(fs::exists(dir.path("other")));
}

}  // namespace
}  // namespace oncoshare::dicom
