// `oncoshare demo`: the main job end to end on a synthetic multi-site cohort, with the
// embedded defaults. It runs the same subcommands a user would type (printed as it goes),
// in-process, and stops at the first one that fails; then the federation part
// (demo_federation.cpp) serves the sites from separate node processes.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/app.hpp"
#include "cli/command.hpp"
#include "cli/option_checks.hpp"
#include "cli/demo.hpp"
#include "core/atomic_output.hpp"
#include "core/output_claim.hpp"

namespace oncoshare::cli {
namespace {

struct Step {
  std::string title;
  std::vector<std::string> args;
  // Said when the step exits 1, which then does not stop the demo (a report of findings);
  // empty: any exit but 0 stops it.
  std::string findings;
};

std::vector<Step> demo_steps(const DemoArgs& a) {
  const std::string cohort = a.out + "/cohort";
  const std::string dd = cohort + "/dictionary.csv";
  const std::string mapping = cohort + "/mapping.csv";
  std::vector<std::string> sites;
  for (std::uint64_t k = 1; k <= a.sites; ++k) sites.push_back(fmt::format("{}/site_{}.csv", cohort, k));
  auto with_data = [&](std::vector<std::string> args, const std::vector<std::string>& files) {
    for (const auto& f : files) args.insert(args.end(), {"--data", f});
    return args;
  };

  std::vector<Step> steps;
  steps.push_back({"Synthetic cohort: REDCap dictionary, mapping, one export per site, injected defects",
                   {"synth", "--sites", std::to_string(a.sites), "--patients", std::to_string(a.patients),
                    "--seed", std::to_string(a.seed), "--out", cohort}});
  steps.push_back({"Check the data dictionary and the mapping", {"dictionary", "check", "--dictionary", dd,
                                                                 "--mapping", mapping}});
  for (const auto& site : sites) {
    steps.push_back({"Ingest " + std::filesystem::path(site).filename().string(),
                     {"ingest", "--dictionary", dd, "--data", site}});
  }
  steps.push_back({"Data quality: checks, weighted scores, report; keep only records with no failure",
                   with_data({"quality", "--dictionary", dd, "--mapping", mapping, "--rules", cohort + "/rules.csv",
                              "--out", a.out + "/quality", "--passing-records", a.out + "/passing.csv",
                              "--min-score", "100"},
                             sites)});
  steps.push_back({"Re-identification risk of the quasi-identifiers",
                   with_data({"privacy", "risk", "--dictionary", dd, "--quasi", "age_dx", "--quasi", "sex",
                              "--sensitive", "stage_group"},
                             sites)});
  steps.push_back({"Pseudonym key for this site", {"keygen", "--out", a.out + "/site.key"}});
  steps.push_back({"FHIR R4 / mCODE bundles of the passing records (pseudonyms, shifted dates)",
                   {"fhir", "--dictionary", dd, "--mapping", mapping, "--data", a.out + "/passing.csv",
                    "--key-file", a.out + "/site.key", "--dates", "shift", "--out", a.out + "/fhir"}});
  steps.push_back({"OMOP CDM 5.4 database of the same records (SQLite; the FHIR output's pseudonyms and dates)",
                   {"omop", "--dictionary", dd, "--mapping", mapping, "--data", a.out + "/passing.csv", "--key-file",
                    a.out + "/site.key", "--dates", "shift", "--db", "sqlite:" + a.out + "/omop.sqlite"}});
  steps.push_back({"OHDSI data-quality checks of the OMOP database (DQD 5.4 definitions)",
                   {"omop", "check", "--db", "sqlite:" + a.out + "/omop.sqlite", "--out", a.out + "/omop-checks"},
                   "the failed checks are concept coverage: the synthetic mapping gives OMOP concept ids only "
                   "where they could be confirmed, so the other codes are concept 0 (see omop-checks.html)"});
  steps.push_back({"Synthetic CT studies of four of those patients, under hospital numbers (link.csv maps them "
                   "to record ids), taken on their diagnosis dates",
                   {"dicom", "synth", "--data", a.out + "/passing.csv", "--patients", "4", "--out",
                    a.out + "/images"}});
  steps.push_back({"De-identify the images (PS3.15 Basic Profile, keyed UIDs): each patient's FHIR pseudonym and "
                   "date shift, ImagingStudy resources joined to the FHIR bundles",
                   {"dicom", "deidentify", "--in", a.out + "/images/images", "--link", a.out + "/images/link.csv",
                    "--key-file", a.out + "/site.key", "--option", "retain-modified-dates", "--fhir",
                    a.out + "/fhir", "--out", a.out + "/imaging"}});
  steps.push_back({"Archive key pair (Crypt4GH)",
                   {"crypt4gh", "keygen", "--kdf", "none", "--sk", a.out + "/archive.sec", "--pk",
                    a.out + "/archive.pub"}});
  steps.push_back({"Encrypt the bundles into an archive submission package",
                   {"package", "--in", a.out + "/fhir", "--recipient_pk", a.out + "/archive.pub", "--out",
                    a.out + "/package"}});
  steps.push_back({"Verify the package (checksums, and decryption with the archive key)",
                   {"package", "verify", a.out + "/package", "--sk", a.out + "/archive.sec"}});
  return steps;
}

int run(const DemoArgs& args) {
  // Keys are never overwritten, so the demo starts from an empty output directory; the
  // folder it empties must be an earlier demo's (its marker says so), never anything else.
  if (core::Status ours = core::check_output_folder(args.out, {"demo", {}}); !ours) return report(ours.error());
  std::error_code ec;
  std::filesystem::remove_all(args.out, ec);
  std::filesystem::create_directories(args.out, ec);
  if (ec) return report(core::io_error("cannot create the output directory: " + ec.message(), {args.out}));
  const std::string marker = (std::filesystem::path(args.out) / core::kOutputMarker).string();
  if (core::Status marked = core::write_file_atomically(marker, core::output_marker("demo")); !marked) {
    return report(marked.error());
  }

  fmt::print("oncoshare demo: {} sites, {} patients, seed {}; outputs in {}\n", args.sites, args.patients,
             args.seed, args.out);
  const auto steps = demo_steps(args);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    fmt::print("\n[{}/{}] {}\n$ oncoshare {}\n", i + 1, steps.size(), steps[i].title, fmt::join(steps[i].args, " "));
    std::fflush(stdout);
    if (int code = run_cli(steps[i].args); code != 0) {
      if (code == 1 && !steps[i].findings.empty()) {
        fmt::print("oncoshare demo: step {} reports findings: {}\n", i + 1, steps[i].findings);
      } else {
        fmt::print(stderr, "oncoshare demo: step {} failed (exit {})\n", i + 1, code);
        return code;
      }
    }
    std::fflush(stdout);
  }
  if (int code = run_federation_demo(args); code != 0) return code;
  fmt::print("\ndemo finished: quality report {0}/quality/quality.html, FHIR bundles {0}/fhir, "
             "OMOP database {0}/omop.sqlite and its checks {0}/omop-checks/omop-checks.html, de-identified images "
             "with their bundles {0}/imaging, archive package {0}/package, federated study {0}/study.html\n",
             args.out);
  return 0;
}

}  // namespace

void register_demo(CLI::App& app, Action& action) {
  auto args = std::make_shared<DemoArgs>();
  auto* cmd = app.add_subcommand(
      "demo", "Run the main job end to end on a synthetic multi-site cancer cohort");
  cmd->add_option("--out", args->out,
                  "output directory, emptied first: only a new or empty folder or an earlier demo's output")
      ->capture_default_str();
  cmd->add_option("--sites", args->sites, "number of sites")
      ->capture_default_str()
      ->check(in_range(core::whole_numbers(1, 100)));
  cmd->add_option("--patients", args->patients, "patients in total")
      ->capture_default_str()
      ->check(in_range(core::whole_numbers(1, 10'000'000)));
  cmd->add_option("--seed", args->seed, "random seed")->capture_default_str()->check(in_range(kSeeds));
  cmd->add_option("--policy", args->policy,
                  "node disclosure policy: default, or open (exact answers, every control at its loosest; "
                  "for measuring what the controls cost)")
      ->capture_default_str()
      ->check(CLI::IsMember({"default", "open"}));
  cmd->callback([args, &action] { action = [args] { return run(*args); }; });
}

}  // namespace oncoshare::cli
