// Quality checks timed as users run them, file in and report out: `oncoshare quality
// --dictionary D --mapping M --rules R --data F --out DIR` as a whole process, next to
// `wc -l F` on the same file in the same run, at two sizes (N/10 and N patients: peak
// memory should not grow with the number of records). QualityChecker in process (every
// check, no report files) is an extra figure.
// Usage: quality_bench [patients=100000] [variables]
//   The export, dictionary, mapping and rules are written by `oncoshare synth --sites 1`
//   with its default defects (100,000 patients is about 34 MB); with `variables`, a wide
//   generated project instead (bench/wide_export.hpp, one row per patient; the issue's
//   target is `quality_bench 1000000 200`, about 1.1 GB).
#include <fmt/format.h>

#include <cstdint>
#include <cstdlib>

#include "dictionary/mapping.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "quality/quality.hpp"
#include "scratch_dir.hpp"
#include "synthetic_cohort.hpp"
#include "throughput_table.hpp"
#include "wide_export.hpp"

namespace bench = oncoshare::bench;
namespace quality = oncoshare::quality;
using bench::FigureKind;

namespace {

// What the command computes, minus writing its report: every check over every record.
bool check_all(const bench::SyntheticCohort& cohort) {
  auto dict = oncoshare::dictionary::read_redcap_dictionary(cohort.dictionary);
  if (!dict || !oncoshare::dictionary::apply_mapping(*dict, cohort.mapping)) return false;
  quality::QualityOptions options;
  options.rules = cohort.rules;
  auto checker = quality::QualityChecker::create(*dict, options);
  if (!checker) return false;
  for (const auto& data : cohort.exports) {
    if (!checker->check_file(data, [](const quality::Failure&) {})) return false;
  }
  (void)checker->finish();
  return true;
}

// The input at `n` patients: synth's registry, or the wide project when `variables` > 0.
bench::SyntheticCohort input(const std::string& dir, std::uint64_t n, std::size_t variables) {
  if (variables == 0) return bench::SyntheticCohort::make(dir, n);
  std::filesystem::create_directories(dir);
  const auto wide = bench::WideExport::write(dir, variables, n);
  bench::SyntheticCohort c;
  c.dir = dir;
  c.dictionary = wide.dictionary;
  c.mapping = wide.mapping;
  c.rules = wide.rules;
  c.exports = {wide.data};
  c.rows = n;
  c.megabytes = static_cast<double>(std::filesystem::file_size(wide.data)) / 1e6;
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t patients = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const std::size_t variables = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 0;
  const bench::ScratchDir scratch("quality-bench");
  fmt::print("quality_bench: median of 3 runs each\n");
  for (const std::uint64_t n : {std::max<std::uint64_t>(patients / 10, 1), patients}) {
    const auto cohort = input(fmt::format("{}/cohort_{}", scratch.path(), n), n, variables);
    const std::string& data = cohort.exports.front();
    fmt::print("\n{} patients{}: {} rows, {:.1f} MB\n", n, variables ? fmt::format(" x {} variables", variables) : "",
               cohort.rows, cohort.megabytes);
    bench::ThroughputTable table("rows", static_cast<double>(cohort.rows), cohort.megabytes);
    const std::string log = scratch.path() + "/run.log";
    table.run(FigureKind::baseline, "wc -l FILE", {"wc", "-l", data}, log);
    table.run(FigureKind::command, "oncoshare quality ... --out DIR",
              {ONCOSHARE_BINARY, "quality", "--dictionary", cohort.dictionary, "--mapping", cohort.mapping,
               "--rules", cohort.rules, "--data", data, "--out", scratch.path() + "/report"},
              log);
    table.run_in_process("QualityChecker, every check (no report files)", [&] { return check_all(cohort); });
    table.print();
  }
  return 0;
}
