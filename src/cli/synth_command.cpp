// `oncoshare synth`: write a synthetic multi-site cancer registry (REDCap exports, data
// dictionary, mapping, injected defects with their ground truth, true model coefficients).
#include <fmt/format.h>

#include <cstdint>
#include <memory>
#include <string>

#include "cli/command.hpp"
#include "cli/option_checks.hpp"
#include "synth/synth.hpp"

namespace oncoshare::cli {
namespace {

struct SynthArgs {
  std::uint64_t sites = 3;  // ranges checked while parsing (option_checks.hpp)
  std::uint64_t patients = 1000;
  std::uint64_t seed = 1;
  std::string out;
  double defect_rate = synth::kDefaultDefectRate;
  bool no_defects = false;
};

void print_summary(const synth::SynthOptions& options, const synth::SynthSummary& s) {
  fmt::print("oncoshare synth: wrote {}\n", options.out);
  for (const auto& site : s.sites) {
    fmt::print("  {:<16} {:>10} patients {:>10} rows\n", site.file, site.patients, site.rows);
  }
  fmt::print("  {} files; {} sites, {} patients, {} rows, {} deaths, {} defects (defects.csv)\n",
             s.files.size(), s.sites.size(), s.patients, s.rows, s.deaths, s.defects);
}

int run(const SynthArgs& args) {
  synth::SynthOptions options;
  options.sites = args.sites;
  options.patients = args.patients;
  options.seed = args.seed;
  options.out = args.out;
  options.defect_rate = args.no_defects ? 0.0 : args.defect_rate;
  auto summary = synth::generate(options);
  if (!summary) return report(summary.error());
  print_summary(options, *summary);
  return 0;
}

}  // namespace

void register_synth(CLI::App& app, Action& action) {
  auto args = std::make_shared<SynthArgs>();
  auto* cmd = app.add_subcommand(
      "synth",
      "Write a synthetic multi-site cancer registry: per-site raw REDCap exports, dictionary.csv, "
      "mapping.csv, defects.csv (ground truth of injected quality defects), truth.json (true Cox "
      "and logistic coefficients) and README.txt. Same options give byte-identical files.");
  cmd->add_option("--sites", args->sites, "number of hospital sites (data access groups)")
      ->capture_default_str()
      ->check(in_range(core::whole_numbers(1, synth::kMaxSites)));
  cmd->add_option("--patients", args->patients, "patients in total, split unevenly over the sites")
      ->capture_default_str()
      ->check(in_range(core::whole_numbers(1, 100'000'000)));
  cmd->add_option("--seed", args->seed, "random seed (any unsigned 64-bit number)")
      ->capture_default_str()
      ->check(in_range(kSeeds));
  cmd->add_option("--out", args->out, out_folder_help("nothing is left on failure"))
      ->required();
  auto* rate = cmd->add_option("--defect-rate", args->defect_rate,
                               "share of records that get one injected defect")
                   ->capture_default_str()
                   ->check(in_range(core::real_numbers(0, 1)));
  cmd->add_flag("--no-defects", args->no_defects, "write clean data only (same as --defect-rate 0)")
      ->excludes(rate);
  cmd->callback([args, &action] { action = [args] { return run(*args); }; });
}

}  // namespace oncoshare::cli
