// Small SQLite OMOP databases for the tests: every CDM table with every field the DQD
// control files check (so the structural checks pass), no constraints (so the tests can
// plant faults), and a clean population of a few tables that passes every check.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "omop/dq_catalog.hpp"
#include "omop/dq_checks.hpp"
#include "process_scratch.hpp"

namespace oncoshare::omop::testing {

// Runs each statement on the SQLite file `path` (created if missing).
inline void execute(const std::string& path, const std::vector<std::string>& statements) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  // One transaction: a commit per statement would sync the file each time.
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  for (const std::string& sql : statements) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (message != nullptr ? message : "");
    sqlite3_free(message);
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
}

inline std::string_view sqlite_type(std::string_view datatype) {
  if (datatype == "integer" || datatype == "Integer" || datatype == "bigint") return "INTEGER";
  if (datatype == "float") return "REAL";
  return "TEXT";  // varchar, and dates as ISO text
}

// CREATE TABLE statements for every table of the control files, fields in their order, with
// the column type `type_of` gives for a cdmDatatype.
inline std::vector<std::string> cdm_schema_sql(std::string_view (*type_of)(std::string_view) = sqlite_type) {
  std::map<std::string_view, std::string> columns;
  std::vector<std::string_view> order;
  for (const CheckInstance& c : dq_check_instances()) {
    if (c.check != "cdmField") continue;
    auto [it, fresh] = columns.try_emplace(c.table);
    if (fresh) order.push_back(c.table);
    if (!it->second.empty()) it->second += ", ";
    // Quoted: note_nlp.offset is a reserved word in PostgreSQL.
    it->second += "\"" + std::string(c.field) + "\" " + std::string(type_of(c.datatype));
  }
  std::vector<std::string> statements;
  for (const std::string_view table : order) {
    statements.push_back("CREATE TABLE " + std::string(table) + " (" + columns[table] + ")");
  }
  return statements;
}

// A new database file under the process scratch folder holding the full empty schema.
inline std::string empty_cdm_database(const std::string& name) {
  const std::string path = testing_support::process_scratch(name);
  std::filesystem::remove(path);
  execute(path, cdm_schema_sql());
  return path;
}

// The clean population: two persons with observation periods, visits, a condition, two
// drug exposures, one death, a row in each table a 95% person completeness threshold
// watches, and the vocabulary rows their concepts and keys need.
inline std::vector<std::string> clean_rows_sql() {
  return {
      "INSERT INTO concept (concept_id, concept_name, domain_id, vocabulary_id, concept_class_id, concept_code, "
      "valid_start_date, valid_end_date) VALUES "
      "(0, 'No matching concept', 'Metadata', 'None', 'Undefined', 'No matching concept', '1970-01-01', '2099-12-31'),"
      "(8532, 'FEMALE', 'Gender', 'Gender', 'Gender', 'F', '1970-01-01', '2099-12-31'),"
      "(8507, 'MALE', 'Gender', 'Gender', 'Gender', 'M', '1970-01-01', '2099-12-31'),"
      "(8527, 'White', 'Race', 'Race', 'Race', '5', '1970-01-01', '2099-12-31'),"
      "(38003564, 'Not Hispanic', 'Ethnicity', 'Ethnicity', 'Ethnicity', 'Not Hispanic', '1970-01-01', '2099-12-31'),"
      "(32879, 'Registry', 'Type Concept', 'Type Concept', 'Type Concept', 'OMOP4976882', '1970-01-01', '2099-12-31'),"
      "(9202, 'Outpatient Visit', 'Visit', 'Visit', 'Visit', 'OP', '1970-01-01', '2099-12-31'),"
      "(4112853, 'Malignant tumor of breast', 'Condition', 'SNOMED', 'Clinical Finding', '254837009', '1970-01-01', "
      "'2099-12-31'),"
      "(1125315, 'acetaminophen', 'Drug', 'RxNorm', 'Ingredient', '161', '1970-01-01', '2099-12-31'),"
      "(4301351, 'Surgical procedure', 'Procedure', 'SNOMED', 'Procedure', '387713003', '1970-01-01', '2099-12-31'),"
      "(3036277, 'Body height', 'Measurement', 'LOINC', 'Clinical Observation', '8302-2', '1970-01-01', "
      "'2099-12-31'),"
      "(4275495, 'Tobacco use', 'Observation', 'SNOMED', 'Observable Entity', '110483000', '1970-01-01', "
      "'2099-12-31')",
      "INSERT INTO domain (domain_id, domain_name, domain_concept_id) VALUES ('Metadata', 'Metadata', 0), "
      "('Gender', 'Gender', 0), ('Race', 'Race', 0), ('Ethnicity', 'Ethnicity', 0), "
      "('Type Concept', 'Type Concept', 0), ('Visit', 'Visit', 0), ('Condition', 'Condition', 0), ('Drug', 'Drug', 0), "
      "('Procedure', 'Procedure', 0), ('Measurement', 'Measurement', 0), ('Observation', 'Observation', 0)",
      "INSERT INTO vocabulary (vocabulary_id, vocabulary_name, vocabulary_concept_id) VALUES ('None', 'None', 0), "
      "('Gender', 'Gender', 0), ('Race', 'Race', 0), ('Ethnicity', 'Ethnicity', 0), "
      "('Type Concept', 'Type Concept', 0), ('Visit', 'Visit', 0), ('SNOMED', 'SNOMED', 0), ('RxNorm', 'RxNorm', 0), "
      "('LOINC', 'LOINC', 0)",
      "INSERT INTO concept_class (concept_class_id, concept_class_name, concept_class_concept_id) VALUES "
      "('Undefined', 'Undefined', 0), ('Gender', 'Gender', 0), ('Race', 'Race', 0), ('Ethnicity', 'Ethnicity', 0), "
      "('Type Concept', 'Type Concept', 0), ('Visit', 'Visit', 0), ('Clinical Finding', 'Clinical Finding', 0), "
      "('Ingredient', 'Ingredient', 0), ('Procedure', 'Procedure', 0), "
      "('Clinical Observation', 'Clinical Observation', 0), ('Observable Entity', 'Observable Entity', 0)",
      "INSERT INTO person (person_id, gender_concept_id, year_of_birth, month_of_birth, day_of_birth, "
      "birth_datetime, race_concept_id, ethnicity_concept_id) VALUES "
      "(1, 8532, 1960, 3, 15, '1960-03-15 00:00:00', 8527, 38003564), (2, 8507, 1955, NULL, NULL, NULL, 8527, 38003564)",
      "INSERT INTO observation_period (observation_period_id, person_id, observation_period_start_date, "
      "observation_period_end_date, period_type_concept_id) VALUES "
      "(1, 1, '2010-01-01', '2020-12-31', 32879), (2, 2, '2012-05-01', '2021-06-30', 32879)",
      "INSERT INTO visit_occurrence (visit_occurrence_id, person_id, visit_concept_id, visit_start_date, "
      "visit_end_date, visit_type_concept_id) VALUES "
      "(1, 1, 9202, '2015-03-01', '2015-03-01', 32879), (2, 2, 9202, '2016-01-10', '2016-01-12', 32879)",
      "INSERT INTO condition_occurrence (condition_occurrence_id, person_id, condition_concept_id, "
      "condition_start_date, condition_type_concept_id, visit_occurrence_id, condition_source_value) VALUES "
      "(1, 1, 4112853, '2015-03-01', 32879, 1, '8500/3-C50.9')",
      "INSERT INTO drug_exposure (drug_exposure_id, person_id, drug_concept_id, drug_exposure_start_date, "
      "drug_exposure_end_date, drug_type_concept_id, visit_occurrence_id) VALUES "
      "(1, 1, 1125315, '2015-03-02', '2015-03-30', 32879, 1), (2, 2, 1125315, '2016-01-10', '2016-02-10', 32879, 2)",
      "INSERT INTO death (person_id, death_date, death_type_concept_id) VALUES (2, '2022-01-05', 32879)",
      // One row each for person 1 in the tables whose person completeness threshold is 95%.
      "INSERT INTO procedure_occurrence (procedure_occurrence_id, person_id, procedure_concept_id, procedure_date, "
      "procedure_type_concept_id) VALUES (1, 1, 4301351, '2015-03-05', 32879)",
      "INSERT INTO measurement (measurement_id, person_id, measurement_concept_id, measurement_date, "
      "measurement_type_concept_id) VALUES (1, 1, 3036277, '2015-03-01', 32879)",
      "INSERT INTO observation (observation_id, person_id, observation_concept_id, observation_date, "
      "observation_type_concept_id) VALUES (1, 1, 4275495, '2015-03-01', 32879)",
      "INSERT INTO drug_era (drug_era_id, person_id, drug_concept_id, drug_era_start_date, drug_era_end_date) "
      "VALUES (1, 1, 1125315, '2015-03-02', '2015-03-30')",
      "INSERT INTO condition_era (condition_era_id, person_id, condition_concept_id, condition_era_start_date, "
      "condition_era_end_date) VALUES (1, 1, 4112853, '2015-03-01', '2015-03-01')",
  };
}

inline void add_clean_rows(const std::string& path) { execute(path, clean_rows_sql()); }

inline std::string clean_cdm_database(const std::string& name) {
  const std::string path = empty_cdm_database(name);
  add_clean_rows(path);
  return path;
}

// The result of `check` on `table`.`field`; fails the test when there is none.
inline const DqCheckResult* find_result(const DqReport& report, std::string_view check, std::string_view table,
                                        std::string_view field = "") {
  for (const DqCheckResult& r : report.results) {
    if (r.check_name == check && r.table == table && r.field == field) return &r;
  }
  ADD_FAILURE() << "no result for " << check << " " << table << "." << field;
  return nullptr;
}

// One line per failed or errored check: "check table.field violated/denominator error".
inline std::string failures_of(const DqReport& report) {
  std::string text;
  for (const DqCheckResult& r : report.results) {
    if (r.failed || r.is_error()) {
      text += r.check_name + " " + r.table + "." + r.field + " " + std::to_string(r.num_violated_rows) + "/" +
              std::to_string(r.num_denominator_rows) + " " + r.error + "\n";
    }
  }
  return text;
}

}  // namespace oncoshare::omop::testing
