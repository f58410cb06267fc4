// The PostgreSQL CDM writer. The test of every table and field of the specification reads
// OHDSI's specification from the shared fixtures (omop/), outside the repository, and is
// skipped when that folder is absent (tests/shared_fixtures.hpp).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "cdm_rows.hpp"
#include "omop/cdm_writer.hpp"
#include "postgres_cluster.hpp"
#include "process_scratch.hpp"
#include "spec_fields.hpp"

namespace oncoshare::omop {
namespace {

using testing_support::add_minimal_vocabulary;
using testing_support::add_row;
using testing_support::awkward_note_row;
using testing_support::expect_awkward_note;
using testing_support::expect_unknown_gender_refused;
using testing_support::kAwkwardNoteColumns;
using testing_support::kAwkwardText;
using testing_support::negative_measurement_row;
using testing_support::person_of_unknown_gender;
using testing_support::person_row;
using testing_support::postgres_query;

std::unique_ptr<CdmWriter> open_writer(const std::string& uri, const std::string& schema = "cdm") {
  auto url = parse_database_url(uri);
  EXPECT_TRUE(url.has_value());
  auto writer = CdmWriter::open(*url, schema);
  EXPECT_TRUE(writer.has_value()) << (writer ? "" : writer.error().message);
  return writer ? std::move(*writer) : nullptr;
}

// The schemas a user made or a writer left, system schemas aside.
std::vector<std::string> user_schemas(const std::string& uri) {
  std::vector<std::string> names;
  for (const auto& row :
       postgres_query(uri,
                      "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND "
                      "nspname NOT IN ('information_schema', 'public') ORDER BY 1")) {
    names.push_back(row.at(0).value_or(""));
  }
  return names;
}

std::string postgres_family(const std::string& datatype) {
  if (datatype == "integer") return "integer";
  if (datatype == "float") return "numeric";
  if (datatype == "date") return "date";
  if (datatype == "datetime") return "timestamp without time zone";
  if (datatype == "varchar(max)") return "text";
  return "character varying";
}

TEST(PostgresCdmWriter, EveryTableAndFieldOfTheSpecificationWithItsTypeNullnessAndKeys) {
  const auto spec = testing_support::spec_fields();
  ONCOSHARE_POSTGRES_CLUSTER(cluster);
  const std::string uri = cluster.fresh_database();
  auto writer = open_writer(uri);
  ASSERT_TRUE(writer);
  ASSERT_TRUE(writer->commit());
  EXPECT_EQ(user_schemas(uri), std::vector<std::string>{"cdm"});
  std::map<std::string, std::vector<std::optional<std::string>>> columns;
  for (auto& row :
       postgres_query(uri,
                      "SELECT table_name || '.' || column_name, data_type, is_nullable, "
                      "character_maximum_length FROM information_schema.columns "
                      "WHERE table_schema = 'cdm'")) {
    columns[row.at(0).value_or("")] = row;
  }
  EXPECT_EQ(columns.size(), spec.size());
  for (const auto& field : spec) {
    const auto found = columns.find(field.table + "." + field.field);
    ASSERT_NE(found, columns.end()) << field.table << "." << field.field;
    const auto& column = found->second;
    const std::string family = postgres_family(field.datatype);
    if (family == "integer") {
      EXPECT_TRUE(column[1] == "integer" || column[1] == "bigint")
          << field.table << "." << field.field;
    } else {
      EXPECT_EQ(column[1], family) << field.table << "." << field.field;
    }
    if (family == "character varying") {
      EXPECT_EQ("varchar(" + column[3].value_or("") + ")", field.datatype)
          << field.table << "." << field.field;
    }
    EXPECT_EQ(column[2], field.required ? "NO" : "YES") << field.table << "." << field.field;
  }
  const auto count = [&](const char* type) {
    return postgres_query(
               uri, std::string("SELECT count(*) FROM information_schema.table_constraints WHERE "
                                "table_schema = 'cdm' AND constraint_type = '") +
                        type + "'")
        .at(0)
        .at(0);
  };
  const auto spec_keys =
      std::count_if(spec.begin(), spec.end(), [](const auto& f) { return !f.fk_table.empty(); });
  const auto spec_primary =
      std::count_if(spec.begin(), spec.end(), [](const auto& f) { return f.primary_key; });
  EXPECT_EQ(count("FOREIGN KEY"), std::to_string(spec_keys));
  EXPECT_EQ(count("PRIMARY KEY"), std::to_string(spec_primary));
  EXPECT_EQ(
      postgres_query(uri,
                     "SELECT count(*) FROM pg_indexes WHERE schemaname = 'cdm' AND indexname = "
                     "'idx_condition_occurrence_person_id'")
          .at(0)
          .at(0),
      "1");
  EXPECT_EQ(postgres_query(
                uri,
                "SELECT data_type FROM information_schema.columns WHERE table_schema = 'cdm' AND "
                "table_name = 'episode' AND column_name = 'episode_id'")
                .at(0)
                .at(0),
            "bigint");
}

TEST(PostgresCdmWriter, RowsRoundTripThroughCopyWithAwkwardTextAndNulls) {
  ONCOSHARE_POSTGRES_CLUSTER(cluster);
  const std::string uri = cluster.fresh_database();
  auto writer = open_writer(uri);
  ASSERT_TRUE(writer);
  add_minimal_vocabulary(*writer);
  // Rows of several tables interleaved, each table's COPY open at once.
  for (int id = 1; id <= 3000; ++id) {
    ASSERT_TRUE(add_row(*writer, "person", person_row(std::to_string(id))));
    ASSERT_TRUE(add_row(*writer, "observation_period",
                        {{"observation_period_id", std::to_string(id)},
                         {"person_id", std::to_string(id)},
                         {"observation_period_start_date", "2000-01-01"},
                         {"observation_period_end_date", "2020-12-31"},
                         {"period_type_concept_id", "0"}}));
  }
  ASSERT_TRUE(add_row(*writer, "note", awkward_note_row()));
  ASSERT_TRUE(add_row(*writer, "measurement", negative_measurement_row()));
  // Notes of several send buffers: the COPY is fed in pieces.
  const std::string long_text = std::string(8000, 'x') + kAwkwardText;
  for (int id = 100; id < 400; ++id) {
    ASSERT_TRUE(add_row(*writer, "note",
                        {{"note_id", std::to_string(id)},
                         {"person_id", "2"},
                         {"note_date", "2020-01-01"},
                         {"note_type_concept_id", "0"},
                         {"note_class_concept_id", "0"},
                         {"note_text", long_text},
                         {"encoding_concept_id", "0"},
                         {"language_concept_id", "0"}}));
  }
  ASSERT_TRUE(writer->commit());
  writer.reset();
  EXPECT_EQ(postgres_query(
                uri, "SELECT count(*), sum(length(note_text)) FROM cdm.note WHERE person_id = 2")
                .at(0),
            (std::vector<std::optional<std::string>>{"300", std::to_string(300 * (8000 + 58))}));
  EXPECT_EQ(
      postgres_query(
          uri,
          "SELECT count(*) FROM cdm.note WHERE person_id = 2 AND note_text = repeat('x', 8000) "
          "|| (SELECT note_text FROM cdm.note WHERE note_id = 7)")
          .at(0)
          .at(0),
      "300");
  const auto notes = postgres_query(uri, "SELECT " + kAwkwardNoteColumns + " FROM cdm.note WHERE note_id = 7");
  ASSERT_EQ(notes.size(), 1u);
  expect_awkward_note(notes[0]);
  const auto values =
      postgres_query(uri, "SELECT value_as_number * 4, unit_concept_id FROM cdm.measurement");
  ASSERT_EQ(values.size(), 1u);
  EXPECT_EQ(values[0][0], "-5.00");
  EXPECT_EQ(values[0][1], std::nullopt);
  EXPECT_EQ(postgres_query(uri, "SELECT count(*), sum(person_id) FROM cdm.person").at(0),
            (std::vector<std::optional<std::string>>{"3000", "4501500"}));
  EXPECT_EQ(postgres_query(uri, "SELECT count(*) FROM cdm.observation_period").at(0).at(0), "3000");
  EXPECT_EQ(user_schemas(uri), std::vector<std::string>{"cdm"});
}

TEST(PostgresCdmWriter, ForeignKeyViolationFailsTheCommitNamingTheConstraintAndLeavesNoSchema) {
  ONCOSHARE_POSTGRES_CLUSTER(cluster);
  const std::string uri = cluster.fresh_database();
  postgres_query(uri,
                 "CREATE SCHEMA other; CREATE TABLE other.kept (a integer); INSERT INTO other.kept "
                 "VALUES (1)");
  auto writer = open_writer(uri);
  ASSERT_TRUE(writer);
  add_minimal_vocabulary(*writer);
  ASSERT_TRUE(add_row(*writer, "person", person_of_unknown_gender()));
  const auto status = writer->commit();
  ASSERT_FALSE(status);
  expect_unknown_gender_refused(status.error());
  writer.reset();
  EXPECT_EQ(user_schemas(uri), std::vector<std::string>{"other"});
  EXPECT_EQ(postgres_query(uri, "SELECT a FROM other.kept").at(0).at(0), "1");
}

TEST(PostgresCdmWriter, ADuplicatePrimaryKeyFailsTheCommitNamingTheConstraint) {
  ONCOSHARE_POSTGRES_CLUSTER(cluster);
  const std::string uri = cluster.fresh_database();
  auto writer = open_writer(uri);
  ASSERT_TRUE(writer);
  add_minimal_vocabulary(*writer);
  ASSERT_TRUE(add_row(*writer, "person", person_row("1")));
  ASSERT_TRUE(add_row(*writer, "person", person_row("1")));
  const auto status = writer->commit();
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("xpk_person"), std::string::npos) << status.error().message;
  writer.reset();
  EXPECT_TRUE(user_schemas(uri).empty());
}

TEST(PostgresCdmWriter, AnExistingSchemaIsRefusedAndLeftAsItWas) {
  ONCOSHARE_POSTGRES_CLUSTER(cluster);
  const std::string uri = cluster.fresh_database();
  postgres_query(
      uri,
      "CREATE SCHEMA cdm; CREATE TABLE cdm.person (a integer); INSERT INTO cdm.person VALUES (42)");
  auto url = parse_database_url(uri);
  ASSERT_TRUE(url);
  auto writer = CdmWriter::open(*url, "cdm");
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, core::ErrorCode::bad_input);
  EXPECT_EQ(writer.error().message,
            "schema 'cdm' exists in " + uri + ": choose another --schema or drop it");
  EXPECT_EQ(user_schemas(uri), std::vector<std::string>{"cdm"});
  EXPECT_EQ(postgres_query(uri, "SELECT a FROM cdm.person").at(0).at(0), "42");
}

TEST(PostgresCdmWriter, ASchemaThatAppearsDuringTheLoadIsNotReplaced) {
  ONCOSHARE_POSTGRES_CLUSTER(cluster);
  const std::string uri = cluster.fresh_database();
  auto writer = open_writer(uri);
  ASSERT_TRUE(writer);
  postgres_query(uri, "CREATE SCHEMA cdm");
  const auto status = writer->commit();
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("schema 'cdm' exists"), std::string::npos)
      << status.error().message;
  writer.reset();
  EXPECT_EQ(user_schemas(uri), std::vector<std::string>{"cdm"});
  EXPECT_EQ(
      postgres_query(uri, "SELECT count(*) FROM pg_tables WHERE schemaname = 'cdm'").at(0).at(0),
      "0");
}

TEST(PostgresCdmWriter, WithoutCommitTheLoadSchemaAndItsCopiesAreDropped) {
  ONCOSHARE_POSTGRES_CLUSTER(cluster);
  const std::string uri = cluster.fresh_database();
  auto writer = open_writer(uri);
  ASSERT_TRUE(writer);
  add_minimal_vocabulary(*writer);
  ASSERT_TRUE(add_row(*writer, "person", person_row("1")));
  const auto loading = user_schemas(uri);
  ASSERT_EQ(loading.size(), 1u);
  EXPECT_EQ(loading[0].rfind("cdm_load_", 0), 0u) << loading[0];
  writer.reset();
  EXPECT_TRUE(user_schemas(uri).empty());
  // The COPY connections are closed too: only this query's connection remains.
  std::string connections;
  for (int attempt = 0; attempt < 100 && connections != "1";
       ++attempt) {  // backends end asynchronously
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    connections =
        postgres_query(uri,
                       "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
            .at(0)
            .at(0)
            .value_or("");
  }
  EXPECT_EQ(connections, "1");
}

TEST(PostgresCdmWriter, AnUnreachableServerIsAnIoErrorWithoutThePassword) {
  // A socket folder with no server in it.
  const std::string folder = testing_support::process_scratch("no-server");
  std::filesystem::create_directories(folder);
  const std::string uri = "postgresql://someone:s3cret-word@/postgres?host=" + folder;
  auto url = parse_database_url(uri);
  ASSERT_TRUE(url);
  auto writer = CdmWriter::open(*url, "cdm");
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, core::ErrorCode::io);
  EXPECT_EQ(writer.error().message.find("s3cret-word"), std::string::npos)
      << writer.error().message;
  EXPECT_NE(writer.error().message.find("cannot connect to postgresql://someone:***@/postgres"),
            std::string::npos)
      << writer.error().message;
}

TEST(PostgresCdmWriter, ABadSchemaNameIsRefused) {
  auto url = parse_database_url("postgresql:///postgres?host=/nonexistent");
  ASSERT_TRUE(url);
  for (const char* schema :
       {"", "Cdm", "cdm;drop", "1cdm", "a_name_far_too_long_for_a_load_schema_xyzw"}) {
    auto writer = CdmWriter::open(*url, schema);
    ASSERT_FALSE(writer) << schema;
    EXPECT_EQ(writer.error().code, core::ErrorCode::bad_input) << schema;
    EXPECT_EQ(writer.error().where.field, "--schema");
  }
}

}  // namespace
}  // namespace oncoshare::omop
