// The link file and the PatientLinker: parsing, every error with its message, and the check
// that matters: a DICOM patient gets exactly the pseudonym and date shift `oncoshare fhir`
// gives that patient's clinical record.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/civil_date.hpp"
#include "dicom/link_test_support.hpp"
#include "dicom/patient_link.hpp"
#include "fhir/patient_identity.hpp"
#include "privacy/dates.hpp"

namespace oncoshare::dicom {
namespace {

std::string link_error(const std::string& text) {
  core::Result<LinkTable> table = parse_link_file(text, "link.csv");
  EXPECT_FALSE(table.has_value());
  if (table) return {};
  EXPECT_EQ(table.error().code, core::ErrorCode::bad_input);
  return table.error().to_string();
}

privacy::DatePolicy shift(std::int32_t max_days) {
  privacy::DatePolicy dates;
  dates.mode = privacy::DateMode::shift;
  dates.max_shift_days = max_days;
  return dates;
}

TEST(LinkFile, ReadsRowsTrimmingPatientIdPadding) {
  core::Result<LinkTable> table =
      parse_link_file("dicom_patient_id,record_id\nPAT-1 ,101\n\"PAT,2\",102\n  PAT-3,103 \nPAT-1,101\n", "link.csv");
  ASSERT_TRUE(table.has_value()) << table.error().to_string();
  EXPECT_EQ(table->file, "link.csv");
  const std::unordered_map<std::string, std::string> expected{{"PAT-1", "101"}, {"PAT,2", "102"}, {"PAT-3", "103 "}};
  EXPECT_EQ(table->records, expected);
}

TEST(LinkFile, HeaderOnlyIsAnEmptyTable) {
  core::Result<LinkTable> table = parse_link_file("dicom_patient_id,record_id\n", "link.csv");
  ASSERT_TRUE(table.has_value());
  EXPECT_TRUE(table->records.empty());
}

TEST(LinkFile, ErrorsNameLineColumnAndFieldButNoValue) {
  EXPECT_EQ(link_error(""), "link.csv: the link file is empty: expected the header 'dicom_patient_id,record_id'");
  EXPECT_EQ(link_error("patient,record\nA,1\n"), "link.csv:1:1: the header must be 'dicom_patient_id,record_id'");
  EXPECT_EQ(link_error("record_id,dicom_patient_id\n"), "link.csv:1:1: the header must be 'dicom_patient_id,record_id'");
  EXPECT_EQ(link_error("dicom_patient_id,record_id,site\n"),
            "link.csv:1:1: the header must be 'dicom_patient_id,record_id'");
  EXPECT_EQ(link_error("dicom_patient_id,record_id\nA-1,1\n,2\n"),
            "link.csv:3:1: field 'dicom_patient_id': empty cell: every row needs a DICOM PatientID");
  EXPECT_EQ(link_error("dicom_patient_id,record_id\n   ,2\n"),
            "link.csv:2:1: field 'dicom_patient_id': empty cell: every row needs a DICOM PatientID");
  EXPECT_EQ(link_error("dicom_patient_id,record_id\nPAT-77,\n"),
            "link.csv:2:8: field 'record_id': empty cell: every row needs a record id");
  EXPECT_EQ(link_error("dicom_patient_id,record_id\nPAT-77,1\nPAT-78,2\nPAT-77,3\n"),
            "link.csv:4:1: field 'dicom_patient_id': this PatientID is linked to a different record on line 2");
}

TEST(LinkFile, MalformedCsvIsTheReadersErrorWithItsPosition) {
  const std::string message = link_error("dicom_patient_id,record_id\nPAT-77,1,extra\n");
  EXPECT_TRUE(message.starts_with("link.csv:2:")) << message;
  EXPECT_EQ(message.find("PAT-77"), std::string::npos) << message;
}

TEST(LinkFile, MissingFileIsAnIoError) {
  core::Result<LinkTable> table = read_link_file(::testing::TempDir() + "/no_such_link.csv");
  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().code, core::ErrorCode::io);
}

TEST(LinkFile, ReadsAFile) {
  const std::string path = ::testing::TempDir() + "/dicom_link_" + std::to_string(::getpid()) + ".csv";
  fhir::test::write(path, "\xEF\xBB\xBF" "dicom_patient_id,record_id\r\nPAT-1,101\r\n");
  core::Result<LinkTable> table = read_link_file(path);
  ASSERT_TRUE(table.has_value()) << table.error().to_string();
  EXPECT_EQ(table->file, path);
  EXPECT_EQ(table->records.at("PAT-1"), "101");
  std::filesystem::remove(path);
}

TEST(PatientLinker, RefusesIntervalDatesAndNoSiteKey) {
  const privacy::Key site = privacy::Key::generate();
  privacy::DatePolicy interval;
  interval.mode = privacy::DateMode::interval;
  core::Result<PatientLinker> linker = PatientLinker::create(std::nullopt, {&site, nullptr}, interval);
  ASSERT_FALSE(linker.has_value());
  EXPECT_EQ(linker.error().code, core::ErrorCode::bad_input);
  EXPECT_EQ(linker.error().to_string(),
            "--dates interval cannot be used for DICOM: its dates must stay calendar dates, which day counts from a "
            "reference are not; use --dates shift or keep");
  linker = PatientLinker::create(std::nullopt, {nullptr, nullptr}, {});
  ASSERT_FALSE(linker.has_value());
  EXPECT_EQ(linker.error().to_string(), "linking DICOM patients needs the site key (--key-file)");
}

TEST(PatientLinker, WithoutLinkFileThePatientIdIsTheRecordId) {
  const privacy::Key site = privacy::Key::generate();
  core::Result<PatientLinker> linker = PatientLinker::create(std::nullopt, {&site, nullptr}, {});
  ASSERT_TRUE(linker.has_value());
  EXPECT_EQ(linker->linked_ids(), 0u);
  core::Result<LinkedPatient> patient = linker->resolve("  101 ");  // DICOM padding ignored
  ASSERT_TRUE(patient.has_value());
  EXPECT_EQ(patient->pseudonym, privacy::pseudonym(site, "101"));
  EXPECT_EQ(patient->shift_days, 0);  // --dates keep
}

TEST(PatientLinker, LinkFileGivesTheRecordAndShiftFollowsThePolicy) {
  const privacy::Key site = privacy::Key::generate();
  const privacy::Key project = privacy::Key::generate();
  core::Result<LinkTable> table = parse_link_file("dicom_patient_id,record_id\nPAT-1,101\n", "link.csv");
  ASSERT_TRUE(table.has_value());
  core::Result<PatientLinker> linker = PatientLinker::create(std::move(*table), {&site, &project}, shift(30));
  ASSERT_TRUE(linker.has_value());
  EXPECT_EQ(linker->linked_ids(), 1u);
  core::Result<LinkedPatient> patient = linker->resolve("PAT-1");
  ASSERT_TRUE(patient.has_value());
  EXPECT_EQ(patient->pseudonym, privacy::pseudonym(site, project, "101"));
  EXPECT_EQ(patient->shift_days, privacy::date_shift_days(site, patient->pseudonym, 30));
  EXPECT_NE(patient->shift_days, 0);
  EXPECT_LE(std::abs(patient->shift_days), 30);
}

TEST(PatientLinker, UnknownOrEmptyPatientIdIsAnErrorThatNamesNoId) {
  const privacy::Key site = privacy::Key::generate();
  core::Result<LinkTable> table = parse_link_file("dicom_patient_id,record_id\nPAT-1,101\n", "link.csv");
  ASSERT_TRUE(table.has_value());
  core::Result<PatientLinker> linker = PatientLinker::create(std::move(*table), {&site, nullptr}, {});
  ASSERT_TRUE(linker.has_value());
  core::Result<LinkedPatient> unknown = linker->resolve("SECRET-ID-42");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, core::ErrorCode::bad_input);
  EXPECT_EQ(unknown.error().to_string(), "link.csv: patient not in the link file");
  for (const char* empty : {"", "   "}) {
    core::Result<LinkedPatient> none = linker->resolve(empty);
    ASSERT_FALSE(none.has_value());
    EXPECT_EQ(none.error().to_string(), "the DICOM PatientID is empty: the patient cannot be linked");
  }
}

// ---- the cross-check with the real `oncoshare fhir` -----------------------------------

// Runs `oncoshare fhir --dates shift --max-shift-days 30` on the cohort (with the project
// key when asked) and checks, for every record with a diagnosis date, reached through a link
// file: the patient's bundle is named after its Patient, which carries the linker's
// pseudonym, and the Condition's onset is the diagnosis date moved by the linker's shift.
void expect_linker_matches_fhir(bool project_key) {
  const std::string out = test::work_dir() + (project_key ? "/dicom_link_two_stage" : "/dicom_link_one_stage");
  std::filesystem::remove_all(out);
  std::string args = fhir::test::fhir_args(out) + " --dates shift --max-shift-days 30";
  if (project_key) args += " --project-key-file " + test::work_dir() + "/project.key";
  const fhir::test::CliRun run = fhir::test::oncoshare(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;

  const std::map<std::string, std::string> dates = test::diagnosis_dates();
  ASSERT_GT(dates.size(), 10u);
  std::string link = "dicom_patient_id,record_id\n";
  for (const auto& [record, date] : dates) link += "DCM-" + record + "," + record + "\n";
  core::Result<LinkTable> table = parse_link_file(link, "link.csv");
  ASSERT_TRUE(table.has_value()) << table.error().to_string();
  const privacy::Key site = test::load_key("site.key");
  const privacy::Key project = test::load_key("project.key");
  core::Result<PatientLinker> linker =
      PatientLinker::create(std::move(*table), {&site, project_key ? &project : nullptr}, shift(30));
  ASSERT_TRUE(linker.has_value());

  std::size_t checked = 0;
  std::set<std::int32_t> shifts;
  for (const auto& [record, date] : dates) {
    core::Result<LinkedPatient> patient = linker->resolve("DCM-" + record);
    ASSERT_TRUE(patient.has_value()) << patient.error().to_string();
    const std::string bundle_path = out + "/" + fhir::patient_resource_id(patient->pseudonym) + ".json";
    ASSERT_TRUE(std::filesystem::exists(bundle_path)) << record;
    const nlohmann::json bundle = nlohmann::json::parse(fhir::test::slurp(bundle_path));
    const std::int64_t day = *core::parse_iso_date(date);
    bool patient_seen = false, onset_seen = false;
    for (const nlohmann::json& entry : bundle["entry"]) {
      const nlohmann::json& r = entry["resource"];
      if (r["resourceType"] == "Patient") {
        patient_seen = true;
        EXPECT_EQ(r["identifier"][0]["value"], patient->pseudonym) << record;
      }
      if (r["resourceType"] == "Condition" && r.contains("onsetDateTime")) {
        onset_seen = true;
        EXPECT_EQ(r["onsetDateTime"], core::format_iso_date(day + patient->shift_days)) << record;
      }
    }
    EXPECT_TRUE(patient_seen) << record;
    EXPECT_TRUE(onset_seen) << record;
    shifts.insert(patient->shift_days);
    ++checked;
  }
  EXPECT_EQ(checked, dates.size());
  EXPECT_GT(shifts.size(), 5u);  // the shifts really differ between patients
  EXPECT_EQ(shifts.count(0), 0u);
}

TEST(PatientLinkerCli, PseudonymAndShiftAreThoseOfOncoshareFhir) { expect_linker_matches_fhir(false); }

TEST(PatientLinkerCli, PseudonymAndShiftAreThoseOfOncoshareFhirWithAProjectKey) { expect_linker_matches_fhir(true); }

}  // namespace
}  // namespace oncoshare::dicom
