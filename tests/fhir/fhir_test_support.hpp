// Shared set-up for the fhir tests: a synthetic cohort, a key, running the CLI and the
// npm validation oracle.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace oncoshare::fhir::test {

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs a shell command; stdout captured, stderr through a per-process file.
inline CliRun shell(const std::string& command) {
  const std::string err = ::testing::TempDir() + "/fhir_stderr_" + std::to_string(::getpid());
  FILE* pipe = ::popen((command + " 2>" + err).c_str(), "r");
  CliRun r;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = slurp(err);
  return r;
}

inline CliRun oncoshare(const std::string& args) { return shell(std::string(ONCOSHARE_BINARY) + " " + args); }

// A per-process work directory with a 2-site synthetic cohort (seed 1) and a site key.
inline const std::string& work_dir() {
  static const std::string dir = [] {
    const std::string d = ::testing::TempDir() + "/fhir_tests_" + std::to_string(::getpid());
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    const CliRun synth = oncoshare("synth --sites 2 --patients 60 --seed 1 --out " + d + "/cohort");
    EXPECT_EQ(synth.exit_code, 0) << synth.err;
    const CliRun key = oncoshare("keygen --out " + d + "/site.key");
    EXPECT_EQ(key.exit_code, 0) << key.err;
    const CliRun project = oncoshare("keygen --out " + d + "/project.key");
    EXPECT_EQ(project.exit_code, 0) << project.err;
    return d;
  }();
  return dir;
}

inline std::string cohort(const std::string& file) { return work_dir() + "/cohort/" + file; }

// The common arguments of `oncoshare fhir` over the cohort, with `mapping` and `out`.
inline std::string fhir_args(const std::string& out, const std::string& mapping = cohort("mapping.csv")) {
  return "fhir --dictionary " + cohort("dictionary.csv") + " --mapping " + mapping + " --data " +
         cohort("site_1.csv") + " --data " + cohort("site_2.csv") + " --key-file " + work_dir() +
         "/site.key --out " + out;
}

// The npm oracle's verdict on a directory (installs the validators on first use).
inline nlohmann::json validate(const std::string& dir) {
  const CliRun r = shell(std::string(ONCOSHARE_SOURCE_DIR) + "/tests/fhir/validator/run.sh " + dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

// Every resource written to a bundles or NDJSON directory.
inline std::vector<nlohmann::json> resources(const std::string& dir) {
  std::vector<nlohmann::json> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string path = entry.path().string();
    if (path.ends_with(".ndjson")) {
      std::istringstream lines(slurp(path));
      std::string line;
      while (std::getline(lines, line)) out.push_back(nlohmann::json::parse(line));
    } else if (path.ends_with(".json")) {
      const nlohmann::json bundle = nlohmann::json::parse(slurp(path));
      for (const auto& e : bundle["entry"]) out.push_back(e["resource"]);
    }
  }
  return out;
}

// Writes `text` to `path` (a small test input).
inline void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace oncoshare::fhir::test
