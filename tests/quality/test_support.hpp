// Shared helpers for the quality tests: temporary files, running the checker, and
// failures as comparable tuples.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "dictionary/mapping.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "quality/quality.hpp"
#include "shared_fixtures.hpp"

namespace oncoshare::quality::test {

// A file of a real REDCap project in the shared fixtures, outside the repository; a test
// calling it is skipped when that folder is absent (tests/shared_fixtures.hpp).
inline std::string fixture(const std::string& set, const std::string& file) {
  return ::oncoshare::fixtures::redcap_fixture("redcapr-" + set + "/" + file);
}

// A file under the test temp dir, unique per test, holding `content`.
inline std::string temp_file(const std::string& name, const std::string& content) {
  const std::string path = ::testing::TempDir() + "/quality_" +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline const char* kDictionaryHeader =
    "\"Variable / Field Name\",\"Form Name\",\"Section Header\",\"Field Type\",\"Field Label\","
    "\"Choices, Calculations, OR Slider Labels\",\"Field Note\",\"Text Validation Type OR Show Slider Number\","
    "\"Text Validation Min\",\"Text Validation Max\",Identifier?,\"Branching Logic (Show field only if...)\","
    "\"Required Field?\",\"Custom Alignment\",\"Question Number (surveys only)\",\"Matrix Group Name\","
    "\"Matrix Ranking?\",\"Field Annotation\"\n";

struct Run {
  QualityReport report;
  std::vector<Failure> failures;
  std::string error;  // non-empty when the run failed
};

// Runs the checker over `data` files with `dict`.
inline Run run_checker(const dictionary::Dictionary& dict, const std::vector<std::string>& data,
                       QualityOptions options = {}) {
  Run run;
  auto checker = QualityChecker::create(dict, std::move(options));
  if (!checker) {
    run.error = checker.error().to_string();
    return run;
  }
  for (const std::string& path : data) {
    auto status = checker->check_file(path, [&](const Failure& f) { run.failures.push_back(f); });
    if (!status) {
      run.error = status.error().to_string();
      return run;
    }
  }
  run.report = checker->finish();
  return run;
}

// "check_id record_id[/instrument#instance] column='value': message" per failure.
inline std::vector<std::string> describe(const std::vector<Failure>& failures) {
  std::vector<std::string> out;
  for (const Failure& f : failures) {
    std::string where = f.record_id;
    if (!f.repeat_instrument.empty()) where += "/" + f.repeat_instrument + "#" + std::to_string(f.repeat_instance);
    out.push_back(f.check_id + " " + where + " " + f.column + "='" + f.value + "': " + f.message);
  }
  return out;
}

}  // namespace oncoshare::quality::test
