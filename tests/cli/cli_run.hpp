// Runs the `oncoshare` executable in a scratch folder, for end-to-end tests of what the
// commands do to files already on disk.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace oncoshare::cli::test {

namespace fs = std::filesystem;

struct CliRun {
  int code = -1;
  std::string err;
};

inline std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void spit(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// A fresh folder per test, removed afterwards.
class Scratch : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "oncoshare_cli_XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    root_ = templ;
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string path(const std::string& name) const { return (root_ / name).string(); }

  // `oncoshare <args>` with no terminal and no passphrase in the environment; stdout dropped.
  CliRun run(const std::string& args) const {
    const std::string err = path(".stderr");
    const std::string cmd = "unset C4GH_PASSPHRASE; " + std::string(ONCOSHARE_BINARY) + " " + args + " >/dev/null 2>" +
                            err + " </dev/null";
    const int status = std::system(cmd.c_str());
    CliRun r{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(err)};
    fs::remove(err);
    return r;
  }

  // A small synthetic cohort: dictionary.csv, mapping.csv, rules.csv, site_1.csv.
  std::string cohort(const std::string& name = "cohort") const {
    const CliRun r = run("synth --sites 1 --patients 20 --seed 7 --out " + path(name));
    EXPECT_EQ(r.code, 0) << r.err;
    return path(name);
  }

  fs::path root_;
};

}  // namespace oncoshare::cli::test
