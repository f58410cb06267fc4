// The reader and the checks on PostgreSQL: a private cluster started for this suite
// (initdb + pg_ctl, as the postgres user when run as root), reached over a Unix socket in a
// scratch folder only, so nothing else can connect to it or collide with it.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "cdm_test_database.hpp"
#include "omop/dq_checks.hpp"
#include "omop/sql_reader.hpp"

namespace oncoshare::omop {
namespace {

using testing::failures_of;

const std::string kBin = "/usr/lib/postgresql/15/bin";

class PostgresCluster : public ::testing::Test {
 protected:
  // PostgreSQL refuses to run as root: then the cluster belongs to the postgres user.
  static bool can_start() {
    return std::filesystem::exists(kBin + "/initdb") && (::geteuid() != 0 || ::getpwnam("postgres") != nullptr);
  }

  static void SetUpTestSuite() {
    if (!can_start()) return;
    dir_ = testing_support::process_scratch("pg");
    std::filesystem::create_directories(dir_);
    std::filesystem::permissions(std::filesystem::path(dir_).parent_path(), std::filesystem::perms::all);
    std::filesystem::permissions(dir_, std::filesystem::perms::all);
    const std::string as_owner = ::geteuid() == 0 ? "runuser -u postgres -- " : "";
    const std::string start =
        as_owner + kBin + "/initdb -D " + dir_ + "/data -A trust -U postgres --no-sync > " + dir_ + "/initdb.log 2>&1 && " +
        as_owner + kBin + "/pg_ctl -D " + dir_ + "/data -w -l " + dir_ + "/server.log -o \"-k " + dir_ +
        " -c listen_addresses= -c fsync=off\" start > /dev/null 2>&1";
    started_ = std::system(start.c_str()) == 0;
    stop_ = as_owner + kBin + "/pg_ctl -D " + dir_ + "/data -m immediate stop > /dev/null 2>&1";
  }
  static void TearDownTestSuite() {
    if (started_) (void)std::system(stop_.c_str());
  }
  void SetUp() override {
    if (!can_start()) GTEST_SKIP() << "no PostgreSQL 15 in " << kBin << " (or no postgres user to run it as root)";
    ASSERT_TRUE(started_) << "the private cluster did not start; see " << dir_;
  }

  static std::string url() { return "postgresql:///postgres?host=" + dir_ + "&user=postgres"; }

  // Runs statements on the cluster; the schema `schema` is created fresh with the full CDM.
  static void execute(const std::vector<std::string>& statements) {
    PGconn* connection = PQconnectdb(url().c_str());
    ASSERT_EQ(PQstatus(connection), CONNECTION_OK) << PQerrorMessage(connection);
    for (const std::string& sql : statements) {
      PGresult* result = PQexec(connection, sql.c_str());
      EXPECT_EQ(PQresultStatus(result), PGRES_COMMAND_OK) << sql << ": " << PQerrorMessage(connection);
      PQclear(result);
    }
    PQfinish(connection);
  }

  static void create_cdm_schema(const std::string& schema) {
    std::vector<std::string> statements{"SET client_min_messages = warning", "DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema,
                                        "SET search_path TO " + schema};
    for (const std::string& sql : testing::cdm_schema_sql(postgres_type)) statements.push_back(sql);
    execute(statements);
  }

  static std::string_view postgres_type(std::string_view datatype) {
    if (datatype == "integer" || datatype == "Integer") return "INTEGER";
    if (datatype == "bigint") return "BIGINT";
    if (datatype == "float") return "DOUBLE PRECISION";
    if (datatype == "date") return "DATE";
    if (datatype == "datetime") return "TIMESTAMP";
    return "TEXT";
  }

  static DqReport run(const std::string& schema) {
    core::Result<std::unique_ptr<SqlReader>> reader = SqlReader::open(*parse_database_url(url()), schema);
    EXPECT_TRUE(reader.has_value()) << (reader ? "" : reader.error().to_string());
    core::Result<DqReport> report = run_dq_checks(**reader, DqOptions{"2024-06-01"});
    EXPECT_TRUE(report.has_value());
    return std::move(*report);
  }

  static inline std::string dir_;
  static inline std::string stop_;
  static inline bool started_ = false;
};

TEST_F(PostgresCluster, CleanSchemaPassesAndPlantedFaultsAreCounted) {
  create_cdm_schema("cdm");
  std::vector<std::string> rows{"SET search_path TO cdm"};
  for (const std::string& sql : testing::clean_rows_sql()) rows.push_back(sql);
  execute(rows);
  const DqReport clean = run("cdm");
  EXPECT_EQ(failures_of(clean), "");
  EXPECT_GT(clean.results.size(), 1000U);

  execute({"SET search_path TO cdm",
           "INSERT INTO drug_exposure (drug_exposure_id, person_id, drug_concept_id, drug_exposure_start_date, "
           "drug_exposure_end_date, drug_type_concept_id) VALUES (3, 99, 1125315, '2018-05-10', '2018-05-01', 32879)",
           "INSERT INTO person (person_id, gender_concept_id, year_of_birth, birth_datetime, race_concept_id, "
           "ethnicity_concept_id) VALUES (3, 8532, 1800, '1800-05-05 10:00:00', 8527, 38003564)",
           // Month 13 without a birth_datetime: the birth date cannot be built, and must not fail the query.
           "INSERT INTO person (person_id, gender_concept_id, year_of_birth, month_of_birth, day_of_birth, "
           "race_concept_id, ethnicity_concept_id) VALUES (4, 8507, 1970, 13, 31, 8527, 38003564)",
           "INSERT INTO observation_period (observation_period_id, person_id, observation_period_start_date, "
           "observation_period_end_date, period_type_concept_id) VALUES (4, 4, '2000-01-01', '2001-01-01', 32879)"});
  const DqReport faulty = run("cdm");
  EXPECT_EQ(failures_of(faulty),
            "measurePersonCompleteness observation_period. 1/4 \n"
            "isForeignKey drug_exposure.person_id 1/3 \n"
            "plausibleValueLow person.birth_datetime 1/2 \n"
            "plausibleValueLow person.year_of_birth 1/4 \n"
            "plausibleValueHigh person.month_of_birth 1/2 \n"
            "plausibleStartBeforeEnd drug_exposure.drug_exposure_start_date 1/3 \n");
}

TEST_F(PostgresCluster, MissingSchemaIsBadInputNamingIt) {
  const auto reader = SqlReader::open(*parse_database_url(url()), "no_such_schema");
  ASSERT_FALSE(reader.has_value());
  EXPECT_EQ(reader.error().code, core::ErrorCode::bad_input);
  EXPECT_NE(reader.error().message.find("'no_such_schema'"), std::string::npos) << reader.error().message;
}

TEST_F(PostgresCluster, SessionIsReadOnly) {
  create_cdm_schema("cdm_read_only");
  const auto reader = SqlReader::open(*parse_database_url(url()), "cdm_read_only");
  ASSERT_TRUE(reader.has_value()) << reader.error().to_string();
  EXPECT_TRUE((*reader)->has_table("person"));
  EXPECT_TRUE((*reader)->has_column("person", "year_of_birth"));
  EXPECT_FALSE((*reader)->has_column("person", "nothing"));
  const auto written = (*reader)->integers("INSERT INTO person (person_id) VALUES (1) RETURNING person_id");
  ASSERT_FALSE(written.has_value());
  EXPECT_NE(written.error().message.find("read-only"), std::string::npos) << written.error().message;
}

TEST_F(PostgresCluster, ValueThatCannotBeConvertedIsNotQuoted) {
  create_cdm_schema("cdm_values");
  const auto reader = SqlReader::open(*parse_database_url(url()), "cdm_values");
  ASSERT_TRUE(reader.has_value()) << reader.error().to_string();
  const auto failed = (*reader)->integers("SELECT CAST('1961-02-31' AS DATE) IS NULL");
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().message.find("1961"), std::string::npos) << failed.error().message;
  EXPECT_NE(failed.error().message.find("SQLSTATE 22008"), std::string::npos) << failed.error().message;
}

}  // namespace
}  // namespace oncoshare::omop
