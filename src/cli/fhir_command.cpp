// `oncoshare fhir`: convert REDCap exports to FHIR R4 / mCODE (transaction Bundles or Bulk
// Data NDJSON) with pseudonymised patients and a date policy, into a directory written
// atomically.
#include <fmt/format.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/command.hpp"
#include "cli/conversion_options.hpp"
#include "cli/option_checks.hpp"
#include "core/atomic_output.hpp"
#include "fhir/fhir.hpp"

namespace oncoshare::cli {

namespace {

struct FhirCliOptions {
  ConversionCliOptions conversion;
  std::string out;
  std::string format = "bundles";
  std::string identifier_system = "urn:oncoshare:pseudonym";
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
  if (o.format != "bundles" && o.format != "ndjson") {
    return report(core::bad_input(fmt::format("--format must be bundles or ndjson, not '{}'", o.format)));
  }
  core::Result<LoadedConversion> loaded = load_conversion(o.conversion);
  if (!loaded) return report(loaded.error());
  fhir::FhirOptions& options = loaded->options;
  options.format = o.format == "bundles" ? fhir::OutputFormat::bundles : fhir::OutputFormat::ndjson;
  options.settings.urn_references = options.format == fhir::OutputFormat::bundles;
  options.settings.identifier_system = o.identifier_system;

  core::Result<core::AtomicDirectory> dir =
      core::AtomicDirectory::create(o.out, core::OutputClaim{"fhir", o.conversion.inputs()});
  if (!dir) return report(dir.error());
  core::Result<fhir::FhirSummary> summary =
      fhir::convert_exports(loaded->dict, loaded->plan, loaded->keys(), options, dir->path());
  if (!summary) return report(summary.error());
  print_conversion_warnings(summary->stats);
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
  add_conversion_options(*cmd, o->conversion);
  cmd->add_option("--out", o->out, out_folder_help("bundles or NDJSON files"))->required();
  cmd->add_option("--format", o->format, "bundles (one transaction Bundle per patient) or ndjson (one file per "
                                         "resource type)");
  cmd->add_option("--identifier-system", o->identifier_system, "Patient.identifier system URI for the pseudonyms")
      ->check(absolute_uri());
  cmd->add_flag("--strict", o->strict,
                "exit 1 if any value was warned about (written as data absent or left out); the output is "
                "still written");
  cmd->callback([&action, o] { action = [o] { return run_fhir(*o); }; });
}

}  // namespace oncoshare::cli
