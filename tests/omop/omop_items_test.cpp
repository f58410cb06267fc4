// The OMOP rows of the FHIR resources the synthetic cohort does not have (secondary cancers,
// specimens, reports, medication requests), and what is left out and counted: a patient
// without a birth year, a death without a date.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "sqlite_rows.hpp"

namespace oncoshare::omop {
namespace {

using cli::test::CommandRun;
using cli::test::TempDir;
using nlohmann::json;
using testing_support::sqlite_rows;

const char* const kDictionary =
    "Variable / Field Name,Form Name,Section Header,Field Type,Field Label,\"Choices, Calculations, OR Slider "
    "Labels\",Field Note,Text Validation Type OR Show Slider Number,Text Validation Min,Text Validation Max,"
    "Identifier?,Branching Logic (Show field only if...),Required Field?,Custom Alignment,Question Number (surveys "
    "only),Matrix Group Name,Matrix Ranking?,Field Annotation\n"
    "record_id,registry,,text,ID,,,,,,,,,,,,,\n"
    "birth,registry,,text,Born,,,date_ymd,,,,,,,,,,\n"
    "sex,registry,,radio,Sex,\"1, Male | 2, Female\",,,,,,,,,,,,\n"
    "vital,registry,,radio,Vital status,\"0, Alive | 1, Dead\",,,,,,,,,,,,\n"
    "dx_date,registry,,text,Diagnosis,,,date_ymd,,,,,,,,,,\n"
    "site,registry,,dropdown,Site,\"C50.9, Breast | C61.9, Prostate\",,,,,,,,,,,,\n"
    "metastasis,registry,,dropdown,Metastasis,\"1, Bone | 2, Liver\",,,,,,,,,,,,\n"
    "sample,registry,,dropdown,Specimen,\"1, Blood | 2, Tissue\",,,,,,,,,,,,\n"
    "pathology,registry,,dropdown,Pathology report,\"1, Malignant | 2, Benign\",,,,,,,,,,,,\n"
    "order_date,registry,,text,Ordered,,,date_ymd,,,,,,,,,,\n"
    "ordered,registry,,dropdown,Drug ordered,\"1, tamoxifen\",,,,,,,,,,,,\n";

const char* const kMapping =
    "variable,choice,system,code,display,fhir,omop,omop_concept_id\n"
    "record_id,,,,,Patient.identifier,person.person_source_value,\n"
    "birth,,,,,Patient.birthDate,person.birth_datetime,\n"
    "sex,,,,,Patient.gender,person.gender_concept_id,\n"
    "sex,1,SNOMEDCT,248153007,Male,,,8507\n"
    "sex,2,SNOMEDCT,248152002,Female,,,8532\n"
    "vital,,,,,Patient.deceased,,\n"
    "vital,0,SNOMEDCT,438949009,Alive,,,\n"
    "vital,1,SNOMEDCT,419099009,Dead,,,\n"
    "dx_date,,,,,Condition.onsetDateTime,condition_occurrence.condition_start_date,\n"
    "site,,,,,Condition.bodySite,,\n"
    "site,C50.9,ICDO3,C50.9,Breast,,,\n"
    "site,C61.9,ICDO3,C61.9,Prostate,,,\n"
    "metastasis,,,,,mcode-secondary-cancer-condition,condition_occurrence,\n"
    "metastasis,1,SNOMEDCT,94222008,Secondary malignant neoplasm of bone,,,4001\n"
    "metastasis,2,SNOMEDCT,94381002,Secondary malignant neoplasm of liver,,,\n"
    "sample,,,,,Specimen.type,specimen,\n"
    "sample,1,SNOMEDCT,119297000,Blood specimen,,,4002\n"
    "sample,2,SNOMEDCT,119376003,Tissue specimen,,,\n"
    "pathology,,LOINC,22637-3,Pathology report,DiagnosticReport.conclusionCode,observation,\n"
    "pathology,1,SNOMEDCT,363346000,Malignant,,,\n"
    "pathology,2,SNOMEDCT,3898006,Benign,,,\n"
    "order_date,,,,,MedicationAdministration.effectivePeriod.start,drug_exposure.drug_exposure_start_date,\n"
    "ordered,,,,,MedicationRequest,drug_exposure,\n"
    "ordered,1,RXNORM,10324,tamoxifen,,,1436678\n";

// p1: everything; p2: dead without a date, no specimen or report; p3: no birth date.
const char* const kExport =
    "record_id,birth,sex,vital,dx_date,site,metastasis,sample,pathology,order_date,ordered\n"
    "p1,1960-02-03,2,0,2020-05-01,C50.9,1,1,1,2020-06-01,1\n"
    "p2,1955-07-08,1,1,2019-01-10,C61.9,2,,,,\n"
    "p3,,2,0,2021-03-03,C50.9,,2,2,,\n";

// The project above and a site key, in `dir`.
void write_project(const TempDir& dir) {
  cli::test::write_file(dir.path("dd.csv"), kDictionary);
  cli::test::write_file(dir.path("map.csv"), kMapping);
  cli::test::write_file(dir.path("export.csv"), kExport);
  ASSERT_EQ(cli::test::run(dir, "keygen --out site.key").exit_code, 0);
}

TEST(OmopItems, EveryResourceKindHasItsRowsAndWhatCannotBeWrittenIsCounted) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(write_project(dir));
  const CommandRun run = cli::test::run(
      dir, "omop --dictionary dd.csv --mapping map.csv --data export.csv --key-file site.key --db sqlite:cdm.sqlite");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json summary = json::parse(run.out);
  EXPECT_EQ(summary["patients"], 3);
  EXPECT_EQ(summary["persons_without_birth_year"], 1);  // p3
  EXPECT_EQ(summary["deaths_without_date"], 1);         // p2
  const std::string db = dir.path("cdm.sqlite");
  EXPECT_EQ(sqlite_rows(db, "SELECT year_of_birth, month_of_birth, day_of_birth, gender_concept_id FROM person ORDER BY "
                     "person_id"),
            (std::vector<std::string>{"1960|2|3|8532", "1955|7|8|8507"}));
  EXPECT_TRUE(sqlite_rows(db, "SELECT * FROM death").empty());
  // Primary cancers (site as source value, no histology given) and the secondary ones, dated
  // by the diagnosis; the mapped secondary has its concept.
  EXPECT_EQ(sqlite_rows(db, "SELECT person_id, condition_concept_id, condition_start_date, condition_source_value FROM "
                     "condition_occurrence ORDER BY condition_occurrence_id"),
            (std::vector<std::string>{"1|0|2020-05-01|C50.9", "1|4001|2020-05-01|94222008", "2|0|2019-01-10|C61.9",
                                      "2|0|2019-01-10|94381002"}));
  EXPECT_EQ(sqlite_rows(db, "SELECT person_id, specimen_concept_id, specimen_date, specimen_source_value FROM specimen"),
            (std::vector<std::string>{"1|4002|2020-05-01|119297000"}));
  EXPECT_EQ(sqlite_rows(db, "SELECT person_id, observation_date, observation_source_value, value_as_concept_id FROM "
                     "observation"),
            (std::vector<std::string>{"1|2020-05-01|22637-3|0"}));
  // The request is a drug exposure dated when it was authored, ending the same day, in a
  // regimen under the disease episode.
  EXPECT_EQ(sqlite_rows(db, "SELECT person_id, drug_concept_id, drug_exposure_start_date, drug_exposure_end_date FROM "
                     "drug_exposure"),
            (std::vector<std::string>{"1|1436678|2020-06-01|2020-06-01"}));
  EXPECT_EQ(sqlite_rows(db, "SELECT r.episode_number, d.episode_concept_id FROM episode r JOIN episode d ON "
                     "r.episode_parent_id = d.episode_id WHERE r.episode_concept_id = 32531"),
            (std::vector<std::string>{"1|32528"}));
  EXPECT_EQ(sqlite_rows(db, "SELECT drug_concept_id, drug_exposure_count FROM drug_era"), (std::vector<std::string>{"1436678|1"}));
  EXPECT_EQ(sqlite_rows(db, "SELECT concept_class_id FROM concept WHERE concept_id = 1436678"),
            (std::vector<std::string>{"Ingredient"}));
  EXPECT_EQ(sqlite_rows(db, "SELECT person_id, observation_period_start_date, observation_period_end_date FROM "
                     "observation_period ORDER BY person_id"),
            (std::vector<std::string>{"1|2020-05-01|2020-06-01", "2|2019-01-10|2019-01-10"}));
  EXPECT_TRUE(sqlite_rows(db, "PRAGMA foreign_key_check").empty());
}

// An export without `<form>_complete` columns whose birth date is blank: the Patient says
// the date is unknown (this crashed the FHIR conversion once: no cell held the variable).
TEST(OmopItems, ABlankBirthDateWithoutFormStatusColumnsIsUnknownInFhir) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(write_project(dir));
  const CommandRun run = cli::test::run(
      dir, "fhir --dictionary dd.csv --mapping map.csv --data export.csv --key-file site.key --format ndjson --out fhir");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json::parse(run.out)["absent_values"], 1);
  std::ifstream patients(dir.path("fhir/Patient.ndjson"));
  std::size_t unknown = 0;
  for (std::string line; std::getline(patients, line);) {
    const json patient = json::parse(line);
    if (!patient.contains("_birthDate")) continue;
    EXPECT_EQ(patient["_birthDate"]["extension"][0]["valueCode"], "unknown");
    ++unknown;
  }
  EXPECT_EQ(unknown, 1u);
}

}  // namespace
}  // namespace oncoshare::omop
