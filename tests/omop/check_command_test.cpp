// `oncoshare omop check` as a component: the command's options and outputs. GenerateOmopChecks
// reads OHDSI's specification from the shared fixtures (omop/), outside the repository, and is
// skipped when that folder is absent (tests/shared_fixtures.hpp).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cdm_test_database.hpp"
#include "core/error.hpp"
#include "omop/check_command.hpp"
#include "shared_fixtures.hpp"

namespace oncoshare::omop {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(CheckCommand, WritesTheReportsAndCountsTheFailure) {
  // The file name reaches the page: it must arrive escaped.
  const std::string path = testing::clean_cdm_database("cdm<img src=x onerror=alert(1)>.sqlite");
  testing::execute(path, {"INSERT INTO drug_exposure (drug_exposure_id, person_id, drug_concept_id, "
                          "drug_exposure_start_date, drug_exposure_end_date, drug_type_concept_id) VALUES "
                          "(3, 1, 1125315, '2018-05-10', '2018-05-01', 32879)"});
  const std::string out = testing_support::process_scratch("report-out");
  const auto summary = run_check_command({"sqlite:" + path, "cdm", out, "2024-06-01"});
  ASSERT_TRUE(summary.has_value()) << summary.error().to_string();
  EXPECT_EQ(summary->failed, 1U);
  EXPECT_EQ(summary->errors, 0U);
  EXPECT_FALSE(summary->clean());
  EXPECT_EQ(summary->checks, summary->passed + summary->failed + summary->not_applicable);
  const nlohmann::ordered_json line = summary->to_json();
  EXPECT_EQ(line.begin().key(), "checks");
  EXPECT_EQ(line["failed"], 1);
  EXPECT_EQ(line["out"], out);

  const nlohmann::json json = nlohmann::json::parse(read_text(out + "/omop-checks.json"));
  EXPECT_EQ(json["Overview"]["countOverallFailed"], 1);
  EXPECT_EQ(json["Overview"]["countTotal"], summary->checks);
  EXPECT_EQ(json["Metadata"]["today"], "2024-06-01");
  bool found = false;
  for (const nlohmann::json& check : json["CheckResults"]) {
    if (check["checkId"] == "plausiblestartbeforeend_drug_exposure_drug_exposure_start_date") {
      found = true;
      EXPECT_EQ(check["failed"], 1);
      EXPECT_EQ(check["numViolatedRows"], 1);
      EXPECT_EQ(check["numDenominatorRows"], 3);
      EXPECT_EQ(check["cdmTableName"], "DRUG_EXPOSURE");
      EXPECT_EQ(check["thresholdValue"], 1);
      EXPECT_EQ(check["category"], "Plausibility");
      EXPECT_EQ(check["context"], "Verification");
    }
  }
  EXPECT_TRUE(found);

  const std::string html = read_text(out + "/omop-checks.html");
  const std::size_t failed_section = html.find("id=\"failed\"");
  const std::size_t all_section = html.find("id=\"checks\"");
  ASSERT_NE(failed_section, std::string::npos);
  ASSERT_NE(all_section, std::string::npos);
  const std::size_t failed_check = html.find("DRUG_EXPOSURE.drug_exposure_start_date", failed_section);
  EXPECT_LT(failed_check, all_section);  // listed among the failed checks, before the full table
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("cdm&lt;img src=x onerror=alert(1)&gt;.sqlite"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);  // self-contained
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(html.find("Plausibility"), std::string::npos);
}

TEST(CheckCommand, CleanDatabaseIsClean) {
  const std::string path = testing::clean_cdm_database("command-clean.sqlite");
  const auto summary = run_check_command({"sqlite:" + path, "cdm", testing_support::process_scratch("clean-out"),
                                          "2024-06-01"});
  ASSERT_TRUE(summary.has_value()) << summary.error().to_string();
  EXPECT_TRUE(summary->clean());
  EXPECT_EQ(summary->passed + summary->not_applicable, summary->checks);
  EXPECT_GT(summary->passed, 900U);
}

TEST(CheckCommand, MissingFileAndNonOmopDatabaseAreBadInput) {
  const std::string out = testing_support::process_scratch("never-out");
  const auto missing = run_check_command({"sqlite:" + testing_support::process_scratch("nothing.sqlite"), "cdm", out, ""});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(core::exit_code(missing.error()), 2);

  const std::string other = testing_support::process_scratch("other.sqlite");
  testing::execute(other, {"CREATE TABLE patients (id INTEGER)"});
  const auto not_omop = run_check_command({"sqlite:" + other, "cdm", out, ""});
  ASSERT_FALSE(not_omop.has_value());
  EXPECT_EQ(core::exit_code(not_omop.error()), 2);
  EXPECT_NE(not_omop.error().message.find("no person table"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(CheckCommand, OutputNeverReplacesTheDatabase) {
  const std::string path = testing::clean_cdm_database("kept.sqlite");
  const auto summary = run_check_command({"sqlite:" + path, "cdm", path, "2024-06-01"});
  ASSERT_FALSE(summary.has_value());
  EXPECT_EQ(core::exit_code(summary.error()), 2);
  EXPECT_TRUE(std::filesystem::is_regular_file(path));
}

TEST(GenerateOmopChecks, CommittedCatalogIsCurrent) {
  const std::string spec = fixtures::shared_fixture("omop");
  const std::string command = std::string("python3 ") + ONCOSHARE_SOURCE_DIR + "/scripts/generate-omop-checks --check --spec '" +
                              spec + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

}  // namespace
}  // namespace oncoshare::omop
