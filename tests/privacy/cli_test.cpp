// `oncoshare keygen` and `oncoshare privacy`: exit codes, messages, no partial output.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "privacy_test_support.hpp"

namespace oncoshare::privacy {
namespace {

struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};

CliRun run(const test::TempDir& dir, const std::string& args) {
  const std::string err = dir.path("stderr.txt");
  const std::string command = std::string(ONCOSHARE_BINARY) + " " + args + " 2>" + err;
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  std::ifstream in(err);
  std::stringstream s;
  s << in.rdbuf();
  return {WEXITSTATUS(status), out, s.str()};
}

TEST(KeygenCli, CreatesA0600KeyAndRefusesToOverwrite) {
  test::TempDir dir;
  const std::string key = dir.path("site.key");
  CliRun r = run(dir, "keygen --out " + key);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  struct stat info {};
  ASSERT_EQ(::stat(key.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_TRUE(Key::load(key));
  std::ifstream in(key);
  std::string before((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(before.size(), 17u + 64 + 1);
  r = run(dir, "keygen --out " + key);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: " + key +
                       ": already exists; refusing to replace a key or certificate (--force replaces it and keeps the "
                       "old file as site.key.bak)\n");
  std::ifstream again(key);
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(again)), std::istreambuf_iterator<char>()), before);
}

class PrivacyCli : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_file(dir_.path("dd.csv"), test::kDictionary);
    std::string text = "record_id,sex,age,zip,dx_date,topography,symptoms___1,symptoms___2,demo_complete\n";
    for (int i = 0; i < 12; ++i) {
      text += fmt::format("{},{},{},7501{},2020-0{}-01,C5{},0,0,2\n", i + 1, 1 + i % 2, 40 + i, i % 10,
                          1 + i % 3, i % 3);
    }
    test::write_file(dir_.path("e.csv"), text);
  }
  std::string common() const { return "--dictionary " + dir_.path("dd.csv") + " --data " + dir_.path("e.csv"); }
  test::TempDir dir_;
};

TEST_F(PrivacyCli, RiskJsonReport) {
  CliRun r = run(dir_, "privacy risk " + common() + " --quasi sex --sensitive topography --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["records"], 12);
  EXPECT_EQ(json["classes"], 2);
  EXPECT_EQ(json["k"], 6);
  EXPECT_EQ(json["l"], 3);
  EXPECT_DOUBLE_EQ(json["prosecutor"]["highest_risk"].get<double>(), 1.0 / 6);
  EXPECT_DOUBLE_EQ(json["prosecutor"]["records_at_risk"].get<double>(), 0.0);
  r = run(dir_, "privacy risk " + common() + " --quasi sex,age");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("records: 12   equivalence classes: 12   k-anonymity: k = 1\n"), std::string::npos) << r.out;
}

TEST_F(PrivacyCli, BadInputExitsTwoWithoutOutput) {
  CliRun r = run(dir_, "privacy risk " + common() + " --quasi sex,zipcode");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: unknown variable 'zipcode' in --quasi\n");
  const std::string out = dir_.path("out.csv");
  r = run(dir_, "privacy generalise " + common() + " --quasi age --k 3 --hierarchy 'age=age:5|7' --out " + out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: invalid hierarchy 'age=age:5|7': band widths must increase, each a "
                   "multiple of the one before\n");
  EXPECT_FALSE(std::filesystem::exists(out));
  r = run(dir_, "privacy generalise " + common() + " --quasi age --k 3 --hierarchy 'zip=truncate:2' --out " + out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: --hierarchy names 'zip', which is not in --quasi\n");
  r = run(dir_, "privacy generalise " + common() + " --quasi age --k 13 --out " + out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: cannot reach k = 13: the data has only 12 records\n");
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST_F(PrivacyCli, GeneraliseWritesAKAnonymousExport) {
  const std::string out = dir_.path("out.csv");
  CliRun r = run(dir_, "privacy generalise " + common() +
                           " --quasi sex,age --k 3 --hierarchy 'age=age:5|10' --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("  age: level"), std::string::npos) << r.out;
  CliRun check = run(dir_, "privacy risk --dictionary " + dir_.path("dd.csv") + " --data " + out +
                               " --quasi sex,age --format json");
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_GE(nlohmann::json::parse(check.out)["k"].get<int>(), 3);
}

}  // namespace
}  // namespace oncoshare::privacy
