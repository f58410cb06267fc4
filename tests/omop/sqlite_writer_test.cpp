// The SQLite CDM writer. The test of every table and field of the specification reads
// OHDSI's specification from the shared fixtures (omop/), outside the repository, and is
// skipped when that folder is absent (tests/shared_fixtures.hpp).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "cdm_rows.hpp"
#include "omop/cdm_writer.hpp"
#include "process_scratch.hpp"
#include "spec_fields.hpp"

namespace oncoshare::omop {
namespace {

namespace fs = std::filesystem;
using testing_support::add_minimal_vocabulary;
using testing_support::add_row;
using testing_support::awkward_note_row;
using testing_support::expect_awkward_note;
using testing_support::expect_unknown_gender_refused;
using testing_support::kAwkwardNoteColumns;
using testing_support::negative_measurement_row;
using testing_support::person_of_unknown_gender;
using testing_support::person_row;

// A new, empty folder per test.
std::string test_folder() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string folder =
      testing_support::process_scratch(std::string(info->test_suite_name()) + "." + info->name());
  fs::create_directories(folder);
  return folder;
}

std::set<std::string> files_in(const std::string& folder) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder))
    names.insert(entry.path().filename().string());
  return names;
}

std::unique_ptr<CdmWriter> open_writer(const std::string& file) {
  auto url = parse_database_url("sqlite:" + file);
  EXPECT_TRUE(url.has_value());
  auto writer = CdmWriter::open(*url, "cdm");
  EXPECT_TRUE(writer.has_value()) << (writer ? "" : writer.error().message);
  return writer ? std::move(*writer) : nullptr;
}

using Rows = std::vector<std::vector<std::optional<std::string>>>;

Rows query(const std::string& file, const std::string& sql) {
  sqlite3* db = nullptr;
  Rows rows;
  EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  while (statement != nullptr && sqlite3_step(statement) == SQLITE_ROW) {
    auto& row = rows.emplace_back();
    for (int c = 0; c < sqlite3_column_count(statement); ++c) {
      const auto* text = sqlite3_column_text(statement, c);
      row.push_back(text == nullptr
                        ? std::nullopt
                        : std::optional<std::string>(std::string(
                              reinterpret_cast<const char*>(text),
                              static_cast<std::size_t>(sqlite3_column_bytes(statement, c)))));
    }
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return rows;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string sqlite_family(const std::string& datatype) {
  if (datatype == "integer") return "INTEGER";
  if (datatype == "float") return "REAL";
  return "TEXT";  // varchar, date and datetime
}

TEST(SqliteCdmWriter, EveryTableAndFieldOfTheSpecificationWithItsTypeNullnessAndKeys) {
  const auto spec = testing_support::spec_fields();
  const std::string file = test_folder() + "/cdm.sqlite";
  auto writer = open_writer(file);
  ASSERT_TRUE(writer);
  ASSERT_TRUE(writer->commit());
  for (const auto& field : spec) {
    const auto rows = query(file, "SELECT type, \"notnull\", pk FROM pragma_table_info('" +
                                      field.table + "') WHERE name = '" + field.field + "'");
    ASSERT_EQ(rows.size(), 1u) << field.table << "." << field.field;
    EXPECT_EQ(rows[0][0], sqlite_family(field.datatype)) << field.table << "." << field.field;
    EXPECT_EQ(rows[0][1], field.required ? "1" : "0") << field.table << "." << field.field;
    EXPECT_EQ(rows[0][2], field.primary_key ? "1" : "0") << field.table << "." << field.field;
  }
  const auto keys = query(file,
                          "SELECT count(*) FROM sqlite_schema AS t, "
                          "pragma_foreign_key_list(t.name) WHERE t.type = 'table'");
  const auto spec_keys =
      std::count_if(spec.begin(), spec.end(), [](const auto& f) { return !f.fk_table.empty(); });
  EXPECT_EQ(keys.at(0).at(0), std::to_string(spec_keys));
  const auto indexes =
      query(file, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name LIKE 'idx_%'");
  EXPECT_NE(indexes.at(0).at(0), "0");
  EXPECT_EQ(files_in(fs::path(file).parent_path().string()), std::set<std::string>{"cdm.sqlite"});
}

TEST(SqliteCdmWriter, RowsRoundTripWithTypesAwkwardTextAndNulls) {
  const std::string file = test_folder() + "/cdm.sqlite";
  auto writer = open_writer(file);
  ASSERT_TRUE(writer);
  add_minimal_vocabulary(*writer);
  ASSERT_TRUE(add_row(*writer, "person", person_row("1")));
  ASSERT_TRUE(add_row(*writer, "note", awkward_note_row()));
  ASSERT_TRUE(add_row(*writer, "measurement", negative_measurement_row()));
  ASSERT_TRUE(writer->commit());
  writer.reset();
  const auto notes = query(file, "SELECT " + kAwkwardNoteColumns + ", typeof(note_id) FROM note");
  ASSERT_EQ(notes.size(), 1u);
  expect_awkward_note(notes[0]);
  EXPECT_EQ(notes[0][6], "integer");
  const auto values = query(
      file,
      "SELECT typeof(value_as_number), value_as_number * 4, unit_concept_id FROM measurement");
  ASSERT_EQ(values.size(), 1u);
  EXPECT_EQ(values[0][0], "real");
  EXPECT_EQ(values[0][1], "-5.0");
  EXPECT_EQ(values[0][2], std::nullopt);
}

TEST(SqliteCdmWriter, ForeignKeyViolationFailsTheCommitAndLeavesNoFile) {
  const std::string folder = test_folder();
  auto writer = open_writer(folder + "/cdm.sqlite");
  ASSERT_TRUE(writer);
  add_minimal_vocabulary(*writer);
  ASSERT_TRUE(add_row(*writer, "person", person_of_unknown_gender()));
  const auto status = writer->commit();
  ASSERT_FALSE(status);
  expect_unknown_gender_refused(status.error());
  EXPECT_NE(status.error().message.find("person.gender_concept_id names no row of concept.concept_id"),
            std::string::npos)
      << status.error().message;
  writer.reset();
  EXPECT_TRUE(files_in(folder).empty());
}

TEST(SqliteCdmWriter, AnExistingFileIsRefusedAndLeftAsItWas) {
  const std::string file = test_folder() + "/cdm.sqlite";
  std::ofstream(file) << "someone's data";
  auto url = parse_database_url("sqlite:" + file);
  ASSERT_TRUE(url);
  auto writer = CdmWriter::open(*url, "cdm");
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, core::ErrorCode::bad_input);
  EXPECT_NE(writer.error().message.find(file), std::string::npos);
  EXPECT_EQ(read_file(file), "someone's data");
  EXPECT_EQ(files_in(fs::path(file).parent_path().string()), std::set<std::string>{"cdm.sqlite"});
}

TEST(SqliteCdmWriter, AFileThatAppearsDuringTheLoadIsNotReplaced) {
  const std::string file = test_folder() + "/cdm.sqlite";
  auto writer = open_writer(file);
  ASSERT_TRUE(writer);
  std::ofstream(file) << "written meanwhile";
  const auto status = writer->commit();
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("appeared"), std::string::npos) << status.error().message;
  writer.reset();
  EXPECT_EQ(read_file(file), "written meanwhile");
  EXPECT_EQ(files_in(fs::path(file).parent_path().string()), std::set<std::string>{"cdm.sqlite"});
}

TEST(SqliteCdmWriter, WithoutCommitNothingIsLeft) {
  const std::string folder = test_folder();
  auto writer = open_writer(folder + "/cdm.sqlite");
  ASSERT_TRUE(writer);
  add_minimal_vocabulary(*writer);
  ASSERT_TRUE(add_row(*writer, "person", person_row("1")));
  EXPECT_EQ(files_in(folder).size(), 1u);  // the temporary file
  writer.reset();
  EXPECT_TRUE(files_in(folder).empty());
}

TEST(SqliteCdmWriter, ABadRowIsRefusedWithoutItsValueAndADuplicateKeyFailsTheWriter) {
  const std::string folder = test_folder();
  auto writer = open_writer(folder + "/cdm.sqlite");
  ASSERT_TRUE(writer);
  auto person = person_row("1");
  person["year_of_birth"] = "nineteen";
  auto refused = add_row(*writer, "person", person);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message.find("nineteen"), std::string::npos);
  ASSERT_TRUE(add_row(*writer, "person", person_row("1")));
  const auto duplicate = add_row(*writer, "person", person_row("1"));
  ASSERT_FALSE(duplicate);
  EXPECT_NE(duplicate.error().message.find("person.person_id"), std::string::npos)
      << duplicate.error().message;
  EXPECT_FALSE(writer->commit());
  writer.reset();
  EXPECT_TRUE(files_in(folder).empty());
}

}  // namespace
}  // namespace oncoshare::omop
