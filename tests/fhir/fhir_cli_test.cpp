// `oncoshare fhir` end to end on the synthetic cohort, checked by two independent npm FHIR
// validators, mCODE required elements, de-identification and the bad-input contract.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include <algorithm>
#include <set>

#include "fhir/fhir_test_support.hpp"

namespace oncoshare::fhir {
namespace {

using test::cohort;
using test::fhir_args;
using test::oncoshare;
using test::CliRun;
using test::work_dir;

const std::string kMcode = "http://hl7.org/fhir/us/mcode/StructureDefinition/";

bool has_profile(const nlohmann::json& r, const std::string& id) {
  return r.contains("meta") && r["meta"]["profile"][0] == kMcode + id;
}

// Converts once per format and caches the directory.
const std::string& converted(const std::string& format) {
  static std::map<std::string, std::string> dirs;
  auto it = dirs.find(format);
  if (it == dirs.end()) {
    const std::string out = work_dir() + "/out_" + format;
    const CliRun r = oncoshare(fhir_args(out) + " --format " + format + " --dates shift");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    it = dirs.emplace(format, out).first;
  }
  return it->second;
}

nlohmann::json summary_of(const std::string& format) {
  const CliRun r = oncoshare(fhir_args(work_dir() + "/summary_" + format) + " --format " + format);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

TEST(FhirCli, BundlesPassBothValidatorsWithZeroErrors) {
  const std::string& dir = converted("bundles");
  const nlohmann::json verdict = test::validate(dir);
  EXPECT_EQ(verdict["errors"], nlohmann::json::array()) << verdict.dump(2);
  const auto all = test::resources(dir);
  ASSERT_GT(all.size(), 0u);
  EXPECT_EQ(verdict["resources"], all.size());
  EXPECT_EQ(verdict["bundles"], 60);
  const nlohmann::json summary = summary_of("bundles");
  EXPECT_EQ(summary["resources"], all.size());
  EXPECT_EQ(summary["patients"], 60);
}

TEST(FhirCli, NdjsonPassesBothValidatorsWithZeroErrors) {
  const std::string& dir = converted("ndjson");
  const nlohmann::json verdict = test::validate(dir);
  EXPECT_EQ(verdict["errors"], nlohmann::json::array()) << verdict.dump(2);
  const auto all = test::resources(dir);
  EXPECT_EQ(verdict["resources"], all.size());
  std::set<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.insert(e.path().filename().string());
  EXPECT_EQ(files, (std::set<std::string>{".oncoshare-output", "Condition.ndjson", "MedicationAdministration.ndjson",
                                          "Observation.ndjson", "Patient.ndjson", "Procedure.ndjson"}));
  for (const auto& r : all) {
    if (r["resourceType"] == "Condition") {
      EXPECT_EQ(r["subject"]["reference"].get<std::string>().rfind("Patient/", 0), 0u) << r.dump();
    }
  }
}

TEST(FhirCli, BundleIsATransactionWithResolvableUrnReferences) {
  const std::string& dir = converted("bundles");
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().filename() == ".oncoshare-output") continue;  // the output marker, not a bundle
    const nlohmann::json bundle = nlohmann::json::parse(test::slurp(e.path().string()));
    ASSERT_EQ(bundle["type"], "transaction");
    std::set<std::string> full_urls;
    int patients = 0;
    for (const auto& entry : bundle["entry"]) {
      const std::string id = entry["resource"]["id"];
      EXPECT_EQ(entry["fullUrl"], "urn:uuid:" + id);
      EXPECT_EQ(id[14], '5') << "UUID version 5: " << id;
      EXPECT_EQ(entry["request"]["method"], "PUT");
      EXPECT_EQ(entry["request"]["url"], entry["resource"]["resourceType"].get<std::string>() + "/" + id);
      full_urls.insert(entry["fullUrl"]);
      if (entry["resource"]["resourceType"] == "Patient") ++patients;
    }
    EXPECT_EQ(patients, 1);
    // Every reference inside the bundle points at one of its entries.
    const std::string text = bundle.dump();
    for (std::size_t at = text.find("\"reference\":\""); at != std::string::npos;
         at = text.find("\"reference\":\"", at + 1)) {
      const std::size_t start = at + 13;
      const std::string target = text.substr(start, text.find('"', start) - start);
      EXPECT_TRUE(full_urls.count(target)) << target << " in " << e.path();
    }
  }
}

TEST(FhirCli, McodeRequiredElementsPerProfile) {
  int stage_groups = 0, tnm = 0, markers = 0, patients = 0, surgeries = 0, radiotherapy = 0, meds = 0;
  for (const auto& r : test::resources(converted("bundles"))) {
    if (has_profile(r, "mcode-cancer-patient")) {
      ++patients;
      EXPECT_TRUE(r.contains("gender") || r.contains("_gender")) << r.dump();
      EXPECT_TRUE(r.contains("birthDate") || r["_birthDate"]["extension"][0]["valueCode"].is_string()) << r.dump();
    }
    if (has_profile(r, "mcode-tnm-stage-group") || has_profile(r, "mcode-tnm-primary-tumor-category") ||
        has_profile(r, "mcode-tnm-regional-nodes-category") || has_profile(r, "mcode-tnm-distant-metastases-category")) {
      ++tnm;
      EXPECT_TRUE(r.contains("method")) << r.dump();
      ASSERT_TRUE(r.contains("focus")) << r.dump();
      EXPECT_EQ(r["focus"].size(), 1u);
      EXPECT_TRUE(r.contains("valueCodeableConcept") || r.contains("dataAbsentReason")) << r.dump();
    }
    if (has_profile(r, "mcode-tnm-stage-group")) {
      ++stage_groups;
      EXPECT_EQ(r["code"]["coding"][0]["code"], "399537006");
    }
    if (has_profile(r, "mcode-tumor-marker-test")) {
      ++markers;
      EXPECT_TRUE(r.contains("valueCodeableConcept") || r.contains("valueQuantity") || r.contains("dataAbsentReason"))
          << r.dump();
      if (r.contains("valueQuantity")) {
        EXPECT_EQ(r["valueQuantity"]["system"], "http://unitsofmeasure.org");
        EXPECT_EQ(r["valueQuantity"]["code"], "ng/mL");
      }
    }
    if (has_profile(r, "mcode-cancer-related-surgical-procedure")) ++surgeries;
    if (has_profile(r, "mcode-radiotherapy-course-summary")) {
      ++radiotherapy;
      EXPECT_EQ(r["code"]["coding"][0]["code"], "1217123003");
    }
    if (has_profile(r, "mcode-cancer-related-medication-administration")) {
      ++meds;
      EXPECT_EQ(r["medicationCodeableConcept"]["coding"][0]["system"], "http://www.nlm.nih.gov/research/umls/rxnorm");
    }
  }
  EXPECT_EQ(patients, 60);
  EXPECT_GT(tnm, 60 * 3);
  EXPECT_GT(stage_groups, 0);
  EXPECT_GT(markers, 0);
  EXPECT_GT(surgeries, 0);
  EXPECT_GT(radiotherapy, 0);
  EXPECT_GT(meds, 0);
}

TEST(FhirCli, MeasurementsCarryUcumQuantities) {
  int heights = 0;
  for (const auto& r : test::resources(converted("bundles"))) {
    if (r["resourceType"] != "Observation" || r["code"]["coding"][0]["code"] != "8302-2") continue;
    ++heights;
    if (!r.contains("valueQuantity")) continue;
    EXPECT_EQ(r["valueQuantity"]["system"], "http://unitsofmeasure.org");
    EXPECT_EQ(r["valueQuantity"]["unit"], "cm");
    EXPECT_TRUE(r["valueQuantity"]["value"].is_number());
  }
  EXPECT_EQ(heights, 60);
}

TEST(FhirCli, IdentifierFieldsAndRecordIdsNeverWritten) {
  // birth_date and postcode are Identifier? = y in the synthetic dictionary.
  std::string all_output;
  for (const std::string format : {"bundles", "ndjson"}) {
    for (const auto& e : std::filesystem::directory_iterator(converted(format))) {
      all_output += test::slurp(e.path().string());
    }
  }
  const std::string site = test::slurp(cohort("site_1.csv"));
  std::istringstream lines(site);
  std::string line;
  std::getline(lines, line);  // header
  int checked = 0;
  while (std::getline(lines, line)) {
    std::vector<std::string> f;
    std::string cell;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') { quoted = !quoted; continue; }
      if (c == ',' && !quoted) { f.push_back(cell); cell.clear(); continue; }
      cell += c;
    }
    f.push_back(cell);
    if (!f[1].empty()) continue;  // repeat rows carry no demographics
    // columns: record_id, instrument, instance, dag, sex, birth_date, age_dx, postcode
    EXPECT_EQ(all_output.find("\"" + f[0] + "\""), std::string::npos) << f[0];
    EXPECT_EQ(all_output.find(f[5]), std::string::npos) << "birth date " << f[5];
    EXPECT_EQ(all_output.find(f[7]), std::string::npos) << "postcode " << f[7];
    ++checked;
  }
  EXPECT_GT(checked, 20);
  const nlohmann::json summary = summary_of("bundles");
  EXPECT_EQ(summary["identifier_values_withheld"], 120);  // 60 birth dates + 60 postcodes
}

TEST(FhirCli, SameInputAndKeyGiveByteIdenticalOutput) {
  const std::string again = work_dir() + "/again";
  const CliRun r = oncoshare(fhir_args(again) + " --format ndjson --dates shift");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& e : std::filesystem::directory_iterator(again)) {
    EXPECT_EQ(test::slurp(e.path().string()),
              test::slurp(converted("ndjson") + "/" + e.path().filename().string()));
  }
}

TEST(FhirCli, TwoStagePseudonymsDifferFromOneStage) {
  const std::string out = work_dir() + "/two_stage";
  const CliRun r = oncoshare(fhir_args(out) + " --format ndjson --project-key-file " + work_dir() + "/project.key");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string one = test::slurp(converted("ndjson") + "/Patient.ndjson");
  const std::string two = test::slurp(out + "/Patient.ndjson");
  const auto first_pseudonym = [](const std::string& text) {
    return nlohmann::json::parse(text.substr(0, text.find('\n')))["identifier"][0]["value"].get<std::string>();
  };
  EXPECT_EQ(first_pseudonym(one).size(), 64u);
  EXPECT_NE(first_pseudonym(one), first_pseudonym(two));
}

TEST(FhirCli, IntervalDatesCountFromTheDiagnosis) {
  const std::string out = work_dir() + "/interval";
  const CliRun r = oncoshare(fhir_args(out) + " --format ndjson --dates interval --date-reference diagnosis_date");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(test::slurp(out + "/Condition.ndjson"));
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    EXPECT_EQ(nlohmann::json::parse(line)["onsetDateTime"], "1970-01-01");
    ++n;
  }
  EXPECT_EQ(n, 60);
}

TEST(FhirCli, MinScoreSkipsRecordsThatFailQualityAndCountsThem) {
  // One record gets a height beyond the dictionary's maximum (230): a conformance failure.
  std::string text = test::slurp(cohort("site_1.csv"));
  const std::string header = text.substr(0, text.find('\n'));
  const std::size_t height_column = std::count(header.begin(), header.begin() + header.find(",height,") + 1, ',');
  std::size_t at = text.find('\n') + 1;
  for (std::size_t c = 0; c < height_column; ++c) at = text.find(',', at) + 1;
  text.replace(at, text.find(',', at) - at, "999");
  const std::string data = work_dir() + "/tall.csv";
  test::write(data, text);
  const CliRun r = oncoshare("fhir --dictionary " + cohort("dictionary.csv") + " --mapping " + cohort("mapping.csv") +
                             " --data " + data + " --data " + cohort("site_2.csv") + " --key-file " + work_dir() +
                             "/site.key --format ndjson --min-score 100 --out " + work_dir() + "/min_score");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["records_skipped_quality"], 1);
  EXPECT_EQ(summary["patients"], 59);
  const std::string patients = test::slurp(work_dir() + "/min_score/Patient.ndjson");
  EXPECT_EQ(std::count(patients.begin(), patients.end(), '\n'), 59);
}

// Regression: shifted dates left years 0001-9999 ("-1289-08-13", invalid FHIR). A date
// at each end of the range (not the birth date: it is masked) leaves it whichever way the
// patient is shifted; the warning names the record and field, never the date.
// site_1's export with the first record's `cells` (variable -> value) replaced, written as
// work_dir()/NAME.csv.
std::string export_with_first_record(const std::string& name, const std::map<std::string, std::string>& cells) {
  std::string text = test::slurp(cohort("site_1.csv"));
  const std::string header = text.substr(0, text.find('\n'));
  for (const auto& [variable, value] : cells) {
    const auto column = std::count(header.begin(), header.begin() + header.find("," + variable + ",") + 1, ',');
    std::size_t at = text.find('\n') + 1;
    for (std::ptrdiff_t c = 0; c < column; ++c) at = text.find(',', at) + 1;
    text.replace(at, text.find(',', at) - at, value);
  }
  const std::string path = work_dir() + "/" + name + ".csv";
  test::write(path, text);
  return path;
}

TEST(FhirCli, ShiftedDatesStayWithinYears0001To9999) {
  const std::string data =
      export_with_first_record("extreme_dates", {{"last_contact_date", "9999-12-31"}, {"diagnosis_date", "0001-01-01"}});
  const std::string out = work_dir() + "/extreme_dates";
  const CliRun r = oncoshare("fhir --dictionary " + cohort("dictionary.csv") + " --mapping " + cohort("mapping.csv") +
                             " --data " + data + " --key-file " + work_dir() +
                             "/site.key --format ndjson --dates shift --max-shift-days 3650 --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(data + ":2: field '"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("': the shifted date falls outside years 0001-9999; written as data absent (error)"),
            std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("9999-12-31"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("0001-01-01"), std::string::npos) << r.err;
  for (const auto& file : std::filesystem::directory_iterator(out)) {
    const std::string written = test::slurp(file.path().string());
    EXPECT_FALSE(std::regex_search(written, std::regex("\"(-[0-9]+|[0-9]{5,})-[0-9]{2}-[0-9]{2}"))) << file.path();
  }
}

// A cell that is no date or no number is written as data absent; the warning names the
// record and field but never repeats the cell (it may be a patient's value, mistyped).
TEST(FhirCli, UnreadableCellsAreWarnedWithoutTheirValue) {
  const std::string data =
      export_with_first_record("unreadable_cells", {{"diagnosis_date", "31/12/2019x"}, {"tumour_size_mm", "12mmQ"}});
  const CliRun r = oncoshare("fhir --dictionary " + cohort("dictionary.csv") + " --mapping " + cohort("mapping.csv") +
                             " --data " + data + " --key-file " + work_dir() + "/site.key --format ndjson --out " +
                             work_dir() + "/unreadable_cells");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("field 'diagnosis_date': not a date (YYYY-MM-DD); written as data absent (error)"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("field 'tumour_size_mm': not a number; written as data absent (error)"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("31/12/2019x"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("12mmQ"), std::string::npos) << r.err;
}

// The bundles of `dir` by file name.
std::map<std::string, nlohmann::json> bundles_in(const std::string& dir) {
  std::map<std::string, nlohmann::json> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".json") continue;
    out[e.path().filename().string()] = nlohmann::json::parse(test::slurp(e.path().string()));
  }
  return out;
}

bool absent_with_error(const nlohmann::json& element) {
  return element["extension"][0]["url"] == "http://hl7.org/fhir/StructureDefinition/data-absent-reason" &&
         element["extension"][0]["valueCode"] == "error";
}

// The first record's cells that are no choice of the dictionary (a radio, a dropdown and
// a sex code), next to site_2 unchanged, as bundles with shifted dates.
CliRun convert_with_unknown_choices(const std::string& out, const std::string& extra = "") {
  const std::string data =
      export_with_first_record("unknown_choices", {{"ct", "T9"}, {"topography", "C99.9"}, {"sex", "Q"}});
  return oncoshare("fhir --dictionary " + cohort("dictionary.csv") + " --mapping " + cohort("mapping.csv") +
                   " --data " + data + " --data " + cohort("site_2.csv") + " --key-file " + work_dir() +
                   "/site.key --dates shift --out " + out + extra);
}

// A value that is no choice of the dictionary (a typo in one record of many) is written
// as data absent (error) where its coding would be; the run goes on, the warning names
// file:line:field but never the value.
TEST(FhirCli, ValueThatIsNoChoiceIsWrittenAsDataAbsent) {
  const std::string out = work_dir() + "/unknown_choices";
  const CliRun r = convert_with_unknown_choices(out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string data = work_dir() + "/unknown_choices.csv";
  EXPECT_EQ(r.err, "oncoshare: warning: " + data +
                       ":2: field 'sex': not a choice of the dictionary (1, 2); written as data absent (error)\n"
                       "oncoshare: warning: " + data +
                       ":2: field 'topography': not a choice of the dictionary (C50.4, C50.9, C34.1, C34.9, C18.7, "
                       "C18.9, C19.9, C20.9, C61.9); written as data absent (error)\n"
                       "oncoshare: warning: " + data +
                       ":2: field 'ct': not a choice of the dictionary (T1, T2, T3, T4); written as data absent "
                       "(error)\n");
  EXPECT_EQ(r.err.find("T9"), std::string::npos);
  EXPECT_EQ(r.err.find("C99.9"), std::string::npos);
  const nlohmann::json summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["warnings"], 3);
  EXPECT_EQ(summary["patients"], 60);

  // Every other patient's bundle is byte-identical to the clean conversion; in the edited
  // patient's, exactly the Patient, its Condition and the cT Observation differ.
  const auto clean = bundles_in(converted("bundles"));
  const auto edited = bundles_in(out);
  ASSERT_EQ(edited.size(), 60u);
  int changed_bundles = 0;
  for (const auto& [file, bundle] : edited) {
    ASSERT_TRUE(clean.count(file)) << file;
    if (bundle == clean.at(file)) continue;
    ++changed_bundles;
    ASSERT_EQ(bundle["entry"].size(), clean.at(file)["entry"].size());
    std::set<std::string> changed;
    for (std::size_t i = 0; i < bundle["entry"].size(); ++i) {
      const nlohmann::json& now = bundle["entry"][i]["resource"];
      if (now == clean.at(file)["entry"][i]["resource"]) continue;
      changed.insert(now["resourceType"].get<std::string>());
      if (now["resourceType"] == "Patient") {
        EXPECT_FALSE(now.contains("gender")) << now.dump();
        EXPECT_TRUE(absent_with_error(now["_gender"])) << now.dump();
      } else if (now["resourceType"] == "Condition") {
        ASSERT_EQ(now["bodySite"].size(), 1u) << now.dump();
        EXPECT_FALSE(now["bodySite"][0].contains("coding")) << now.dump();
        EXPECT_TRUE(absent_with_error(now["bodySite"][0])) << now.dump();
      } else {
        EXPECT_TRUE(has_profile(now, "mcode-tnm-primary-tumor-category")) << now.dump();
        EXPECT_FALSE(now.contains("valueCodeableConcept")) << now.dump();
        EXPECT_EQ(now["dataAbsentReason"]["coding"][0]["system"],
                  "http://terminology.hl7.org/CodeSystem/data-absent-reason");
        EXPECT_EQ(now["dataAbsentReason"]["coding"][0]["code"], "error");
      }
    }
    EXPECT_EQ(changed, (std::set<std::string>{"Condition", "Observation", "Patient"}));
  }
  EXPECT_EQ(changed_bundles, 1);

  const nlohmann::json verdict = test::validate(out);
  EXPECT_EQ(verdict["errors"], nlohmann::json::array()) << verdict.dump(2);
  EXPECT_EQ(verdict["bundles"], 60);
}

// --strict: a warned value fails the run (exit 1) once the output is written; without
// warnings it changes nothing.
TEST(FhirCli, StrictExitsOneWhenAValueWasWarnedAbout) {
  const std::string out = work_dir() + "/unknown_choices_strict";
  const CliRun r = convert_with_unknown_choices(out, " --strict");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(r.err.ends_with("oncoshare: error: 3 warnings under --strict (the output is written)\n")) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["patients"], 60);
  EXPECT_EQ(bundles_in(out).size(), 60u);

  const CliRun clean = oncoshare(fhir_args(work_dir() + "/clean_strict") + " --format ndjson --strict");
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_EQ(clean.err, "");
}

// A checkbox column whose code the dictionary lacks (comorbidity___9) keeps what each row
// ticked, with the condition written as data absent (error), warned once per row.
TEST(FhirCli, CheckboxColumnWithAnUnknownCodeIsWrittenAsDataAbsent) {
  const std::string data = export_with_first_record("unknown_checkbox", {});
  std::string text = test::slurp(data);
  text.replace(text.find("comorbidity___4"), 15, "comorbidity___9");
  test::write(data, text);
  std::size_t marked_rows = 0, ticked = 0;
  {
    std::istringstream lines(text);
    std::string line;
    std::getline(lines, line);
    const auto column = std::count(line.begin(), line.begin() + line.find(",comorbidity___9,") + 1, ',');
    while (std::getline(lines, line)) {
      std::size_t at = 0;
      for (std::ptrdiff_t c = 0; c < column; ++c) at = line.find(',', at) + 1;
      const std::string mark = line.substr(at, line.find(',', at) - at);
      marked_rows += mark == "0" || mark == "1";
      ticked += mark == "1";
    }
  }
  ASSERT_GT(ticked, 0u);
  const std::string out = work_dir() + "/unknown_checkbox";
  const CliRun r = oncoshare("fhir --dictionary " + cohort("dictionary.csv") + " --mapping " + cohort("mapping.csv") +
                             " --data " + data + " --key-file " + work_dir() + "/site.key --format ndjson --out " +
                             out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(data + ":2: field 'comorbidity___9': the column's code is not a choice of the dictionary; "
                              "written as data absent (error)\n"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["warnings"], marked_rows);
  std::size_t absent_present = 0, absent_total = 0, heart_disease = 0;
  for (const auto& o : test::resources(out)) {
    if (!has_profile(o, "mcode-comorbidities")) continue;
    for (const auto& e : o["extension"]) {
      if (e["valueCodeableConcept"].contains("coding")) {
        heart_disease += e["valueCodeableConcept"]["coding"][0]["code"] == "56265001";
        continue;
      }
      EXPECT_TRUE(absent_with_error(e["valueCodeableConcept"])) << e.dump();
      ++absent_total;
      absent_present += e["url"] == kMcode + "mcode-comorbid-condition-present";
    }
  }
  EXPECT_EQ(absent_total, marked_rows);
  EXPECT_EQ(absent_present, ticked);
  EXPECT_EQ(heart_disease, 0u);
  const nlohmann::json verdict = test::validate(out);
  EXPECT_EQ(verdict["errors"], nlohmann::json::array()) << verdict.dump(2);
}

// ---- bad input: exit 2, one clear message, no output directory -------------------------

std::string mapping_with(const std::string& from, const std::string& to) {
  std::string text = test::slurp(cohort("mapping.csv"));
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  const std::string path = work_dir() + "/mapping_" + std::to_string(std::hash<std::string>{}(to)) + ".csv";
  test::write(path, text);
  return path;
}

void expect_bad_input(const std::string& args, const std::string& out, const std::string& message) {
  const CliRun r = oncoshare(args);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err, "oncoshare: error: " + message + "\n");
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(FhirCliErrors, UnknownResourceInMappingNamesTheMappingLine) {
  const std::string mapping = mapping_with("Patient.gender", "Patient.sex");
  const std::string out = work_dir() + "/bad_target";
  expect_bad_input(fhir_args(out, mapping), out,
                   mapping + ":3: field 'fhir': variable 'sex': unknown FHIR target 'Patient.sex' (a resource element "
                             "such as Patient.gender or an mCODE profile id such as mcode-tnm-stage-group; see "
                             "docs/fhir.md)");
}

TEST(FhirCliErrors, UnknownElementInMapping) {
  const std::string mapping = mapping_with("Condition.onsetDateTime", "Condition.onsetAge");
  const std::string out = work_dir() + "/bad_element";
  const CliRun r = oncoshare(fhir_args(out, mapping));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(mapping + ":20: field 'fhir': variable 'diagnosis_date': unknown FHIR target "
                                 "'Condition.onsetAge'"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(FhirCliErrors, CodeWithoutSystem) {
  const std::string mapping = mapping_with("sex,1,SNOMEDCT,248153007", "sex,1,,248153007");
  const std::string out = work_dir() + "/no_system";
  const CliRun r = oncoshare(fhir_args(out, mapping));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(mapping + ":4"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("system"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(FhirCliErrors, ObservationTargetWithoutAVariableCode) {
  const std::string mapping =
      mapping_with("height,,LOINC,8302-2,\"Body height\",cm,Observation", "height,,,,,cm,Observation");
  const std::string out = work_dir() + "/no_code";
  const CliRun r = oncoshare(fhir_args(out, mapping));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("field 'fhir': variable 'height': FHIR target 'Observation' needs the variable's own code"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

// A dictionary choice without a mapping row is the mapping's gap, not the data's: exit 2.
TEST(FhirCliErrors, ChoiceWithoutAMappingRowNamesFileLineAndField) {
  // Remove the mapping row of cT3: a record with T3 then has no code to write.
  std::string text = test::slurp(cohort("mapping.csv"));
  const std::string row = "ct,T3,SNOMEDCT,1228938002,cT3,,,,,,,\n";  // no omop_concept_id
  ASSERT_NE(text.find(row), std::string::npos);
  text.erase(text.find(row), row.size());
  const std::string mapping = work_dir() + "/mapping_no_t3.csv";
  test::write(mapping, text);
  const std::string out = work_dir() + "/no_t3";
  const CliRun r = oncoshare(fhir_args(out, mapping));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(": field 'ct': value 'T3' is a choice of 'ct' with no code in the mapping"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(cohort("site_")), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(FhirCliErrors, KeyFileWithWrongSizeOrPermissions) {
  const std::string short_key = work_dir() + "/short.key";
  test::write(short_key, "oncoshare-key-v1 abcd\n");
  std::filesystem::permissions(short_key, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const std::string out = work_dir() + "/bad_key";
  std::string args = fhir_args(out);
  args.replace(args.find(work_dir() + "/site.key"), (work_dir() + "/site.key").size(), short_key);
  CliRun r = oncoshare(args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(short_key + ": key file: wrong size"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));

  const std::string open_key = work_dir() + "/open.key";
  std::filesystem::copy_file(work_dir() + "/site.key", open_key, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::permissions(open_key, std::filesystem::perms::owner_read | std::filesystem::perms::group_read |
                                             std::filesystem::perms::others_read);
  args = fhir_args(out);
  args.replace(args.find(work_dir() + "/site.key"), (work_dir() + "/site.key").size(), open_key);
  r = oncoshare(args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(open_key + ": key file: permissions 0444"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace oncoshare::fhir
