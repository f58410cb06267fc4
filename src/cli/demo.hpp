// The parts of `oncoshare demo` (the README's main job).
#pragma once

#include <cstdint>
#include <string>

namespace oncoshare::cli {

struct DemoArgs {
  std::string out = "out/demo";
  std::uint64_t sites = 3;
  std::uint64_t patients = 3000;
  std::uint64_t seed = 42;
};

// The federation part, on the cohort the pipeline part wrote to <out>/cohort: a CA and
// certificates, one `oncoshare node serve` process per site on loopback (mutual TLS), a
// 2-of-N collective key, a study run by a researcher, and the same statistics computed in
// clear on the pooled records for comparison. Returns the exit code (1 if they differ).
[[nodiscard]] int run_federation_demo(const DemoArgs& args);

}  // namespace oncoshare::cli
