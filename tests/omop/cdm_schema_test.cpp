// The CDM schema against OHDSI's specification. The specification is in the shared fixtures
// (omop/), outside the repository: the tests that read it (spec_fields(), the generator
// checks) are skipped when that folder is absent (tests/shared_fixtures.hpp).
#include "omop/cdm_schema.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "omop/cdm_ddl.hpp"
#include "omop/cdm_row_check.hpp"
#include "omop/copy_text.hpp"
#include "process_scratch.hpp"
#include "spec_fields.hpp"

namespace oncoshare::omop {
namespace {

using testing_support::spec_fields;

bool type_matches_spec(const CdmField& field, const std::string& datatype) {
  if (datatype == "integer") return field.type == CdmType::integer || field.type == CdmType::bigint;
  if (datatype == "float") return field.type == CdmType::floating;
  if (datatype == "date") return field.type == CdmType::date;
  if (datatype == "datetime") return field.type == CdmType::datetime;
  if (datatype == "varchar(max)") return field.type == CdmType::varchar && field.length == 0;
  return field.type == CdmType::varchar &&
         datatype == "varchar(" + std::to_string(field.length) + ")";
}

TEST(CdmSchema, EveryFieldOfTheSpecificationInItsOrderWithItsTypeAndKeys) {
  const auto spec = spec_fields();
  std::size_t at = 0;
  for (const CdmTable& table : cdm_tables()) {
    for (const CdmField& field : table.fields) {
      ASSERT_LT(at, spec.size());
      const auto& expected = spec[at++];
      EXPECT_EQ(table.name, expected.table);
      EXPECT_EQ(field.name, expected.field);
      EXPECT_TRUE(type_matches_spec(field, expected.datatype))
          << table.name << "." << field.name << " " << expected.datatype;
      EXPECT_EQ(field.required, expected.required) << table.name << "." << field.name;
      EXPECT_EQ(field.primary_key, expected.primary_key) << table.name << "." << field.name;
      EXPECT_EQ(field.fk_table, expected.fk_table) << table.name << "." << field.name;
    }
  }
  EXPECT_EQ(at, spec.size());
}

TEST(CdmSchema, EpisodeIdsAndEventLinksAreBigint) {
  const CdmTable* episode = find_cdm_table("episode");
  ASSERT_NE(episode, nullptr);
  EXPECT_EQ(episode->fields[static_cast<std::size_t>(episode->field("episode_id"))].type,
            CdmType::bigint);
  EXPECT_EQ(episode->fields[static_cast<std::size_t>(episode->field("episode_parent_id"))].type,
            CdmType::bigint);
  const CdmTable* measurement = find_cdm_table("measurement");
  ASSERT_NE(measurement, nullptr);
  EXPECT_EQ(
      measurement->fields[static_cast<std::size_t>(measurement->field("measurement_event_id"))]
          .type,
      CdmType::bigint);
  EXPECT_EQ(
      measurement->fields[static_cast<std::size_t>(measurement->field("measurement_concept_id"))]
          .type,
      CdmType::integer);
}

TEST(CdmSchema, TablesAndFieldsAreFoundByName) {
  const CdmTable* person = find_cdm_table("person");
  ASSERT_NE(person, nullptr);
  EXPECT_EQ(person->field("person_id"), 0);
  EXPECT_EQ(person->field("gender_concept_id"), 1);
  EXPECT_EQ(person->field("no_such_field"), -1);
  EXPECT_EQ(find_cdm_table("no_such_table"), nullptr);
  EXPECT_EQ(find_cdm_table("PERSON"), nullptr);
  EXPECT_EQ(cdm_tables().front().name, "person");
  EXPECT_EQ(cdm_tables().size(), 39u);
}

int run_generator(const std::string& arguments) {
  return std::system(("python3 " ONCOSHARE_SOURCE_DIR "/scripts/generate-omop-schema " + arguments +
                      " >/dev/null 2>&1")
                         .c_str());
}

TEST(CdmSchemaGenerator, CommittedFileIsWhatTheSpecificationGenerates) {
  const std::string spec = fixtures::shared_fixture("omop");
  EXPECT_EQ(run_generator("--check --spec " + spec), 0);
}

TEST(CdmSchemaGenerator, CheckFailsWhenTheSpecificationChanged) {
  const std::string spec = fixtures::shared_fixture("omop");
  const std::string changed = testing_support::process_scratch("changed-spec");
  std::filesystem::create_directories(changed + "/dqd");
  std::filesystem::copy_file(spec + "/dqd/OMOP_CDMv5.4_Field_Level.csv",
                             changed + "/dqd/OMOP_CDMv5.4_Field_Level.csv");
  std::ifstream in(spec + "/OMOP_CDMv5.4_Field_Level.csv", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string csv = text.str();
  const std::string from = "person,year_of_birth,Yes,integer";
  ASSERT_NE(csv.find(from), std::string::npos);
  csv.replace(csv.find(from), from.size(), "person,year_of_birth,Yes,float");
  std::ofstream(changed + "/OMOP_CDMv5.4_Field_Level.csv", std::ios::binary) << csv;
  EXPECT_NE(run_generator("--check --spec " + changed), 0);
  EXPECT_EQ(run_generator("--check --spec " + spec), 0);  // and the committed file is untouched
}

TEST(CdmDdl, TypesPerDialect) {
  const CdmTable& note = *find_cdm_table("note");
  const auto type = [&](const char* name, SqlDialect dialect) {
    return column_type(note.fields[static_cast<std::size_t>(note.field(name))], dialect);
  };
  EXPECT_EQ(type("note_text", SqlDialect::postgresql), "text");
  EXPECT_EQ(type("note_title", SqlDialect::postgresql), "varchar(250)");
  EXPECT_EQ(type("note_datetime", SqlDialect::postgresql), "timestamp");
  EXPECT_EQ(type("note_date", SqlDialect::postgresql), "date");
  EXPECT_EQ(type("note_event_id", SqlDialect::postgresql), "bigint");
  EXPECT_EQ(type("note_date", SqlDialect::sqlite), "TEXT");
  EXPECT_EQ(type("note_id", SqlDialect::sqlite), "INTEGER");
  const CdmTable& measurement = *find_cdm_table("measurement");
  EXPECT_EQ(column_type(
                measurement.fields[static_cast<std::size_t>(measurement.field("value_as_number"))],
                SqlDialect::postgresql),
            "numeric");
  EXPECT_EQ(column_type(
                measurement.fields[static_cast<std::size_t>(measurement.field("value_as_number"))],
                SqlDialect::sqlite),
            "REAL");
}

TEST(CdmDdl, ReservedWordsAreQuotedAndKeysDeclaredOnlyForSqlite) {
  const std::string note_nlp =
      create_table_sql(*find_cdm_table("note_nlp"), SqlDialect::postgresql, "load");
  EXPECT_NE(note_nlp.find("CREATE TABLE \"load\".\"note_nlp\""), std::string::npos);
  EXPECT_NE(note_nlp.find("\"offset\" varchar(50) NULL"), std::string::npos);
  EXPECT_NE(note_nlp.find("\"note_nlp_id\" integer NOT NULL"), std::string::npos);
  EXPECT_EQ(note_nlp.find("PRIMARY KEY"), std::string::npos);
  const std::string person = create_table_sql(*find_cdm_table("person"), SqlDialect::sqlite);
  EXPECT_NE(person.find("CONSTRAINT \"xpk_person\" PRIMARY KEY (\"person_id\")"),
            std::string::npos);
  EXPECT_NE(
      person.find("CONSTRAINT \"fpk_person_gender_concept_id\" FOREIGN KEY (\"gender_concept_id\") "
                  "REFERENCES \"concept\" (\"concept_id\")"),
      std::string::npos);
  EXPECT_EQ(quoted("a\"b"), "\"a\"\"b\"");
}

TEST(CdmDdl, ForeignKeysIncludeSelfReferencesAndAllReferToKeys) {
  const auto spec = spec_fields();
  const auto spec_keys =
      std::count_if(spec.begin(), spec.end(), [](const auto& f) { return !f.fk_table.empty(); });
  EXPECT_EQ(static_cast<long>(foreign_keys().size()), spec_keys);
  const auto self = std::find_if(
      foreign_keys().begin(), foreign_keys().end(),
      [](const ForeignKey& k) { return k.name == "fpk_visit_detail_parent_visit_detail_id"; });
  ASSERT_NE(self, foreign_keys().end());
  EXPECT_EQ(self->referenced_table, self->table);
  EXPECT_EQ(foreign_key_sql(*self, "s"),
            "ALTER TABLE \"s\".\"visit_detail\" ADD CONSTRAINT "
            "\"fpk_visit_detail_parent_visit_detail_id\" FOREIGN KEY "
            "(\"parent_visit_detail_id\") REFERENCES \"s\".\"visit_detail\" (\"visit_detail_id\")");
  // Every referenced field of this specification is its table's primary key: no extra unique keys.
  EXPECT_TRUE(unique_key_sql(SqlDialect::postgresql, "s").empty());
  EXPECT_EQ(primary_key_sql("s").size(), 28u);
}

TEST(CdmDdl, IndexesNameExistingFields) {
  const auto indexes = cdm_indexes();
  EXPECT_GT(indexes.size(), 40u);
  for (const IndexSpec& index : indexes) {
    const CdmTable* table = find_cdm_table(index.table);
    ASSERT_NE(table, nullptr) << index.table;
    EXPECT_GE(table->field(index.field), 0) << index.table << "." << index.field;
  }
  const auto sql = index_sql("s");
  EXPECT_NE(std::find(sql.begin(), sql.end(),
                      "CREATE INDEX \"idx_condition_occurrence_person_id\" ON "
                      "\"s\".\"condition_occurrence\" (\"person_id\")"),
            sql.end());
  EXPECT_NE(
      std::find(
          sql.begin(), sql.end(),
          "CREATE INDEX \"idx_concept_concept_code\" ON \"s\".\"concept\" (\"concept_code\")"),
      sql.end());
}

TEST(CopyText, EscapesAndNulls) {
  std::string out;
  const std::vector<Cell> row{"a\\b\tc\nd\re", std::nullopt, "", "\\N"};
  append_copy_row(out, row);
  EXPECT_EQ(out, "a\\\\b\\tc\\nd\\re\t\\N\t\t\\\\N\n");
}

TEST(CdmRowCheck, NamesTableAndFieldButNeverTheValue) {
  const CdmTable& person = *find_cdm_table("person");
  std::vector<Cell> row(person.fields.size());
  row[0] = "1";
  row[1] = "0";
  row[2] = "1960";
  row[6] = "0";
  row[7] = "0";
  EXPECT_TRUE(check_cdm_row(person, row));
  row[2] = "19x60";
  auto failed = check_cdm_row(person, row);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "person.year_of_birth: the value is not an integer");
  row[2] = "4294967296";
  EXPECT_FALSE(check_cdm_row(person, row));
  row[2] = std::nullopt;
  failed = check_cdm_row(person, row);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "person.year_of_birth is required but the row has no value");
  row[2] = "1960";
  row[5] = "1960-02-30 00:00:00";
  EXPECT_FALSE(check_cdm_row(person, row));
  row[5] = "1960-02-03 10:11:12";
  EXPECT_TRUE(check_cdm_row(person, row));
  const std::string too_long(65, 'x');
  row[11] = too_long;  // person_source_value varchar(64): a pseudonym's length
  failed = check_cdm_row(person, row);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "person.person_source_value: the value is longer than 64 characters");
  row[11] = "ééééé";
  EXPECT_TRUE(check_cdm_row(person, row));
  EXPECT_FALSE(check_cdm_row(person, std::span<const Cell>(row).first(3)));
}

}  // namespace
}  // namespace oncoshare::omop
