// `oncoshare omop` as a user runs it, on the synthetic cohort: the same patients, pseudonyms
// and facts as `oncoshare fhir` of the same exports, into SQLite and PostgreSQL with every
// constraint holding, and bad input refused with the database left as it was.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "cli/cli_support.hpp"
#include "core/csv_reader.hpp"
#include "postgres_cluster.hpp"
#include "sqlite_rows.hpp"

namespace oncoshare::omop {
namespace {

using cli::test::CommandRun;
using cli::test::TempDir;
using nlohmann::json;
using testing_support::PostgresCluster;
using testing_support::postgres_query;
using testing_support::sqlite_rows;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> lines_of(const std::string& path) {
  std::vector<std::string> lines;
  std::istringstream in(read_text(path));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::int64_t sqlite_count(const std::string& file, const std::string& table) {
  const auto rows = sqlite_rows(file, "SELECT COUNT(*) FROM " + table);
  return rows.empty() ? -1 : std::stoll(rows[0]);
}

// The failed checks of an `omop check` report: "checkName TABLE field" -> violated rows.
std::map<std::string, std::int64_t> failed_checks(const std::string& report) {
  std::map<std::string, std::int64_t> failed;
  const json results = json::parse(read_text(report));
  for (const json& c : results["CheckResults"]) {
    if (c["failed"] != 1 && c.value("isError", 0) != 1) continue;
    std::string name = c["checkName"].get<std::string>() + " " + c["cdmTableName"].get<std::string>();
    if (c["cdmFieldName"].is_string()) name += " " + c["cdmFieldName"].get<std::string>();
    failed[name] = c["numViolatedRows"].get<std::int64_t>();
  }
  return failed;
}

// One synthetic cohort per process: its exports, a key, the FHIR NDJSON output and the OMOP
// SQLite database of the same exports.
struct Cohort {
  TempDir dir;
  std::string inputs;  // the conversion options, for more runs
  CommandRun fhir, omop;

  Cohort() {
    EXPECT_EQ(cli::test::run(dir, "synth --sites 2 --patients 300 --no-defects --out syn").exit_code, 0);
    EXPECT_EQ(cli::test::run(dir, "keygen --out site.key").exit_code, 0);
    inputs = "--dictionary syn/dictionary.csv --mapping syn/mapping.csv --data syn/site_1.csv --data syn/site_2.csv "
             "--key-file site.key --dates shift";
    fhir = cli::test::run(dir, "fhir " + inputs + " --format ndjson --out fhir");
    omop = cli::test::run(dir, "omop " + inputs + " --db sqlite:cdm.sqlite");
  }
  [[nodiscard]] std::string db() const { return dir.path("cdm.sqlite"); }
  [[nodiscard]] std::string ndjson(const std::string& type) const { return dir.path("fhir/" + type + ".ndjson"); }
};

const Cohort& cohort() {
  static const Cohort c;
  return c;
}

TEST(OmopExport, WritesTheCohortAndSaysWhatEachTableHolds) {
  const Cohort& c = cohort();
  ASSERT_EQ(c.fhir.exit_code, 0) << c.fhir.err;
  ASSERT_EQ(c.omop.exit_code, 0) << c.omop.err;
  const json summary = json::parse(c.omop.out);
  EXPECT_EQ(summary["patients"], 300);
  EXPECT_EQ(summary["tables"]["person"]["rows"], 300);
  EXPECT_EQ(summary["persons_without_birth_year"], 0);
  EXPECT_EQ(summary["items_without_date"], 0);
  EXPECT_EQ(summary["values_truncated"], 0);
  EXPECT_DOUBLE_EQ(summary["tables"]["person"]["standard_concept_share"].get<double>(), 1.0);
  EXPECT_NE(c.omop.err.find("person: 300 rows, 100.0% with a standard concept"), std::string::npos) << c.omop.err;
  EXPECT_EQ(std::filesystem::status(c.db()).permissions() & std::filesystem::perms::others_all,
            std::filesystem::perms::none);
}

TEST(OmopExport, CountsAgreeWithTheFhirOutputOfTheSameExports) {
  const Cohort& c = cohort();
  ASSERT_EQ(c.omop.exit_code, 0) << c.omop.err;
  const auto patients = lines_of(c.ndjson("Patient"));
  const std::string observations = read_text(c.ndjson("Observation"));
  const std::size_t comorbidity_resources = occurrences(observations, "StructureDefinition/mcode-comorbidities\"");
  const std::size_t comorbid_present = occurrences(observations, "mcode-comorbid-condition-present");
  ASSERT_GT(comorbid_present, 0u);
  EXPECT_EQ(sqlite_count(c.db(), "person"), static_cast<std::int64_t>(patients.size()));
  EXPECT_EQ(sqlite_count(c.db(), "observation_period"), static_cast<std::int64_t>(patients.size()));
  // Conditions: the primary and secondary cancers, and each comorbidity recorded as present.
  EXPECT_EQ(sqlite_count(c.db(), "condition_occurrence"),
            static_cast<std::int64_t>(lines_of(c.ndjson("Condition")).size() + comorbid_present));
  EXPECT_EQ(sqlite_count(c.db(), "measurement") + sqlite_count(c.db(), "observation"),
            static_cast<std::int64_t>(lines_of(c.ndjson("Observation")).size() - comorbidity_resources));
  EXPECT_EQ(sqlite_count(c.db(), "procedure_occurrence"), static_cast<std::int64_t>(lines_of(c.ndjson("Procedure")).size()));
  EXPECT_EQ(sqlite_count(c.db(), "drug_exposure"),
            static_cast<std::int64_t>(lines_of(c.ndjson("MedicationAdministration")).size()));
  std::size_t dated_deaths = 0;
  for (const std::string& p : patients) dated_deaths += json::parse(p).contains("deceasedDateTime") ? 1 : 0;
  EXPECT_EQ(sqlite_count(c.db(), "death"), static_cast<std::int64_t>(dated_deaths));
  // One disease episode per primary cancer, each the parent of its treatment regimens.
  EXPECT_EQ(sqlite_rows(c.db(), "SELECT COUNT(*) FROM episode WHERE episode_concept_id = 32528")[0],
            std::to_string(lines_of(c.ndjson("Condition")).size()));
  EXPECT_EQ(sqlite_rows(c.db(), "SELECT COUNT(*) FROM episode r LEFT JOIN episode d ON r.episode_parent_id = "
                                "d.episode_id WHERE r.episode_concept_id = 32531 AND d.episode_concept_id IS NOT 32528")[0],
            "0");
  EXPECT_GT(std::stoll(sqlite_rows(c.db(), "SELECT COUNT(*) FROM episode WHERE episode_concept_id = 32531")[0]), 0);
}

TEST(OmopExport, PseudonymsAndDatesAreTheFhirOnes) {
  const Cohort& c = cohort();
  ASSERT_EQ(c.omop.exit_code, 0) << c.omop.err;
  std::set<std::string> fhir_people, fhir_onsets;
  for (const std::string& line : lines_of(c.ndjson("Patient"))) {
    fhir_people.insert(json::parse(line)["identifier"][0]["value"].get<std::string>());
  }
  for (const std::string& line : lines_of(c.ndjson("Condition"))) {
    const json condition = json::parse(line);
    if (condition.contains("onsetDateTime")) fhir_onsets.insert(condition["onsetDateTime"].get<std::string>());
  }
  const auto people = sqlite_rows(c.db(), "SELECT person_source_value FROM person");
  EXPECT_EQ(std::set<std::string>(people.begin(), people.end()), fhir_people);
  const auto onsets = sqlite_rows(c.db(), "SELECT DISTINCT episode_start_date FROM episode WHERE episode_concept_id = 32528");
  EXPECT_EQ(std::set<std::string>(onsets.begin(), onsets.end()), fhir_onsets);
  // Staging is linked to its cancer: every TNM / stage / grade / marker row points at a condition.
  EXPECT_EQ(sqlite_rows(c.db(), "SELECT COUNT(*) FROM measurement m LEFT JOIN condition_occurrence co ON "
                                "m.measurement_event_id = co.condition_occurrence_id WHERE m.measurement_event_id "
                                "IS NOT NULL AND (co.condition_occurrence_id IS NULL OR m.meas_event_field_concept_id "
                                "<> 1147127)")[0],
            "0");
  EXPECT_GT(std::stoll(sqlite_rows(c.db(), "SELECT COUNT(*) FROM measurement WHERE measurement_event_id IS NOT NULL")[0]),
            0);
}

TEST(OmopExport, EveryForeignKeyHoldsAndEveryConceptHasItsVocabularyRows) {
  const Cohort& c = cohort();
  ASSERT_EQ(c.omop.exit_code, 0) << c.omop.err;
  EXPECT_TRUE(sqlite_rows(c.db(), "PRAGMA foreign_key_check").empty());
  EXPECT_EQ(sqlite_rows(c.db(), "SELECT COUNT(*) FROM concept WHERE concept_id = 0")[0], "1");
  EXPECT_EQ(sqlite_rows(c.db(), "SELECT cdm_version, cdm_version_concept_id FROM cdm_source")[0], "5.4|756265");
  EXPECT_EQ(sqlite_rows(c.db(), "SELECT COUNT(*) FROM concept c LEFT JOIN domain d ON c.domain_id = d.domain_id "
                                "LEFT JOIN vocabulary v ON c.vocabulary_id = v.vocabulary_id WHERE d.domain_id IS NULL "
                                "OR v.vocabulary_id IS NULL")[0],
            "0");
}

TEST(OmopExport, PostgresHoldsTheSameRowsWithEveryConstraint) {
  const Cohort& c = cohort();
  ASSERT_EQ(c.omop.exit_code, 0) << c.omop.err;
  PostgresCluster& cluster = PostgresCluster::instance();
  ASSERT_EQ(cluster.problem(), "");
  const std::string uri = cluster.fresh_database();
  const CommandRun run = cli::test::run(c.dir, "omop " + c.inputs + " --db '" + uri + "' --schema oncology");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json::parse(run.out)["tables"], json::parse(c.omop.out)["tables"]);
  for (const char* table : {"person", "condition_occurrence", "measurement", "episode", "episode_event", "concept"}) {
    EXPECT_EQ(postgres_query(uri, std::string("SELECT COUNT(*) FROM oncology.") + table)[0][0],
              std::to_string(sqlite_count(c.db(), table)))
        << table;
  }
  const auto constraints = postgres_query(
      uri, "SELECT COUNT(*) FROM information_schema.table_constraints WHERE table_schema = 'oncology' AND "
           "constraint_type = 'FOREIGN KEY'");
  EXPECT_GT(std::stoll(constraints[0][0].value_or("0")), 100);
  EXPECT_EQ(postgres_query(uri, "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name LIKE "
                                "'oncology_load%'")[0][0],
            "0");
  // The checks find the same on both databases.
  const CommandRun sqlite_checks = cli::test::run(c.dir, "omop check --db sqlite:cdm.sqlite --out pg-sqlite-checks");
  const CommandRun pg_checks =
      cli::test::run(c.dir, "omop check --db '" + uri + "' --schema oncology --out pg-checks");
  EXPECT_EQ(pg_checks.exit_code, sqlite_checks.exit_code) << pg_checks.err;
  EXPECT_EQ(failed_checks(c.dir.path("pg-checks/omop-checks.json")),
            failed_checks(c.dir.path("pg-sqlite-checks/omop-checks.json")));
}

// The (record, date) pairs of a column of an export, blanks left out.
std::set<std::pair<std::string, std::string>> dated_records(const std::string& export_csv, const std::string& column) {
  auto reader = core::CsvReader::open(export_csv);
  EXPECT_TRUE(reader.has_value()) << export_csv;
  std::set<std::pair<std::string, std::string>> pairs;
  if (!reader) return pairs;
  core::CsvRow row;
  EXPECT_EQ(reader->next(row), core::ReadStatus::ok);
  const auto at = std::find(row.fields.begin(), row.fields.end(), column);
  EXPECT_NE(at, row.fields.end()) << column;
  const std::size_t index = static_cast<std::size_t>(at - row.fields.begin());
  while (reader->next(row) == core::ReadStatus::ok) {
    if (index < row.fields.size() && !row.fields[index].empty()) pairs.emplace(row.fields[0], row.fields[index]);
  }
  return pairs;
}

TEST(OmopExport, AVariableMappedToVisitsGivesOneVisitPerPatientAndDate) {
  const Cohort& c = cohort();
  // The synthetic mapping names the last contact an outpatient visit (concept 9202).
  ASSERT_NE(read_text(c.dir.path("syn/mapping.csv")).find("last_contact_date,,,,,,mcode-cancer-disease-status.effectiveDateTime,"
                                                          "visit_occurrence.visit_start_date,9202,"),
            std::string::npos);
  const CommandRun run = cli::test::run(
      c.dir, "omop --dictionary syn/dictionary.csv --mapping syn/mapping.csv --data syn/site_1.csv --key-file site.key "
             "--db sqlite:visits.sqlite");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto expected = dated_records(c.dir.path("syn/site_1.csv"), "last_contact_date");
  ASSERT_GT(expected.size(), 10u);
  const std::string db = c.dir.path("visits.sqlite");
  EXPECT_EQ(sqlite_count(db, "visit_occurrence"), static_cast<std::int64_t>(expected.size()));
  std::multiset<std::string> expected_dates, dates;
  for (const auto& [record, date] : expected) expected_dates.insert(date);
  for (const std::string& date : sqlite_rows(db, "SELECT visit_start_date FROM visit_occurrence WHERE visit_end_date = "
                                                 "visit_start_date AND visit_type_concept_id = 32879 AND "
                                                 "visit_concept_id = 9202")) {
    dates.insert(date);
  }
  EXPECT_EQ(dates, expected_dates);  // --dates keep: the export's own dates
  EXPECT_EQ(json::parse(run.out)["unreadable_visit_dates"], 0);
}

// On the synthetic cohort only concept coverage fails (its mapping gives concept ids only
// where they could be confirmed), each with exactly its rows of concept 0.
TEST(OmopExport, OnTheCohortOnlyConceptCoverageChecksFail) {
  const Cohort& c = cohort();
  ASSERT_EQ(c.omop.exit_code, 0) << c.omop.err;
  const CommandRun run = cli::test::run(c.dir, "omop check --db sqlite:cdm.sqlite --out checks");
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_GT(json::parse(run.out)["passed"].get<int>(), 1000);
  const auto failed = failed_checks(c.dir.path("checks/omop-checks.json"));
  ASSERT_FALSE(failed.empty());
  for (const auto& [check, rows] : failed) {
    const std::string type = check.substr(0, check.find(' '));
    EXPECT_TRUE(type == "standardConceptRecordCompleteness" || type == "sourceConceptRecordCompleteness" ||
                type == "sourceValueCompleteness")
        << check << " failed on " << rows << " rows";
  }
  EXPECT_EQ(failed.at("standardConceptRecordCompleteness MEASUREMENT measurement_concept_id"),
            std::stoll(sqlite_rows(c.db(), "SELECT COUNT(*) FROM measurement WHERE measurement_concept_id = 0")[0]));
  EXPECT_EQ(failed.at("standardConceptRecordCompleteness CONDITION_OCCURRENCE condition_concept_id"),
            std::stoll(sqlite_rows(c.db(), "SELECT COUNT(*) FROM condition_occurrence WHERE condition_concept_id = 0")[0]));
}

// A death before birth and a drug that ends before it starts, planted in a copy of the
// cohort's database, are found by the checks that look for them.
TEST(OmopExport, PlantedFaultsAreFound) {
  const Cohort& c = cohort();
  ASSERT_EQ(c.omop.exit_code, 0) << c.omop.err;
  const std::string copy = c.dir.path("faulty.sqlite");
  std::filesystem::copy_file(c.db(), copy, std::filesystem::copy_options::overwrite_existing);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(copy.c_str(), &db), SQLITE_OK);
  // One in ten: above the checks' 1% threshold (a single fault is counted but passes, as in DQD).
  const char* plant =
      "UPDATE death SET death_date = (SELECT printf('%04d-01-01', year_of_birth - 1) FROM person p WHERE p.person_id = "
      "death.person_id) WHERE person_id % 10 = 0;"
      "UPDATE drug_exposure SET drug_exposure_end_date = date(drug_exposure_start_date, '-3 days') WHERE "
      "drug_exposure_id % 10 = 0;";
  ASSERT_EQ(sqlite3_exec(db, plant, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  const std::int64_t deaths = sqlite3_changes(db);
  sqlite3_close(db);
  const auto drugs = std::stoll(sqlite_rows(copy, "SELECT COUNT(*) FROM drug_exposure WHERE drug_exposure_id % 10 = 0")[0]);
  const auto planted_deaths = std::stoll(sqlite_rows(copy, "SELECT COUNT(*) FROM death WHERE person_id % 10 = 0")[0]);
  ASSERT_GT(drugs, 0);
  ASSERT_GT(planted_deaths, 0);
  EXPECT_EQ(deaths, drugs);  // sqlite3_changes counts the last statement
  const CommandRun run = cli::test::run(c.dir, "omop check --db sqlite:faulty.sqlite --out faulty-checks");
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const auto failed = failed_checks(c.dir.path("faulty-checks/omop-checks.json"));
  ASSERT_EQ(failed.count("plausibleAfterBirth DEATH death_date"), 1u);
  EXPECT_EQ(failed.at("plausibleAfterBirth DEATH death_date"), planted_deaths);
  ASSERT_EQ(failed.count("plausibleStartBeforeEnd DRUG_EXPOSURE drug_exposure_start_date"), 1u);
  EXPECT_EQ(failed.at("plausibleStartBeforeEnd DRUG_EXPOSURE drug_exposure_start_date"), drugs);
}

TEST(OmopExport, AnUnknownTargetInTheMappingIsRefusedAtItsLine) {
  const Cohort& c = cohort();
  for (const auto& [from, to, said] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"person.gender_concept_id", "person.gender", "table 'person' of the OMOP CDM 5.4 has no field 'gender'"},
           {"death.death_date", "deaths.death_date", "unknown OMOP CDM 5.4 table 'deaths'"}}) {
    std::string mapping = read_text(c.dir.path("syn/mapping.csv"));
    const std::size_t at = mapping.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    const std::size_t line = static_cast<std::size_t>(std::count(mapping.begin(), mapping.begin() + at, '\n')) + 1;
    mapping.replace(at, from.size(), to);
    cli::test::write_file(c.dir.path("bad-mapping.csv"), mapping);
    std::string args = c.inputs;
    args.replace(args.find("syn/mapping.csv"), 15, "bad-mapping.csv");
    const CommandRun run = cli::test::run(c.dir, "omop " + args + " --db sqlite:bad.sqlite");
    EXPECT_EQ(run.exit_code, 2) << run.err;
    EXPECT_NE(run.err.find("bad-mapping.csv:" + std::to_string(line) + ": field 'omop'"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find(said), std::string::npos) << run.err;
    EXPECT_FALSE(std::filesystem::exists(c.dir.path("bad.sqlite")));
    EXPECT_EQ(run.out, "");
  }
}

TEST(OmopExport, AnExistingDatabaseOrSchemaIsLeftAsItWas) {
  const Cohort& c = cohort();
  ASSERT_EQ(c.omop.exit_code, 0) << c.omop.err;
  const std::string before = read_text(c.db());
  CommandRun run = cli::test::run(c.dir, "omop " + c.inputs + " --db sqlite:cdm.sqlite");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("cdm.sqlite"), std::string::npos) << run.err;
  EXPECT_EQ(read_text(c.db()), before);

  PostgresCluster& cluster = PostgresCluster::instance();
  ASSERT_EQ(cluster.problem(), "");
  const std::string uri = cluster.fresh_database();
  postgres_query(uri, "CREATE SCHEMA cdm; CREATE TABLE cdm.person (person_id integer); "
                      "INSERT INTO cdm.person VALUES (42)");
  run = cli::test::run(c.dir, "omop " + c.inputs + " --db '" + uri + "'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("schema 'cdm' exists"), std::string::npos) << run.err;
  EXPECT_EQ(postgres_query(uri, "SELECT person_id FROM cdm.person")[0][0], "42");
  EXPECT_EQ(postgres_query(uri, "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name LIKE 'cdm_%'")[0][0],
            "0");
}

TEST(OmopExport, AnUnreachableDatabaseIsNamedWithoutItsPassword) {
  const Cohort& c = cohort();
  const CommandRun run =
      cli::test::run(c.dir, "omop " + c.inputs + " --db 'postgresql://alice:s3cret@/cdm?host=" + c.dir.path("no-server") + "'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("postgresql://alice:***@/cdm"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("s3cret"), std::string::npos) << run.err;
  EXPECT_EQ(run.out, "");
}

TEST(OmopExport, WithoutItsInputsOrDatabaseTheCommandSaysWhatIsMissing) {
  TempDir dir;
  CommandRun run = cli::test::run(dir, "omop --db sqlite:x.sqlite");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("omop needs --dictionary, --mapping, --data, --key-file"), std::string::npos) << run.err;
  run = cli::test::run(dir, "omop --db mysql://x");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir.path("x.sqlite")));
}

}  // namespace
}  // namespace oncoshare::omop
