#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "cdm_test_database.hpp"
#include "omop/sql_dialect.hpp"
#include "omop/sql_reader.hpp"

namespace oncoshare::omop {
namespace {

std::unique_ptr<SqlReader> open_sqlite(const std::string& path) {
  core::Result<std::unique_ptr<SqlReader>> reader = SqlReader::open(*parse_database_url("sqlite:" + path), "cdm");
  EXPECT_TRUE(reader.has_value()) << (reader ? "" : reader.error().to_string());
  return reader ? std::move(*reader) : nullptr;
}

TEST(SqlReader, MissingSqliteFileIsBadInputNamingIt) {
  const std::string path = testing_support::process_scratch("absent.sqlite");
  const auto reader = SqlReader::open(*parse_database_url("sqlite:" + path), "cdm");
  ASSERT_FALSE(reader.has_value());
  EXPECT_EQ(reader.error().code, core::ErrorCode::bad_input);
  EXPECT_NE(reader.error().message.find(path), std::string::npos) << reader.error().message;
  EXPECT_FALSE(std::filesystem::exists(path));  // opening never creates the file
}

TEST(SqlReader, ReadsIntegersTablesAndColumns) {
  const std::string path = testing_support::process_scratch("reader.sqlite");
  testing::execute(path, {"CREATE TABLE person (person_id INTEGER, year_of_birth INTEGER)",
                          "INSERT INTO person VALUES (1, 1960), (2, NULL)"});
  const auto reader = open_sqlite(path);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->kind(), DatabaseKind::sqlite);
  const auto row = reader->integers("SELECT COUNT(*), MAX(year_of_birth), MIN(year_of_birth) FROM person "
                                    "WHERE person_id = 2");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(*row, (std::vector<std::int64_t>{1, 0, 0}));  // NULL reads as 0
  EXPECT_TRUE(reader->has_table("person"));
  EXPECT_FALSE(reader->has_table("death"));
  EXPECT_TRUE(reader->has_column("person", "year_of_birth"));
  EXPECT_FALSE(reader->has_column("person", "birth_datetime"));
  EXPECT_FALSE(reader->has_column("death", "person_id"));
}

TEST(SqlReader, SqliteIsReadOnlyAndErrorsQuoteTheDatabase) {
  const std::string path = testing_support::process_scratch("read-only.sqlite");
  testing::execute(path, {"CREATE TABLE person (person_id INTEGER)"});
  const auto reader = open_sqlite(path);
  ASSERT_NE(reader, nullptr);
  const auto written = reader->integers("INSERT INTO person VALUES (1) RETURNING person_id");
  ASSERT_FALSE(written.has_value());
  EXPECT_NE(written.error().message.find("readonly"), std::string::npos) << written.error().message;
  const auto missing = reader->integers("SELECT COUNT(*) FROM death");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("no such table: death"), std::string::npos) << missing.error().message;
}

TEST(SqlReader, UnreachableServerIsAnIoErrorWithoutThePassword) {
  // Port 1 on the loopback refuses at once.
  const auto url = parse_database_url("postgresql://checker:s3cret-word@127.0.0.1:1/cdm?connect_timeout=2");
  ASSERT_TRUE(url.has_value());
  const auto reader = SqlReader::open(*url, "cdm");
  ASSERT_FALSE(reader.has_value());
  EXPECT_EQ(reader.error().code, core::ErrorCode::io);
  EXPECT_NE(reader.error().message.find("127.0.0.1"), std::string::npos) << reader.error().message;
  EXPECT_EQ(reader.error().message.find("s3cret-word"), std::string::npos) << reader.error().message;
}

TEST(SqlDialect, DatesCompareAsDatesOnBothDatabases) {
  const SqlDialect sqlite(DatabaseKind::sqlite);
  const SqlDialect postgres(DatabaseKind::postgresql);
  EXPECT_EQ(sqlite.date("t.x"), "date(t.x)");
  EXPECT_EQ(postgres.date("t.x"), "CAST(t.x AS DATE)");
  EXPECT_EQ(sqlite.date_literal("1950-01-01"), "'1950-01-01'");
  EXPECT_EQ(postgres.date_literal("1950-01-01"), "DATE '1950-01-01'");
  EXPECT_EQ(sqlite.add_days("d", -7), "date(d, '-7 days')");
  EXPECT_EQ(postgres.add_days("d", 60), "(d + 60)");
  EXPECT_EQ(sql_string("it's"), "'it''s'");
}

TEST(SqlDialect, SqliteDateArithmeticRunsAsWritten) {
  const std::string path = testing_support::process_scratch("dates.sqlite");
  testing::execute(path, {"CREATE TABLE t (x TEXT)", "INSERT INTO t VALUES ('2020-02-28 13:45:00')"});
  const auto reader = open_sqlite(path);
  ASSERT_NE(reader, nullptr);
  const SqlDialect d(DatabaseKind::sqlite);
  const auto row = reader->integers(
      "SELECT " + d.add_days(d.date("x"), 2) + " = " + d.date_literal("2020-03-01") + ", " +
      d.date_from_parts("2020", "NULL", "NULL") + " = " + d.date_literal("2020-01-01") + ", " + d.not_integer("x") +
      " FROM t");
  ASSERT_TRUE(row.has_value()) << row.error().to_string();
  // 28 Feb 2020 + 2 days is 1 March (29 Feb between); the time is dropped; text is no integer.
  EXPECT_EQ(*row, (std::vector<std::int64_t>{1, 1, 1}));
}

}  // namespace
}  // namespace oncoshare::omop
