// Shared helpers for the analytics tests: a synthetic cohort per process, loading it,
// running R (the survival package is the oracle) and comparing doubles.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analytics/analytics.hpp"
#include "dictionary/mapping.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "process_scratch.hpp"
#include "synth/synth.hpp"

namespace oncoshare::analytics::test {

// A clean synthetic cohort (3 sites, 600 patients, seed 11), generated once per process.
inline const std::string& cohort_dir() {
  static const std::string dir = [] {
    synth::SynthOptions o;
    o.sites = 3;
    o.patients = 600;
    o.seed = 11;
    o.defect_rate = 0;
    o.show_progress = false;
    o.out = testing_support::process_scratch("analytics_cohort");
    auto summary = synth::generate(o);
    EXPECT_TRUE(summary.has_value()) << summary.error().to_string();
    return o.out;
  }();
  return dir;
}

inline const dictionary::Dictionary& cohort_dictionary() {
  static const dictionary::Dictionary dict = [] {
    auto d = dictionary::read_redcap_dictionary(cohort_dir() + "/dictionary.csv");
    EXPECT_TRUE(d.has_value()) << d.error().to_string();
    return *d;
  }();
  return dict;
}

inline std::string site_file(int k) { return cohort_dir() + "/site_" + std::to_string(k) + ".csv"; }

inline StudyTable load(const std::vector<std::string>& paths, const Derivations& d = {}) {
  auto table = load_study_table(paths, cohort_dictionary(), d);
  EXPECT_TRUE(table.has_value()) << table.error().to_string();
  return table ? std::move(*table) : StudyTable{};
}

inline Filter filter(const StudyTable& table, const std::string& text) {
  auto f = compile_filter(text, table);
  EXPECT_TRUE(f.has_value()) << f.error().to_string();
  return f ? std::move(*f) : Filter{};
}

inline std::string temp_path(const std::string& name) {
  return testing_support::process_scratch("analytics_" + name);
}

inline void write_file(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

// Whether R is deliberately unavailable (ONCOSHARE_NO_R=1): tests needing it skip then.
// Otherwise a missing Rscript is a failure, so CI cannot pass without the oracle.
inline bool r_disabled() {
  const char* v = std::getenv("ONCOSHARE_NO_R");
  return v != nullptr && std::string(v) == "1";
}

// Runs `Rscript script args` and returns its standard output; the exit status in `status`.
inline std::string run_r(const std::string& script, const std::string& args, int& status) {
  const std::string file = temp_path("oracle.R");
  write_file(file, script);
  std::string command = "Rscript --vanilla " + file + " " + args + " 2>&1";
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) { status = -1; return out; }
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  status = ::pclose(pipe);
  return out;
}

// Lines of `text` starting with `tag`, split on spaces (tag removed).
inline std::vector<std::vector<std::string>> tagged(const std::string& text, const std::string& tag) {
  std::vector<std::vector<std::string>> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string word;
    words >> word;
    if (word != tag) continue;
    std::vector<std::string> fields;
    while (words >> word) fields.push_back(word);
    out.push_back(fields);
  }
  return out;
}

// R's "NA"/"NaN" as NaN.
inline double r_number(const std::string& text) {
  if (text == "NA" || text == "NaN") return std::nan("");
  return std::stod(text);
}

// Equal within `tolerance`, or both NaN.
inline ::testing::AssertionResult close(double ours, double r, double tolerance = 1e-10) {
  if (std::isnan(ours) && std::isnan(r)) return ::testing::AssertionSuccess();
  if (std::fabs(ours - r) <= tolerance) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "ours " << ours << " vs R " << r;
}

}  // namespace oncoshare::analytics::test
