#include "cli/conversion_options.hpp"

#include <fmt/format.h>

#include "cli/option_checks.hpp"
#include "dictionary/mapping.hpp"
#include "dictionary/redcap_dictionary.hpp"

namespace oncoshare::cli {

std::vector<std::string> ConversionCliOptions::inputs() const {
  std::vector<std::string> files{dictionary, mapping, key_file, project_key_file};
  files.insert(files.end(), data.begin(), data.end());
  return files;
}

void add_conversion_options(CLI::App& cmd, ConversionCliOptions& o, bool required) {
  cmd.add_option("--dictionary", o.dictionary, "REDCap data dictionary CSV")->required(required);
  cmd.add_option("--mapping", o.mapping, "oncoshare mapping CSV (targets and codes)")->required(required);
  cmd.add_option("--data", o.data, "REDCap record export CSV (repeatable)")->required(required);
  cmd.add_option("--key-file", o.key_file, "site pseudonym key (oncoshare keygen; mode 0600)")->required(required);
  cmd.add_option("--project-key-file", o.project_key_file, "project key for two-stage pseudonyms");
  cmd.add_option("--dates", o.dates, "keep, shift (per-patient offset) or interval (days from a reference, "
                                     "written from 1970-01-01)");
  cmd.add_option("--date-reference", o.date_reference, "interval reference: a date (YYYY-MM-DD) or a date variable");
  cmd.add_option("--max-shift-days", o.max_shift_days,
                 "largest shift in days for --dates shift (default 365; for no shift use --dates keep)")
      ->check(in_range(core::whole_numbers(1, privacy::kMaxShiftDays)));
  cmd.add_option("--min-score", o.min_score, "skip records whose quality score is below this")
      ->check(in_range(core::real_numbers(0, 100)));
  cmd.add_option("--quality-weights", o.quality_weights, "family=weight,... for the quality score");
}

std::string missing_conversion_options(const ConversionCliOptions& o) {
  std::string missing;
  const auto need = [&missing](bool given, std::string_view name) {
    if (given) return;
    if (!missing.empty()) missing += ", ";
    missing += name;
  };
  need(!o.dictionary.empty(), "--dictionary");
  need(!o.mapping.empty(), "--mapping");
  need(!o.data.empty(), "--data");
  need(!o.key_file.empty(), "--key-file");
  return missing;
}

core::Result<LoadedConversion> load_conversion(const ConversionCliOptions& o) {
  LoadedConversion loaded;
  fhir::FhirOptions& options = loaded.options;
  options.data = o.data;
  core::Result<privacy::DatePolicy> dates = privacy::parse_date_policy(o.dates, o.date_reference);
  if (!dates) return dates.error();
  options.settings.dates = std::move(*dates);
  options.settings.dates.max_shift_days = o.max_shift_days;
  options.min_score = o.min_score;
  if (!o.quality_weights.empty()) {
    if (!o.min_score) return core::fail(core::bad_input("--quality-weights needs --min-score"));
    ONCOSHARE_TRY(quality::parse_family_values(o.quality_weights, "--quality-weights", options.quality_weights));
  }
  core::Result<dictionary::Dictionary> dict = dictionary::read_redcap_dictionary(o.dictionary);
  if (!dict) return dict.error();
  loaded.dict = std::move(*dict);
  ONCOSHARE_TRY(dictionary::apply_mapping(loaded.dict, o.mapping));
  if (!options.settings.dates.reference_variable.empty() &&
      loaded.dict.find(options.settings.dates.reference_variable) == nullptr) {
    return core::fail(core::bad_input(fmt::format("--date-reference '{}' is not a variable of {}",
                                                  options.settings.dates.reference_variable, o.dictionary)));
  }
  core::Result<fhir::ConversionPlan> plan = fhir::make_plan(loaded.dict);
  if (!plan) return plan.error();
  loaded.plan = std::move(*plan);
  core::Result<LoadedKeys> keys = load_pseudonym_keys(o.key_file, o.project_key_file);
  if (!keys) return keys.error();
  loaded.site_key = std::move(keys->site);
  loaded.project_key = std::move(keys->project);
  return loaded;
}

core::Result<LoadedKeys> load_pseudonym_keys(const std::string& key_file, const std::string& project_key_file) {
  core::Result<privacy::Key> site = privacy::Key::load(key_file);
  if (!site) return site.error();
  LoadedKeys loaded{std::move(*site), std::nullopt};
  if (!project_key_file.empty()) {
    core::Result<privacy::Key> project = privacy::Key::load(project_key_file);
    if (!project) return project.error();
    loaded.project.emplace(std::move(*project));
  }
  return loaded;
}

void print_conversion_warnings(const fhir::ConversionStats& stats) {
  for (const core::Error& w : stats.first_warnings) fmt::print(stderr, "oncoshare: warning: {}\n", w.to_string());
  if (stats.warnings > stats.first_warnings.size()) {
    fmt::print(stderr, "oncoshare: warning: {} more warnings not shown\n", stats.warnings - stats.first_warnings.size());
  }
}

}  // namespace oncoshare::cli
