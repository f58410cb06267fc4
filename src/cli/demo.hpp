// The parts of `oncoshare demo` (the README's main job).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "coordinator/study_run.hpp"

namespace oncoshare::cli {

struct DemoArgs {
  std::string out = "out/demo";
  std::uint64_t sites = 3;
  std::uint64_t patients = 3000;
  std::uint64_t seed = 42;
  // The [datasets.policy] each node gets: "default" (differential privacy and query-set
  // controls as shipped) or "open" (every control at its loosest, exact answers), so the
  // cost of the controls can be measured on the same study (bench/disclosure_bench.cpp).
  std::string policy = "default";
};

// The federation part, on the cohort the pipeline part wrote to <out>/cohort: a CA and
// certificates, one `oncoshare node serve` process per site on loopback (mutual TLS), a
// 2-of-N collective key, a study run by a researcher, and the same statistics computed in
// clear on the pooled records for comparison. Returns the exit code (1 if they differ).
[[nodiscard]] int run_federation_demo(const DemoArgs& args);

// The study's statistics (and models) computed in clear on all sites' records pooled, in
// the shape of `federated` so both print the same way: what the demo compares with.
[[nodiscard]] core::Result<coordinator::StudyResult> pooled_in_clear(const coordinator::StudySpec& study,
                                                                     const coordinator::StudyResult& federated,
                                                                     const std::string& cohort,
                                                                     const std::vector<std::string>& sites);

// The largest difference between two fits' coefficients and standard errors.
[[nodiscard]] double max_difference(const coordinator::ModelOutcome& a, const coordinator::ModelOutcome& b);

}  // namespace oncoshare::cli
