// `oncoshare fhir`: convert REDCap exports to FHIR R4 / mCODE (transaction Bundles or Bulk
// Data NDJSON) with pseudonymised patients and a date policy, into a directory written
// atomically.
#include <fmt/format.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/command.hpp"
#include "cli/option_checks.hpp"
#include "core/atomic_output.hpp"
#include "dictionary/mapping.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "fhir/fhir.hpp"

namespace oncoshare::cli {

namespace {

struct FhirCliOptions {
  std::string dictionary;
  std::string mapping;
  std::vector<std::string> data;
  std::string key_file;
  std::string project_key_file;
  std::string out;
  std::string format = "bundles";
  std::string dates = "keep";
  std::string date_reference;
  std::int32_t max_shift_days = 365;
  std::string identifier_system = "urn:oncoshare:pseudonym";
  std::optional<double> min_score;
  std::string quality_weights;
  bool strict = false;
};

nlohmann::ordered_json summary_json(const fhir::FhirSummary& s, const std::string& out) {
  nlohmann::ordered_json by_type = nlohmann::ordered_json::object();
  for (const auto& [type, count] : s.stats.by_type) by_type[type] = count;
  return {{"out", out},
          {"rows", s.rows},
          {"patients", s.stats.patients},
          {"records_skipped_quality", s.records_skipped_quality},
          {"resources", s.stats.resources},
          {"by_type", by_type},
          {"absent_values", s.stats.absent_values},
          {"identifier_values_withheld", s.stats.identifier_values_withheld},
          {"warnings", s.stats.warnings},
          {"bytes_written", s.bytes_written}};
}

int run_fhir(const FhirCliOptions& o) {
  fhir::FhirOptions options;
  options.data = o.data;
  if (o.format == "bundles") {
    options.format = fhir::OutputFormat::bundles;
  } else if (o.format == "ndjson") {
    options.format = fhir::OutputFormat::ndjson;
    options.settings.urn_references = false;
  } else {
    return report(core::bad_input(fmt::format("--format must be bundles or ndjson, not '{}'", o.format)));
  }
  core::Result<privacy::DatePolicy> dates = privacy::parse_date_policy(o.dates, o.date_reference);
  if (!dates) return report(dates.error());
  options.settings.dates = std::move(*dates);
  options.settings.dates.max_shift_days = o.max_shift_days;
  options.settings.identifier_system = o.identifier_system;
  options.min_score = o.min_score;
  if (!o.quality_weights.empty()) {
    if (!o.min_score) return report(core::bad_input("--quality-weights needs --min-score"));
    core::Status parsed = quality::parse_family_values(o.quality_weights, "--quality-weights", options.quality_weights);
    if (!parsed) return report(parsed.error());
  }

  core::Result<dictionary::Dictionary> dict = dictionary::read_redcap_dictionary(o.dictionary);
  if (!dict) return report(dict.error());
  core::Status mapped = dictionary::apply_mapping(*dict, o.mapping);
  if (!mapped) return report(mapped.error());
  if (!options.settings.dates.reference_variable.empty() &&
      dict->find(options.settings.dates.reference_variable) == nullptr) {
    return report(core::bad_input(fmt::format("--date-reference '{}' is not a variable of {}",
                                              options.settings.dates.reference_variable, o.dictionary)));
  }
  core::Result<fhir::ConversionPlan> plan = fhir::make_plan(*dict);
  if (!plan) return report(plan.error());
  core::Result<privacy::Key> site_key = privacy::Key::load(o.key_file);
  if (!site_key) return report(site_key.error());
  std::optional<privacy::Key> project_key;
  if (!o.project_key_file.empty()) {
    core::Result<privacy::Key> loaded = privacy::Key::load(o.project_key_file);
    if (!loaded) return report(loaded.error());
    project_key = std::move(*loaded);
  }

  core::OutputClaim claim{"fhir", {o.dictionary, o.mapping, o.key_file, o.project_key_file}};
  claim.inputs.insert(claim.inputs.end(), o.data.begin(), o.data.end());
  core::Result<core::AtomicDirectory> dir = core::AtomicDirectory::create(o.out, claim);
  if (!dir) return report(dir.error());
  const fhir::PseudonymKeys keys{&*site_key, project_key ? &*project_key : nullptr};
  core::Result<fhir::FhirSummary> summary = fhir::convert_exports(*dict, *plan, keys, options, dir->path());
  if (!summary) return report(summary.error());
  for (const core::Error& w : summary->stats.first_warnings) {
    fmt::print(stderr, "oncoshare: warning: {}\n", w.to_string());
  }
  if (summary->stats.warnings > summary->stats.first_warnings.size()) {
    fmt::print(stderr, "oncoshare: warning: {} more warnings not shown\n",
               summary->stats.warnings - summary->stats.first_warnings.size());
  }
  core::Status committed = dir->commit();
  if (!committed) return report(committed.error());
  fmt::print("{}\n", summary_json(*summary, o.out).dump());
  if (o.strict && summary->stats.warnings > 0) {
    // Like quality --fail-under: the output is written (and can be inspected), the run fails.
    return report(core::Error{core::ErrorCode::check_failed,
                              fmt::format("{} warning{} under --strict (the output is written)",
                                          summary->stats.warnings, summary->stats.warnings == 1 ? "" : "s")});
  }
  return 0;
}

}  // namespace

void register_fhir(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("fhir", "Convert REDCap exports to FHIR R4 / mCODE bundles or NDJSON");
  auto o = std::make_shared<FhirCliOptions>();
  cmd->add_option("--dictionary", o->dictionary, "REDCap data dictionary CSV")->required();
  cmd->add_option("--mapping", o->mapping, "oncoshare mapping CSV (fhir targets and codes)")->required();
  cmd->add_option("--data", o->data, "REDCap record export CSV (repeatable)")->required();
  cmd->add_option("--key-file", o->key_file, "site pseudonym key (oncoshare keygen; mode 0600)")->required();
  cmd->add_option("--project-key-file", o->project_key_file, "project key for two-stage pseudonyms");
  cmd->add_option("--out", o->out, out_folder_help("bundles or NDJSON files"))->required();
  cmd->add_option("--format", o->format, "bundles (one transaction Bundle per patient) or ndjson (one file per "
                                         "resource type)");
  cmd->add_option("--dates", o->dates, "keep, shift (per-patient offset) or interval (days from a reference, "
                                       "written from 1970-01-01)");
  cmd->add_option("--date-reference", o->date_reference, "interval reference: a date (YYYY-MM-DD) or a date variable");
  cmd->add_option("--max-shift-days", o->max_shift_days,
                  "largest shift in days for --dates shift (default 365; for no shift use --dates keep)")
      ->check(in_range(core::whole_numbers(1, privacy::kMaxShiftDays)));
  cmd->add_option("--identifier-system", o->identifier_system, "Patient.identifier system URI for the pseudonyms")
      ->check(absolute_uri());
  cmd->add_option("--min-score", o->min_score, "skip records whose quality score is below this")
      ->check(in_range(core::real_numbers(0, 100)));
  cmd->add_option("--quality-weights", o->quality_weights, "family=weight,... for the quality score");
  cmd->add_flag("--strict", o->strict,
                "exit 1 if any value was warned about (written as data absent or left out); the output is "
                "still written");
  cmd->callback([&action, o] { action = [o] { return run_fhir(*o); }; });
}

}  // namespace oncoshare::cli
