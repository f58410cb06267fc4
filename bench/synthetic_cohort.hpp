// A synthetic registry made by `oncoshare synth` (as a user makes one), the input of the
// data benches: a dictionary, a mapping, a rules file and one REDCap export per site.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "whole_process.hpp"

namespace oncoshare::bench {

struct SyntheticCohort {
  std::string dir;
  std::string dictionary, mapping, rules;
  std::vector<std::string> exports;  // site_1.csv, site_2.csv, ...
  std::uint64_t rows = 0;            // data rows over all exports
  double megabytes = 0;              // size of all exports

  // Writes `patients` patients over `sites` sites into `dir` (seed 7), with synth's default
  // defects unless `clean`; exits if synth fails.
  static SyntheticCohort make(const std::string& dir, std::uint64_t patients, std::uint64_t sites = 1,
                              bool clean = false) {
    std::vector<std::string> argv{ONCOSHARE_BINARY, "synth", "--sites", std::to_string(sites), "--patients",
                                  std::to_string(patients), "--seed", "7", "--out", dir};
    if (clean) argv.push_back("--no-defects");
    require_success(run_process(argv, dir + ".synth.log"), "oncoshare synth", dir + ".synth.log");
    SyntheticCohort c;
    c.dir = dir;
    c.dictionary = dir + "/dictionary.csv";
    c.mapping = dir + "/mapping.csv";
    c.rules = dir + "/rules.csv";
    for (std::uint64_t s = 1; s <= sites; ++s) {
      c.exports.push_back(fmt::format("{}/site_{}.csv", dir, s));
      c.megabytes += static_cast<double>(std::filesystem::file_size(c.exports.back())) / 1e6;
      std::ifstream in(c.exports.back(), std::ios::binary);
      std::uint64_t lines = 0;
      for (std::string line; std::getline(in, line);) ++lines;
      c.rows += lines > 0 ? lines - 1 : 0;  // synth writes no line breaks inside fields
    }
    return c;
  }
};

}  // namespace oncoshare::bench
