// `oncoshare ingest` end to end: summary, NDJSON output, exit codes, no partial output.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "ingest/test_support.hpp"

namespace oncoshare::ingest {
namespace {

// Per test and process: ctest runs tests in parallel, and several builds may share /tmp.
std::string err_path() {
  return ::testing::TempDir() + "/ingest_cli_stderr_" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" +
         std::to_string(::getpid());
}

struct CliRun {
  int exit_code;
  std::string out;
};

CliRun run(const std::string& args) {
  const std::string command = std::string(ONCOSHARE_BINARY) + " ingest " + args + " 2>" + err_path();
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  return {WEXITSTATUS(status), out};
}

std::string args_for(const std::string& set) {
  return "--dictionary " + test::fixture(set, "dictionary.csv") + " --data " +
         test::fixture(set, "export.csv");
}

TEST(Cli, JsonSummaryOfTheRepeatingFixture) {
  const CliRun r = run(args_for("repeating-instruments-sparse") + " --format json");
  ASSERT_EQ(r.exit_code, 0);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["rows"], 9);
  EXPECT_EQ(j["records"], 5);
  EXPECT_EQ(j["layout"], "flat");
  EXPECT_EQ(j["repeat_instruments"]["bp"]["rows"], 4);
  EXPECT_EQ(j["repeat_instruments"]["bp"]["max_instance"], 3);
  EXPECT_EQ(j["form_status"]["bp"]["complete"], 4);
  EXPECT_EQ(j["form_status"]["demographics"]["incomplete"], 3);
  EXPECT_TRUE(j["unknown_columns"].empty());
}

TEST(Cli, WritesNdjsonRecords) {
  const std::string out = ::testing::TempDir() + "/ingest_records.ndjson";
  std::filesystem::remove(out);
  const CliRun r = run(args_for("blank-for-gray-status") + " --out " + out);
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("dag_1"), std::string::npos);
  const std::string text = test::slurp(out);
  std::vector<nlohmann::json> lines;
  std::size_t start = 0, end;
  while ((end = text.find('\n', start)) != std::string::npos) {
    lines.push_back(nlohmann::json::parse(text.substr(start, end - start)));
    start = end + 1;
  }
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0]["record_id"], "1");
  EXPECT_EQ(lines[0]["dag"], "dag_1");
  EXPECT_EQ(lines[0]["line"], 2);
  EXPECT_EQ(lines[0]["values"]["race___5"], "1");
  EXPECT_EQ(lines[0]["values"]["height"], "7");
  EXPECT_FALSE(lines[0]["values"].contains("record_id"));  // a top-level member instead
  // Only non-empty cells: two names, three form statuses and six unchecked boxes ("0").
  EXPECT_EQ(lines[5]["values"].size(), 11u);
  EXPECT_FALSE(lines[5]["values"].contains("height"));
}

TEST(Cli, BadInputExitsTwoAndLeavesNoOutput) {
  const std::string dir = ::testing::TempDir() + "/ingest_cli_bad";
  std::filesystem::create_directories(dir);
  const std::string data = dir + "/bad.csv";
  {
    std::FILE* f = std::fopen(data.c_str(), "w");
    std::fputs("record_id,redcap_repeat_instrument,redcap_repeat_instance\n1,bp,zero\n", f);
    std::fclose(f);
  }
  const std::string out = dir + "/records.ndjson";
  std::filesystem::remove(out);
  const CliRun r = run("--dictionary " + test::fixture("repeating-instruments-sparse", "dictionary.csv") +
                    " --data " + data + " --out " + out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);  // no temp left
  EXPECT_EQ(test::slurp(err_path()),
            "oncoshare: error: " + data +
                ":2: field 'redcap_repeat_instance': repeat instance 'zero' is not a positive "
                "integer\n");
}

TEST(Cli, UnknownColumnWarning) {
  const std::string data = ::testing::TempDir() + "/ingest_unknown.csv";
  {
    std::FILE* f = std::fopen(data.c_str(), "w");
    std::fputs("record_id,first_name,shoe_size\n1,aaa,42\n", f);
    std::fclose(f);
  }
  const CliRun r = run("--dictionary " + test::fixture("repeating-instruments-sparse", "dictionary.csv") +
                    " --data " + data + " --format json");
  ASSERT_EQ(r.exit_code, 0);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["unknown_columns"], nlohmann::json::array({"shoe_size"}));
  EXPECT_EQ(j["missing_variables"].size(), 9u);  // 11 fields less record_id and first_name
  EXPECT_EQ(j["missing_variables"][0], "date_enrolled");
  EXPECT_EQ(test::slurp(err_path()),
            "oncoshare: warning: " + data +
                ": 1 column(s) not in the dictionary, kept verbatim: shoe_size\n");
}

}  // namespace
}  // namespace oncoshare::ingest
