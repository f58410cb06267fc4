// `oncoshare quality` end to end: outputs, exit codes 0/1/2, --fail-under,
// --passing-records, and no partial output on bad input.
#include <array>
#include <fstream>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "quality/test_support.hpp"

namespace oncoshare::quality {
namespace {

std::string temp(const std::string& name) {
  return ::testing::TempDir() + "/quality_cli_" + ::testing::UnitTest::GetInstance()->current_test_info()->name() +
         "_" + std::to_string(::getpid()) + "_" + name;
}

struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};

CliRun run(const std::string& args) {
  const std::string err = temp("stderr");
  const std::string command = std::string(ONCOSHARE_BINARY) + " quality " + args + " 2>" + err;
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  return {WEXITSTATUS(status), out, test::slurp(err)};
}

std::string gray_args() {
  return "--dictionary " + test::fixture("blank-for-gray-status", "dictionary.csv") + " --data " +
         test::fixture("blank-for-gray-status", "export.csv");
}

TEST(Cli, WritesTheThreeOutputs) {
  const std::string out = temp("out");
  const CliRun r = run(gray_args() + " --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(test::slurp(out + "/quality.json"));
  EXPECT_EQ(j["schema"], "oncoshare-quality/1");
  EXPECT_EQ(j["summary"]["failures"], 4);
  EXPECT_EQ(j["summary"]["records"], 6);
  EXPECT_EQ(j["summary"]["status"], "pass");
  // range: 4 failures of 10 evaluations (height, weight on 5 rows) -> 6/10*10 = 6; the rest full.
  EXPECT_EQ(j["summary"]["score"], 96.0);
  EXPECT_EQ(j["scores"]["by_site"]["dag_1"], 93.33);
  const std::string failures = test::slurp(out + "/failures.csv");
  EXPECT_EQ(failures.substr(0, failures.find('\n')),
            "check_id,family,severity,site,record_id,event,repeat_instrument,repeat_instance,file,line,column,"
            "value,message");
  EXPECT_NE(failures.find("plausibility.range.height,plausibility_range,error,dag_1,1,,,,"), std::string::npos);
  EXPECT_NE(test::slurp(out + "/quality.html").find("<html"), std::string::npos);
  std::filesystem::remove_all(out);
}

TEST(Cli, FailUnderExitsOneButWritesTheReport) {
  const std::string out = temp("out");
  const CliRun r = run(gray_args() + " --out " + out + " --fail-under 97");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "oncoshare: error: quality score 96.00 is below --fail-under 97\n");
  const auto j = nlohmann::json::parse(test::slurp(out + "/quality.json"));
  EXPECT_EQ(j["summary"]["status"], "fail");
  EXPECT_EQ(run(gray_args() + " --out " + out + " --fail-under 96").exit_code, 0);
  std::filesystem::remove_all(out);
}

TEST(Cli, PassingRecordsKeepsWholeRecordsInTheSameFormat) {
  const std::string out = temp("out");
  const std::string kept = temp("kept.csv");
  const CliRun r = run(gray_args() + " --out " + out + " --passing-records " + kept + " --min-score 100");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string original = test::slurp(test::fixture("blank-for-gray-status", "export.csv"));
  const std::string filtered = test::slurp(kept);
  // Records 1 and 2 (out of range) are dropped; the header and the other rows are byte-identical.
  const std::size_t header_end = original.find('\n') + 1;
  EXPECT_EQ(filtered.substr(0, header_end), original.substr(0, header_end));
  std::size_t row3 = original.find("\n3,") + 1;
  EXPECT_EQ(filtered.substr(header_end), original.substr(row3));
  EXPECT_NE(r.out.find("passing records: 4 kept, 2 dropped"), std::string::npos);
  std::filesystem::remove_all(out);
  std::filesystem::remove(kept);
}

TEST(Cli, BadInputExitsTwoWithoutOutput) {
  const std::string out = temp("out");
  const std::string bad = temp("bad.csv");
  std::ofstream(bad) << "record_id,first_name\n1,\"unclosed\n";
  const std::string dict = test::fixture("blank-for-gray-status", "dictionary.csv");
  CliRun r = run("--dictionary " + dict + " --data " + test::fixture("blank-for-gray-status", "export.csv") +
                 " --data " + bad + " --out " + out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(bad), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  r = run(gray_args() + " --out " + out + " --weights nope=3");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: --weights: unknown check family 'nope'\n");
  r = run(gray_args() + " --out " + out + " --today 2024-13-01");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: --today '2024-13-01' is not a date (YYYY-MM-DD)\n");
  r = run(gray_args() + " --out " + out + " --passing-records " + temp("p.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(temp("p.csv")));
}

TEST(Cli, LogicThatDoesNotParseIsAWarningAndTheRunGoesOn) {
  const std::string dictionary = temp("dd.csv");
  std::ofstream(dictionary) << test::kDictionaryHeader
                            << "record_id,base,,text,ID,,,,,,,,,,,,,\n"
                               "size,base,,text,Size,,,integer,,,,,,,,,,\n"
                               "bad,base,,calc,Bad,[size] * * 2,,,,,,,,,,,,\n"
                               "double,base,,calc,Double,[size]*2,,,,,,,,,,,,\n";
  const std::string data = temp("export.csv");
  std::ofstream(data) << "record_id,size,bad,double,base_complete\n1,3,1,7,2\n";
  const std::string out = temp("out");
  const CliRun r = run("--dictionary " + dictionary + " --data " + data + " --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, dictionary + ":4: field 'bad': warning: calculation is not checkable (column 10): does not "
                                "parse: expected a value, found '*'\n");
  const auto j = nlohmann::json::parse(test::slurp(out + "/quality.json"));
  EXPECT_EQ(j["summary"]["not_checkable"], 1);
  EXPECT_EQ(j["not_checkable"][0]["field"], "bad");
  EXPECT_EQ(j["summary"]["failures"], 1);  // double: stored 7, the calculation gives 6
  const std::string html = test::slurp(out + "/quality.html");
  EXPECT_NE(html.find("<section id=\"not-checkable\"><h2>Not checkable</h2>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#not-checkable\">Not checkable</a>"), std::string::npos);
  EXPECT_NE(html.find("does not parse: expected a value, found &#39;*&#39;"), std::string::npos);
}

}  // namespace
}  // namespace oncoshare::quality
