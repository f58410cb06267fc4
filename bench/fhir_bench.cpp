// FHIR conversion throughput (resources/s, MB/s) and peak memory, next to writing the same
// number of bytes with a plain buffered write in the same run. Two sizes (N/10 and N) show
// whether memory stays flat in the number of patients.
// Usage: fhir_bench [patients=100000] [ndjson|bundles]
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <string>

#include "dictionary/mapping.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "fhir/fhir.hpp"
#include "peak_memory.hpp"
#include "synth/synth.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;
using namespace oncoshare;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Generates the cohort in a child process, so its memory does not count as ours.
bool make_cohort(const std::string& dir, std::uint64_t patients) {
  const pid_t child = fork();
  if (child == 0) {
    synth::SynthOptions options;
    options.sites = 2;
    options.patients = patients;
    options.out = dir;
    options.defect_rate = 0;
    options.show_progress = false;
    _exit(synth::generate(options) ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Baseline: the same number of bytes through stdio in 64 KiB writes.
double plain_write_seconds(const std::string& path, std::uint64_t bytes) {
  const std::string chunk(64 << 10, 'x');
  const auto start = Clock::now();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  for (std::uint64_t done = 0; done < bytes; done += chunk.size()) {
    std::fwrite(chunk.data(), 1, std::min<std::uint64_t>(chunk.size(), bytes - done), f);
  }
  std::fclose(f);
  return seconds_since(start);
}

int run(std::uint64_t patients, fhir::OutputFormat format, const fs::path& root) {
  const std::string cohort = (root / fmt::format("cohort_{}", patients)).string();
  if (!make_cohort(cohort, patients)) {
    fmt::print(stderr, "synth failed\n");
    return 1;
  }
  auto dict = dictionary::read_redcap_dictionary(cohort + "/dictionary.csv");
  if (!dict) return fmt::print(stderr, "{}\n", dict.error().to_string()), 2;
  if (auto mapped = dictionary::apply_mapping(*dict, cohort + "/mapping.csv"); !mapped) {
    return fmt::print(stderr, "{}\n", mapped.error().to_string()), 2;
  }
  auto plan = fhir::make_plan(*dict);
  if (!plan) return fmt::print(stderr, "{}\n", plan.error().to_string()), 2;
  const privacy::Key key = privacy::Key::generate();
  fhir::FhirOptions options;
  options.data = {cohort + "/site_1.csv", cohort + "/site_2.csv"};
  options.format = format;
  options.settings.urn_references = format == fhir::OutputFormat::bundles;
  options.settings.dates.mode = privacy::DateMode::shift;
  const std::string out = (root / fmt::format("out_{}", patients)).string();
  fs::create_directories(out);

  const std::clock_t cpu_start = std::clock();
  const auto start = Clock::now();
  auto summary = fhir::convert_exports(*dict, *plan, {&key, nullptr}, options, out);
  const double seconds = seconds_since(start);
  const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  if (!summary) return fmt::print(stderr, "{}\n", summary.error().to_string()), 2;
  const double rss = bench::peak_rss_mib();
  const double mb = static_cast<double>(summary->bytes_written) / 1e6;
  const double baseline = plain_write_seconds((root / "plain.bin").string(), summary->bytes_written);
  fmt::print("{:>8} patients {:>9} resources {:>8.1f} MB  fhir {:6.2f} s {:>9.0f} resources/s {:7.1f} MB/s | "
             "cpu {:5.2f} s {:>9.0f} resources/cpu-s | plain write {:6.2f} s {:7.1f} MB/s | peak RSS {:.1f} MiB\n",
             patients, summary->stats.resources, mb, seconds, static_cast<double>(summary->stats.resources) / seconds,
             mb / seconds, cpu, static_cast<double>(summary->stats.resources) / cpu, baseline, mb / baseline, rss);
  fs::remove_all(out);
  fs::remove_all(cohort);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t patients = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const std::string format = argc > 2 ? argv[2] : "ndjson";
  const fhir::OutputFormat f = format == "bundles" ? fhir::OutputFormat::bundles : fhir::OutputFormat::ndjson;
  const fs::path root = fs::temp_directory_path() / fmt::format("oncoshare-fhir-bench-{}", getpid());
  fs::create_directories(root);
  fmt::print("fhir_bench: {} output, one core\n", format);
  int rc = run(std::max<std::uint64_t>(patients / 10, 1), f, root);
  if (rc == 0) rc = run(patients, f, root);
  fs::remove_all(root);
  return rc;
}
