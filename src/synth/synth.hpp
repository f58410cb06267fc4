// oncoshare synth: a deterministic synthetic multi-site cancer registry in REDCap form,
// with known survival/outcome models and injected data-quality defects as ground truth.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "synth/defects.hpp"

namespace oncoshare::synth {

inline constexpr std::uint64_t kMaxSites = 1000;
inline constexpr double kDefaultDefectRate = 0.02;

struct SynthOptions {
  std::uint64_t sites = 3;
  std::uint64_t patients = 1000;   // in total, split over the sites
  std::uint64_t seed = 1;
  std::string out;                 // output directory (replaced atomically)
  double defect_rate = kDefaultDefectRate;  // share of records with one defect; 0 = clean
  bool show_progress = true;
};

struct SiteSummary {
  std::string name;                // data access group, e.g. "site_1"
  std::string file;                // e.g. "site_1.csv"
  std::uint64_t patients = 0;
  std::uint64_t rows = 0;          // data rows (base + treatment instances)
};

struct SynthSummary {
  std::vector<std::string> files;  // file names inside the output directory
  std::vector<SiteSummary> sites;
  std::uint64_t patients = 0;
  std::uint64_t rows = 0;
  std::uint64_t deaths = 0;
  std::uint64_t defects = 0;
  std::array<std::uint64_t, kCheckFamilies.size()> defects_by_check{};
};

// Checks the options: sites in [1, kMaxSites], patients >= 1, defect_rate in [0, 1], out
// not empty. The error names the option and the value.
[[nodiscard]] core::Status validate(const SynthOptions& options);

// Writes the cohort into `options.out`: dictionary.csv, mapping.csv, site_<k>.csv,
// defects.csv, truth.json, README.txt. Streams patient by patient (memory does not grow
// with the cohort). Same options -> byte-identical files. On any failure nothing is left
// at `out` (an earlier directory there is kept).
[[nodiscard]] core::Result<SynthSummary> generate(const SynthOptions& options);

}  // namespace oncoshare::synth
