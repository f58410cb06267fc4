#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "cdm_test_database.hpp"
#include "omop/dq_checks.hpp"
#include "omop/sql_reader.hpp"

namespace oncoshare::omop {
namespace {

using testing::failures_of;

using testing::clean_cdm_database;
using testing::execute;
using testing::find_result;

DqReport run(const std::string& path, const std::string& today = "2024-06-01") {
  const core::Result<DatabaseUrl> url = parse_database_url("sqlite:" + path);
  EXPECT_TRUE(url.has_value());
  core::Result<std::unique_ptr<SqlReader>> reader = SqlReader::open(*url, "cdm");
  EXPECT_TRUE(reader.has_value()) << (reader ? "" : reader.error().to_string());
  core::Result<DqReport> report = run_dq_checks(**reader, DqOptions{today});
  EXPECT_TRUE(report.has_value()) << (report ? "" : report.error().to_string());
  return std::move(*report);
}

void expect_counts(const DqCheckResult* r, std::int64_t violated, std::int64_t denominator, bool failed) {
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->num_violated_rows, violated) << r->check_name << " " << r->table << "." << r->field;
  EXPECT_EQ(r->num_denominator_rows, denominator) << r->check_name << " " << r->table << "." << r->field;
  EXPECT_DOUBLE_EQ(r->pct_violated_rows, static_cast<double>(violated) / static_cast<double>(denominator));
  EXPECT_EQ(r->failed, failed) << r->check_name << " " << r->table << "." << r->field;
  EXPECT_FALSE(r->not_applicable) << r->not_applicable_reason;
  EXPECT_FALSE(r->is_error()) << r->error;
}

TEST(DqChecks, CleanDatabasePassesEveryCheckThatApplies) {
  const DqReport report = run(clean_cdm_database("clean.sqlite"));
  EXPECT_EQ(failures_of(report), "");
  EXPECT_EQ(report.overview.count_overall_failed, 0U);
  EXPECT_EQ(report.overview.count_error_failed, 0U);
  EXPECT_EQ(report.overview.count_total, report.results.size());
  EXPECT_DOUBLE_EQ(report.overview.percent_passed, 100);
  EXPECT_GT(report.overview.count_not_applicable, 0U);
  // Every table and field of the control files is there.
  expect_counts(find_result(report, "cdmTable", "specimen"), 0, 1, false);
  expect_counts(find_result(report, "cdmField", "person", "year_of_birth"), 0, 1, false);
  expect_counts(find_result(report, "isRequired", "person", "person_id"), 0, 2, false);
  expect_counts(find_result(report, "isForeignKey", "drug_exposure", "visit_occurrence_id"), 0, 2, false);
  expect_counts(find_result(report, "fkDomain", "person", "gender_concept_id"), 0, 2, false);
  expect_counts(find_result(report, "withinVisitDates", "drug_exposure", "drug_exposure_start_date"), 0, 2, false);
  expect_counts(find_result(report, "plausibleBeforeDeath", "drug_exposure", "drug_exposure_start_date"), 0, 1,
                false);
  expect_counts(find_result(report, "sourceValueCompleteness", "condition_occurrence", "condition_source_value"), 0,
                1, false);
}

TEST(DqChecks, AViolationShareBelowANonZeroThresholdPasses) {
  const DqReport report = run(clean_cdm_database("threshold.sqlite"));
  // Person 2 has no condition: 1 of 2 persons (50%) against a threshold of 95%.
  const DqCheckResult* r = find_result(report, "measurePersonCompleteness", "condition_occurrence");
  expect_counts(r, 1, 2, false);
  ASSERT_TRUE(r->threshold.has_value());
  EXPECT_DOUBLE_EQ(*r->threshold, 95);
  EXPECT_TRUE(r->passed());
}

TEST(DqChecks, EmptyTableIsNotApplicable) {
  const DqReport report = run(clean_cdm_database("empty.sqlite"));
  const DqCheckResult* required = find_result(report, "isRequired", "specimen", "specimen_id");
  ASSERT_NE(required, nullptr);
  EXPECT_TRUE(required->not_applicable);
  EXPECT_EQ(required->not_applicable_reason, "Table SPECIMEN is empty.");
  EXPECT_FALSE(required->passed());
  const DqCheckResult* completeness = find_result(report, "measurePersonCompleteness", "specimen");
  ASSERT_NE(completeness, nullptr);
  // measurePersonCompleteness is Not Applicable only for a missing table: an empty one fails it.
  EXPECT_FALSE(completeness->not_applicable);
  expect_counts(completeness, 2, 2, false);  // 100% is not above the threshold of 100
  // A field no row fills is Not Applicable, except for its completeness checks.
  const DqCheckResult* cause = find_result(report, "isForeignKey", "death", "cause_concept_id");
  ASSERT_NE(cause, nullptr);
  EXPECT_TRUE(cause->not_applicable);
  EXPECT_EQ(cause->not_applicable_reason, "Field DEATH.cause_concept_id is not populated.");
}

TEST(DqChecks, DeathBeforeBirthFailsAfterBirthAndBeforeDeath) {
  const std::string path = clean_cdm_database("death.sqlite");
  execute(path, {
      "INSERT INTO person (person_id, gender_concept_id, year_of_birth, birth_datetime, race_concept_id, "
      "ethnicity_concept_id) VALUES (3, 8532, 1970, '1970-05-05 00:00:00', 8527, 38003564)",
      "INSERT INTO death (person_id, death_date, death_type_concept_id) VALUES (3, '1969-01-01', 32879)",
      "INSERT INTO observation_period (observation_period_id, person_id, observation_period_start_date, "
      "observation_period_end_date, period_type_concept_id) VALUES (3, 3, '1970-06-01', '1990-01-01', 32879)",
  });
  const DqReport report = run(path);
  // 1 of 2 deaths lies before its person's birth: 50% > 1%.
  expect_counts(find_result(report, "plausibleAfterBirth", "death", "death_date"), 1, 2, true);
  // Observation periods of persons who died: 2 of 3 periods, 1 of them (person 3) after death + 60 days.
  expect_counts(find_result(report, "plausibleBeforeDeath", "observation_period", "observation_period_start_date"), 1,
                2, true);
}

TEST(DqChecks, DrugExposureEndingBeforeItStartsFailsStartBeforeEnd) {
  const std::string path = clean_cdm_database("start-end.sqlite");
  execute(path, {"INSERT INTO drug_exposure (drug_exposure_id, person_id, drug_concept_id, drug_exposure_start_date, "
                 "drug_exposure_end_date, drug_type_concept_id) VALUES (3, 1, 1125315, '2018-05-10', '2018-05-01', "
                 "32879)"});
  const DqReport report = run(path);
  expect_counts(find_result(report, "plausibleStartBeforeEnd", "drug_exposure", "drug_exposure_start_date"), 1, 3,
                true);
  EXPECT_EQ(failures_of(report), "plausibleStartBeforeEnd drug_exposure.drug_exposure_start_date 1/3 \n");
}

TEST(DqChecks, NullInRequiredFieldFailsIsRequired) {
  const std::string path = clean_cdm_database("required.sqlite");
  execute(path, {"INSERT INTO condition_occurrence (condition_occurrence_id, person_id, condition_concept_id, "
                 "condition_start_date) VALUES (2, 2, 4112853, '2016-01-10')"});
  const DqReport report = run(path);
  expect_counts(find_result(report, "isRequired", "condition_occurrence", "condition_type_concept_id"), 1, 2, true);
  // measureValueCompleteness has a threshold of 0 on required fields: it fails with it.
  expect_counts(find_result(report, "measureValueCompleteness", "condition_occurrence", "condition_type_concept_id"),
                1, 2, true);
  EXPECT_EQ(report.overview.count_threshold_failed, 2U);
  EXPECT_EQ(report.overview.conformance.failed, 1U);
  EXPECT_EQ(report.overview.completeness.failed, 1U);
}

TEST(DqChecks, DuplicatePrimaryKeyFailsIsPrimaryKey) {
  const std::string path = clean_cdm_database("primary-key.sqlite");
  execute(path, {"INSERT INTO observation_period (observation_period_id, person_id, observation_period_start_date, "
                 "observation_period_end_date, period_type_concept_id) VALUES (2, 1, '2021-03-01', '2021-04-01', "
                 "32879)"});
  const DqReport report = run(path);
  // Both rows holding id 2 count.
  expect_counts(find_result(report, "isPrimaryKey", "observation_period", "observation_period_id"), 2, 3, true);
}

TEST(DqChecks, DanglingForeignKeyFailsIsForeignKey) {
  const std::string path = clean_cdm_database("foreign-key.sqlite");
  execute(path, {"INSERT INTO drug_exposure (drug_exposure_id, person_id, drug_concept_id, drug_exposure_start_date, "
                 "drug_exposure_end_date, drug_type_concept_id) VALUES (3, 99, 1125315, '2018-05-01', '2018-05-10', "
                 "32879)"});
  const DqReport report = run(path);
  expect_counts(find_result(report, "isForeignKey", "drug_exposure", "person_id"), 1, 3, true);
}

TEST(DqChecks, BirthYear1800FailsPlausibleValueLow) {
  const std::string path = clean_cdm_database("year-1800.sqlite");
  execute(path, {"INSERT INTO person (person_id, gender_concept_id, year_of_birth, race_concept_id, "
                 "ethnicity_concept_id) VALUES (3, 8532, 1800, 8527, 38003564)",
                 "INSERT INTO observation_period (observation_period_id, person_id, observation_period_start_date, "
                 "observation_period_end_date, period_type_concept_id) VALUES (3, 3, '2000-01-01', '2001-01-01', "
                 "32879)"});
  const DqReport report = run(path);
  const DqCheckResult* low = find_result(report, "plausibleValueLow", "person", "year_of_birth");
  expect_counts(low, 1, 3, true);
  EXPECT_NE(low->sql.find("t.year_of_birth < 1850"), std::string::npos) << low->sql;
  EXPECT_EQ(low->kahn_category, "Plausibility");
  EXPECT_EQ(low->kahn_subcategory, "Atemporal");
  EXPECT_EQ(low->description,
            "The number and percent of records with a value in the YEAR_OF_BIRTH field of the PERSON table less "
            "than 1850.");
}

TEST(DqChecks, PersonWithoutObservationPeriodFailsAThresholdOfZero) {
  const std::string path = clean_cdm_database("no-period.sqlite");
  execute(path, {"INSERT INTO person (person_id, gender_concept_id, year_of_birth, race_concept_id, "
                 "ethnicity_concept_id) VALUES (3, 8532, 1970, 8527, 38003564)"});
  const DqReport report = run(path);
  const DqCheckResult* r = find_result(report, "measurePersonCompleteness", "observation_period");
  expect_counts(r, 1, 3, true);
  EXPECT_DOUBLE_EQ(*r->threshold, 0);
}

TEST(DqChecks, TodayMovesTheUpperDateBound) {
  const std::string path = clean_cdm_database("today.sqlite");
  execute(path, {"UPDATE visit_occurrence SET visit_end_date = '2024-06-03' WHERE visit_occurrence_id = 2"});
  // DATEADD(dd,1,GETDATE()): 2024-06-02 with --today 2024-06-01, so 2024-06-03 is implausible.
  expect_counts(find_result(run(path, "2024-06-01"), "plausibleValueHigh", "visit_occurrence", "visit_end_date"), 1,
                2, true);
  expect_counts(find_result(run(path, "2024-06-02"), "plausibleValueHigh", "visit_occurrence", "visit_end_date"), 0,
                2, false);
}

TEST(DqChecks, TextInIntegerFieldFailsCdmDatatype) {
  const std::string path = clean_cdm_database("datatype.sqlite");
  execute(path, {"UPDATE drug_exposure SET refills = 'two' WHERE drug_exposure_id = 1",
                 "UPDATE drug_exposure SET refills = 2 WHERE drug_exposure_id = 2"});
  expect_counts(find_result(run(path), "cdmDatatype", "drug_exposure", "refills"), 1, 2, true);
}

TEST(DqChecks, OverlappingObservationPeriodsFail) {
  const std::string path = clean_cdm_database("overlap.sqlite");
  // Back to back with person 1's first period (ends 2020-12-31).
  execute(path, {"INSERT INTO observation_period (observation_period_id, person_id, observation_period_start_date, "
                 "observation_period_end_date, period_type_concept_id) VALUES (3, 1, '2021-01-01', '2021-02-01', "
                 "32879)"});
  expect_counts(find_result(run(path), "measureObservationPeriodOverlap", "observation_period"), 1, 2, true);
}

TEST(DqChecks, ConceptOfAnotherDomainFailsFkDomain) {
  const std::string path = clean_cdm_database("domain.sqlite");
  execute(path, {"UPDATE drug_exposure SET drug_concept_id = 4112853 WHERE drug_exposure_id = 2"});
  expect_counts(find_result(run(path), "fkDomain", "drug_exposure", "drug_concept_id"), 1, 2, true);
}

TEST(DqChecks, MissingTableFailsCdmTableAndMakesItsChecksNotApplicable) {
  const std::string path = testing_support::process_scratch("partial.sqlite");
  execute(path, {"CREATE TABLE person (person_id INTEGER, gender_concept_id INTEGER, year_of_birth INTEGER)",
                 "INSERT INTO person VALUES (1, 8532, 1960)"});
  const DqReport report = run(path);
  const DqCheckResult* table = find_result(report, "cdmTable", "death");
  ASSERT_NE(table, nullptr);
  EXPECT_TRUE(table->failed);
  const DqCheckResult* required = find_result(report, "isRequired", "death", "person_id");
  ASSERT_NE(required, nullptr);
  EXPECT_TRUE(required->not_applicable);
  EXPECT_EQ(required->not_applicable_reason, "Table DEATH does not exist.");
  EXPECT_EQ(required->sql, "");
  const DqCheckResult* field = find_result(report, "cdmField", "person", "race_concept_id");
  ASSERT_NE(field, nullptr);
  EXPECT_TRUE(field->failed);
  const DqCheckResult* field_check = find_result(report, "isRequired", "person", "race_concept_id");
  ASSERT_NE(field_check, nullptr);
  EXPECT_EQ(field_check->not_applicable_reason, "Field PERSON.race_concept_id does not exist.");
  // The fields that exist are checked: the missing ones do not make the table look empty.
  const DqCheckResult* present = find_result(report, "isRequired", "person", "year_of_birth");
  ASSERT_NE(present, nullptr);
  EXPECT_FALSE(present->not_applicable) << present->not_applicable_reason;
  EXPECT_TRUE(present->passed());
  EXPECT_EQ(present->num_denominator_rows, 1);
  // Without a concept table, fkDomain and fkClass are listed as not run.
  bool fk_domain_not_run = false;
  for (const DqNotRun& n : report.not_run) fk_domain_not_run |= n.check_name == "fkDomain" && n.instances == 43;
  EXPECT_TRUE(fk_domain_not_run);
}

TEST(DqChecks, VocabularyAndDeprecatedChecksAreListedAsNotRun) {
  const DqReport report = run(clean_cdm_database("not-run.sqlite"));
  std::map<std::string, std::size_t> instances;
  for (const DqNotRun& n : report.not_run) {
    instances[n.check_name] = n.instances;
    EXPECT_FALSE(n.reason.empty());
  }
  const std::map<std::string, std::size_t> expected{
      {"isStandardValidConcept", 64}, {"measureConditionEraCompleteness", 1}, {"plausibleDuringLife", 34},
      {"plausibleGender", 287},       {"plausibleGenderUseDescendants", 4},   {"plausibleTemporalAfter", 53},
      {"plausibleUnitConceptIds", 181}};
  EXPECT_EQ(instances, expected);
  for (const DqCheckResult& r : report.results) EXPECT_FALSE(instances.contains(r.check_name)) << r.check_name;
}

TEST(DqChecks, QueryErrorIsAnErrorNotAFailure) {
  const std::string path = clean_cdm_database("error.sqlite");
  // A death table without person_id: the joins of plausibleBeforeDeath cannot run.
  execute(path, {"DROP TABLE death", "CREATE TABLE death (death_date TEXT)", "INSERT INTO death VALUES ('2022-01-01')"});
  const DqReport report = run(path);
  const DqCheckResult* r = find_result(report, "plausibleBeforeDeath", "drug_exposure", "drug_exposure_start_date");
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->is_error());
  EXPECT_NE(r->error.find("person_id"), std::string::npos) << r->error;
  EXPECT_FALSE(r->failed);
  EXPECT_FALSE(r->not_applicable);
  EXPECT_GE(report.overview.count_error_failed, 1U);
  // The Dashboard's Overview counts errors as passed: countPassed = total - overall failed.
  EXPECT_EQ(report.overview.count_passed, report.overview.count_total - report.overview.count_overall_failed);
}

TEST(DqChecks, MalformedTodayIsBadInput) {
  const std::string path = clean_cdm_database("bad-today.sqlite");
  core::Result<std::unique_ptr<SqlReader>> reader = SqlReader::open(*parse_database_url("sqlite:" + path), "cdm");
  ASSERT_TRUE(reader.has_value());
  const core::Result<DqReport> report = run_dq_checks(**reader, DqOptions{"2024-13-01"});
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, core::ErrorCode::bad_input);
  EXPECT_EQ(report.error().where.field, "--today");
}

}  // namespace
}  // namespace oncoshare::omop
