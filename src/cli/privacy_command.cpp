// `oncoshare privacy risk|generalise`: re-identification risk of exports, and
// k-anonymisation by generalisation and suppression.
#include <fmt/format.h>
#include <memory>
#include <optional>

#include "cli/command.hpp"
#include "cli/option_checks.hpp"
#include "dictionary/mapping.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "privacy/generalise.hpp"
#include "privacy/risk.hpp"

namespace oncoshare::cli {

namespace {

struct PrivacyCliOptions {
  std::string dictionary;
  std::string mapping;
  std::vector<std::string> data;
  std::vector<std::string> quasi;
  std::string sensitive;
  std::optional<std::uint64_t> population;
  std::string population_file;
  double threshold = 0.2;
  std::string format = "text";
  std::uint64_t k = 2;
  double suppression_limit = 0.05;
  std::vector<std::string> hierarchies;
  std::string out;
};

core::Result<dictionary::Dictionary> load_dictionary(const PrivacyCliOptions& o) {
  core::Result<dictionary::Dictionary> dict = dictionary::read_redcap_dictionary(o.dictionary);
  if (dict && !o.mapping.empty()) {
    core::Status mapped = dictionary::apply_mapping(*dict, o.mapping);
    if (!mapped) return core::fail(mapped.error());
  }
  return dict;
}

int run_risk(const PrivacyCliOptions& o) {
  if (o.population && !o.population_file.empty()) {
    return report(core::bad_input("give --population or --population-file, not both"));
  }
  if (o.threshold == 0) return report(core::bad_input("--threshold must be above 0 (allowed range (0, 1])"));
  core::Result<dictionary::Dictionary> dict = load_dictionary(o);
  if (!dict) return report(dict.error());
  core::Result<privacy::QuasiTable> table =
      privacy::read_quasi_table(o.data, *dict, o.quasi, o.sensitive);
  if (!table) return report(table.error());
  privacy::RiskOptions options;
  options.threshold = o.threshold;
  options.population_size = o.population;
  if (!o.population_file.empty()) {
    core::Result<privacy::PopulationTable> population =
        privacy::read_population_table(o.population_file, o.quasi);
    if (!population) return report(population.error());
    options.population_table = std::move(*population);
  }
  core::Result<privacy::RiskReport> risk = privacy::assess_risk(*table, options);
  if (!risk) return report(risk.error());
  if (o.format == "json") {
    fmt::print("{}\n", privacy::risk_to_json(*risk, *table).dump(2));
  } else {
    fmt::print("{}", privacy::risk_to_text(*risk, *table));
  }
  return 0;
}

int run_generalise(const PrivacyCliOptions& o) {
  std::vector<privacy::Hierarchy> specs;
  for (const std::string& text : o.hierarchies) {
    core::Result<privacy::Hierarchy> h = privacy::parse_hierarchy(text);
    if (!h) return report(h.error());
    specs.push_back(std::move(*h));
  }
  core::Result<dictionary::Dictionary> dict = load_dictionary(o);
  if (!dict) return report(dict.error());
  core::Status checked = privacy::check_quasi_variables(*dict, o.quasi, {});
  if (!checked) return report(checked.error());
  core::Result<std::vector<privacy::Hierarchy>> hierarchies =
      privacy::hierarchies_for(*dict, o.quasi, specs);
  if (!hierarchies) return report(hierarchies.error());
  core::Result<privacy::QuasiTable> table = privacy::read_quasi_table(o.data, *dict, o.quasi);
  if (!table) return report(table.error());
  privacy::GeneraliseOptions options{o.k, o.suppression_limit, std::move(*hierarchies)};
  core::Result<privacy::Generalisation> result = privacy::find_generalisation(*table, options);
  if (!result) return report(result.error());
  core::Result<privacy::WriteSummary> written = privacy::write_generalised_export(
      o.data.front(), *dict, *table, options, *result, o.out);
  if (!written) return report(written.error());
  fmt::print("k = {} reached (target {}) over {} records in {} classes; {} records suppressed "
             "({} rows dropped); {} rows written to {}\n",
             result->k, o.k, table->records.size() - result->suppressed_count, result->classes,
             result->suppressed_count, written->rows_dropped, written->rows_written, o.out);
  for (std::size_t q = 0; q < o.quasi.size(); ++q) {
    fmt::print("  {}: level {} of {} ({})\n", o.quasi[q], result->levels[q],
               options.hierarchies[q].height(),
               privacy::describe_level(options.hierarchies[q], result->levels[q]));
  }
  fmt::print("information loss {:.4f}, precision {:.4f}, discernibility {}; {} lattice nodes checked\n",
             result->loss, result->precision, result->discernibility, result->nodes_checked);
  return 0;
}

void add_common(CLI::App* cmd, PrivacyCliOptions& o) {
  cmd->add_option("--dictionary", o.dictionary, "REDCap data dictionary CSV")->required();
  cmd->add_option("--mapping", o.mapping, "oncoshare mapping CSV");
  cmd->add_option("--quasi", o.quasi, "quasi-identifier variables, e.g. age,sex,zip")
      ->required()
      ->delimiter(',');
}

}  // namespace

void register_privacy(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("privacy", "Re-identification risk and k-anonymisation of exports");
  cmd->require_subcommand(1);
  auto o = std::make_shared<PrivacyCliOptions>();

  auto* risk = cmd->add_subcommand("risk", "k-anonymity, l-diversity and prosecutor/journalist/marketer risk");
  add_common(risk, *o);
  risk->add_option("--data", o->data, "REDCap record export CSV (repeatable)")->required();
  risk->add_option("--sensitive", o->sensitive, "sensitive variable for l-diversity");
  risk->add_option("--population", o->population, "population size N the data were sampled from")
      ->check(in_range(core::whole_numbers(1, 10'000'000'000)));
  risk->add_option("--population-file", o->population_file,
                   "CSV of population class sizes: the quasi-identifier columns and 'count'");
  risk->add_option("--threshold", o->threshold, "risk above which a record is at risk (default 0.2), above 0")
      ->check(in_range(core::real_numbers(0, 1)));
  risk->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  risk->callback([&action, o] { action = [o] { return run_risk(*o); }; });

  auto* generalise = cmd->add_subcommand("generalise", "Generalise and suppress records to reach k-anonymity");
  add_common(generalise, *o);
  generalise->add_option("--data", o->data, "REDCap raw flat export CSV")->required()->expected(1);
  generalise->add_option("--k", o->k, "target k")->required()->check(in_range(core::whole_numbers(1, 1'000'000)));
  generalise->add_option("--suppression-limit", o->suppression_limit,
                         "largest share of records that may be suppressed (default 0.05)")
      ->check(in_range(core::real_numbers(0, 1)));
  generalise->add_option("--hierarchy", o->hierarchies,
                         "var=bands:5|10|20, var=date, var=truncate:N|M, var=mask (repeatable)");
  generalise->add_option("--out", o->out, "generalised export CSV (never an input)")->required();
  generalise->callback([&action, o] { action = [o] { return run_generalise(*o); }; });
}

}  // namespace oncoshare::cli
