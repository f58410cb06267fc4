#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Run {
  int code = -1;
  std::string out;  // stdout and stderr together
};

Run run(const std::string& args) {
  Run r;
  const std::string command = std::string(ONCOSHARE_BINARY) + " synth " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buffer{};
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class SynthCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "synth_cli_XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    root_ = templ;
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(SynthCli, WritesTheCohortAndPrintsASummary) {
  const auto r = run("--sites 2 --patients 50 --seed 3 --out " + (root_ / "c").string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("oncoshare synth: wrote " + (root_ / "c").string()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("8 files; 2 sites, 50 patients"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(root_ / "c" / "site_2.csv"));
  EXPECT_TRUE(fs::exists(root_ / "c" / "truth.json"));
  EXPECT_TRUE(fs::exists(root_ / "c" / "rules.csv"));
}

TEST_F(SynthCli, NoDefectsWritesAnEmptyGroundTruth) {
  const auto r = run("--patients 80 --no-defects --out " + (root_ / "c").string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find(", 0 defects"), std::string::npos) << r.out;
  EXPECT_EQ(fs::file_size(root_ / "c" / "defects.csv"), 94u);  // the header line only
}

TEST_F(SynthCli, BadArgumentsExitTwoWithOneClearLine) {
  const std::string out = " --out " + (root_ / "c").string();
  auto r = run("--sites 0 --patients 10" + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "oncoshare: error: --sites: 0 is outside the allowed range [1, 1000] (see --help)\n");
  r = run("--patients -5" + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "oncoshare: error: --patients: -5 is outside the allowed range [1, 100000000] (see --help)\n");
  r = run("--defect-rate 2" + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "oncoshare: error: --defect-rate: 2 is outside the allowed range [0, 1] (see --help)\n");
  r = run("--defect-rate nan" + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "oncoshare: error: --defect-rate: nan is not a finite number (allowed range [0, 1]) (see --help)\n");
  r = run("--patients 10 --out " + (root_ / "no" / "such" / "dir").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("oncoshare: error: " + (root_ / "no" / "such" / "dir").string()), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(root_ / "c"));
  EXPECT_FALSE(fs::exists(root_ / "no"));
}

TEST_F(SynthCli, HelpDescribesEveryOption) {
  const auto r = run("--help");
  EXPECT_EQ(r.code, 0);
  for (const char* option : {"--sites", "--patients", "--seed", "--out", "--defect-rate", "--no-defects"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  }
}

}  // namespace
