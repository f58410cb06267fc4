// `oncoshare demo`: the main job end to end on a synthetic multi-site cohort, with the
// embedded defaults. Each step prints what it did; the first failure stops the demo.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string>

#include "cli/command.hpp"
#include "dictionary/check.hpp"
#include "dictionary/mapping.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "ingest/ingest.hpp"
#include "synth/synth.hpp"

namespace oncoshare::cli {
namespace {

struct DemoArgs {
  std::string out = "out/demo";
  std::uint64_t sites = 3;
  std::uint64_t patients = 3000;
  std::uint64_t seed = 42;
};

void step(int number, std::string_view title) { fmt::print("\n[{}] {}\n", number, title); }

core::Result<dictionary::Dictionary> load_and_check_dictionary(const std::string& cohort) {
  auto dict = dictionary::read_redcap_dictionary(cohort + "/dictionary.csv");
  ONCOSHARE_TRY(dict);
  ONCOSHARE_TRY(dictionary::apply_mapping(*dict, cohort + "/mapping.csv"));
  const auto problems = dictionary::check_dictionary(*dict);
  for (const auto& p : problems) fmt::print("  {}\n", p.to_string());
  fmt::print("  {} variables in {} forms; {} problem(s)\n", dict->variables().size(),
             dict->forms().size(), problems.size());
  return dict;
}

core::Status ingest_site(const std::string& path, const dictionary::Dictionary& dict) {
  auto reader = ingest::ExportReader::open(path, dict, {});
  ONCOSHARE_TRY(reader);
  ingest::SummaryBuilder summary;
  ingest::Record record;
  core::ReadStatus status;
  while ((status = reader->next(record)) == core::ReadStatus::ok) {
    summary.add(reader->layout(), record);
  }
  if (status == core::ReadStatus::error) return reader->error();
  const auto s = summary.finish(reader->layout());
  fmt::print("  {:<36} {:>7} rows {:>6} records, {} unknown column(s)\n",
             std::filesystem::path(path).filename().string(), s.rows, s.records,
             s.unknown_columns.size());
  return {};
}

int run(const DemoArgs& args) {
  fmt::print("oncoshare demo: {} sites, {} patients, seed {} -> {}\n", args.sites, args.patients,
             args.seed, args.out);
  std::error_code ec;
  std::filesystem::create_directories(args.out, ec);
  const std::string cohort = args.out + "/cohort";

  step(1, "synthetic cohort (REDCap dictionary, mapping, one export per site, defects)");
  synth::SynthOptions options;
  options.sites = args.sites;
  options.patients = args.patients;
  options.seed = args.seed;
  options.out = cohort;
  auto generated = synth::generate(options);
  if (!generated) return report(generated.error());
  fmt::print("  {} patients, {} rows, {} deaths, {} injected defects -> {}\n", generated->patients,
             generated->rows, generated->deaths, generated->defects, cohort);

  step(2, "data dictionary + mapping check");
  auto dict = load_and_check_dictionary(cohort);
  if (!dict) return report(dict.error());

  step(3, "ingest every site export");
  for (const auto& site : generated->sites) {
    if (auto ok = ingest_site(cohort + "/" + site.file, *dict); !ok) return report(ok.error());
  }

  fmt::print("\ndemo finished: outputs in {}\n", args.out);
  return 0;
}

}  // namespace

void register_demo(CLI::App& app, Action& action) {
  auto args = std::make_shared<DemoArgs>();
  auto* cmd = app.add_subcommand(
      "demo", "Run the main job end to end on a synthetic multi-site cancer cohort");
  cmd->add_option("--out", args->out, "output directory")->capture_default_str();
  cmd->add_option("--sites", args->sites, "number of sites")->capture_default_str()->check(CLI::Range(1, 100));
  cmd->add_option("--patients", args->patients, "patients in total")
      ->capture_default_str()
      ->check(CLI::Range(1, 10'000'000));
  cmd->add_option("--seed", args->seed, "random seed")->capture_default_str();
  cmd->callback([args, &action] { action = [args] { return run(*args); }; });
}

}  // namespace oncoshare::cli
