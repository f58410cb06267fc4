// FHIR conversion timed as users run it, files in and files out: `oncoshare fhir
// --format ndjson --dates shift ... --out DIR` as a whole process, next to `cp -r` of its
// output (the same bytes written) in the same run, at two sizes (N/10 and N patients: peak
// memory should not grow with the number of patients). fhir::convert_exports in process is
// an extra figure.
// Usage: fhir_bench [patients=10000] [ndjson|bundles]
//   The exports (two sites, no defects) are written by `oncoshare synth`; 10,000 patients
//   make about 170 MB of NDJSON.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>

#include "dictionary/mapping.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "fhir/fhir.hpp"
#include "scratch_dir.hpp"
#include "synthetic_cohort.hpp"
#include "throughput_table.hpp"

namespace bench = oncoshare::bench;
namespace fhir = oncoshare::fhir;
namespace privacy = oncoshare::privacy;
using bench::FigureKind;

namespace {

// What the command does, in process: the same plan, key and options, into `out`.
bool convert(const bench::SyntheticCohort& cohort, const std::string& key_file, const std::string& format,
             const std::string& out) {
  auto dict = oncoshare::dictionary::read_redcap_dictionary(cohort.dictionary);
  if (!dict || !oncoshare::dictionary::apply_mapping(*dict, cohort.mapping)) return false;
  auto plan = fhir::make_plan(*dict);
  auto key = privacy::Key::load(key_file);
  auto dates = privacy::parse_date_policy("shift", "");
  if (!plan || !key || !dates) return false;
  fhir::FhirOptions options;
  options.data = cohort.exports;
  options.format = format == "bundles" ? fhir::OutputFormat::bundles : fhir::OutputFormat::ndjson;
  options.settings.urn_references = format == "bundles";
  options.settings.dates = std::move(*dates);
  std::filesystem::remove_all(out);
  std::filesystem::create_directories(out);
  return fhir::convert_exports(*dict, *plan, {&*key, nullptr}, options, out).has_value();
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t patients = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000;
  const std::string format = argc > 2 ? argv[2] : "ndjson";
  const bench::ScratchDir scratch("fhir-bench");
  const std::string& dir = scratch.path();
  const std::string log = dir + "/run.log";
  const std::string key = dir + "/site.key";
  bench::require_success(bench::run_process({ONCOSHARE_BINARY, "keygen", "--out", key}, log), "oncoshare keygen", log);
  fmt::print("fhir_bench: {} output, median of 3 runs each\n", format);
  for (const std::uint64_t n : {std::max<std::uint64_t>(patients / 10, 1), patients}) {
    const auto cohort = bench::SyntheticCohort::make(fmt::format("{}/cohort_{}", dir, n), n, 2, true);
    std::vector<std::string> command{ONCOSHARE_BINARY, "fhir", "--dictionary", cohort.dictionary, "--mapping",
                                     cohort.mapping, "--key-file", key, "--format", format, "--dates", "shift",
                                     "--out", dir + "/out"};
    for (const auto& data : cohort.exports) command.insert(command.end(), {"--data", data});
    bench::ThroughputTable table("resources", 0, 0);
    table.run(FigureKind::command, fmt::format("oncoshare fhir --format {} ... --out DIR", format), command, log,
              {.stdout_path = dir + "/summary.json"});
    const auto summary = nlohmann::json::parse(std::ifstream(dir + "/summary.json"));
    const double resources = summary.at("resources").get<double>();
    const double megabytes = summary.at("bytes_written").get<double>() / 1e6;
    table.set_work(resources, megabytes);
    fmt::print("\n{} patients: {} rows, {:.1f} MB in, {:.0f} resources, {:.1f} MB out\n", n, cohort.rows,
               cohort.megabytes, resources, megabytes);
    table.run(FigureKind::baseline, "cp -r DIR copy (the same bytes written)",
              {"cp", "-r", dir + "/out", dir + "/copy"}, log);
    std::filesystem::remove_all(dir + "/copy");
    table.run_in_process("fhir::convert_exports (same plan, key, options)",
                         [&] { return convert(cohort, key, format, dir + "/in_process"); });
    std::filesystem::remove_all(dir + "/in_process");
    table.print();
    std::filesystem::remove_all(dir + "/out");
  }
  return 0;
}
