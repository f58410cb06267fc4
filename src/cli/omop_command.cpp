// `oncoshare omop`: REDCap exports to an OMOP CDM 5.4 database (SQLite or PostgreSQL),
// through the same conversion as `oncoshare fhir`; `oncoshare omop check` runs the
// data-quality checks on such a database.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/conversion_options.hpp"
#include "cli/omop_check.hpp"
#include "omop/omop_export.hpp"

namespace oncoshare::cli {

namespace {

struct OmopCliOptions {
  ConversionCliOptions conversion;
  std::string db;
  std::string schema = "cdm";
  std::string source_name = "oncoshare export";
};

// The CDM tables with a main concept: their share of rows with a concept other than 0.
constexpr std::array kConceptTables = {"person", "visit_occurrence", "condition_occurrence", "measurement", "observation",
                                       "procedure_occurrence", "drug_exposure", "specimen", "episode"};

nlohmann::ordered_json summary_json(const omop::OmopSummary& s, const omop::DatabaseUrl& db,
                                    const std::string& schema) {
  nlohmann::ordered_json tables = nlohmann::ordered_json::object();
  for (const auto& [table, rows] : s.stats.rows) {
    nlohmann::ordered_json entry = {{"rows", rows}};
    if (std::find(kConceptTables.begin(), kConceptTables.end(), table) != kConceptTables.end()) {
      const auto standard = s.stats.standard_rows.find(table);
      const std::uint64_t with_concept = standard == s.stats.standard_rows.end() ? 0 : standard->second;
      entry["standard_concept_share"] = rows == 0 ? 0.0 : static_cast<double>(with_concept) / static_cast<double>(rows);
    }
    tables[table] = entry;
  }
  nlohmann::ordered_json summary = {{"db", db.text}};
  if (db.kind == omop::DatabaseKind::postgresql) summary["schema"] = schema;
  summary["rows"] = s.conversion.rows;
  summary["patients"] = s.conversion.stats.patients;
  summary["records_skipped_quality"] = s.conversion.records_skipped_quality;
  summary["tables"] = tables;
  summary["concepts"] = s.concepts;
  summary["persons_without_birth_year"] = s.stats.persons_without_birth_year;
  summary["items_without_date"] = s.stats.items_without_date;
  summary["absent_comorbidities"] = s.stats.absent_comorbidities;
  summary["deaths_without_date"] = s.stats.deaths_without_date;
  summary["values_truncated"] = s.stats.values_truncated;
  summary["unreadable_visit_dates"] = s.stats.unreadable_visit_dates;
  summary["absent_values"] = s.conversion.stats.absent_values;
  summary["warnings"] = s.conversion.stats.warnings;
  return summary;
}

// For people: what each table holds and how much of it is coded in a standard concept.
void print_concept_shares(const nlohmann::ordered_json& summary) {
  for (const auto& [table, entry] : summary["tables"].items()) {
    if (!entry.contains("standard_concept_share")) continue;
    fmt::print(stderr, "oncoshare omop: {}: {} rows, {:.1f}% with a standard concept\n", table,
               entry["rows"].get<std::uint64_t>(), 100.0 * entry["standard_concept_share"].get<double>());
  }
}

int run_omop(const OmopCliOptions& o) {
  if (const std::string missing = missing_conversion_options(o.conversion); !missing.empty()) {
    return report(core::bad_input(fmt::format("omop needs {} (or the subcommand check)", missing)));
  }
  if (o.db.empty()) return report(core::bad_input("omop needs --db sqlite:FILE or --db postgresql://..."));
  core::Result<omop::DatabaseUrl> db = omop::parse_database_url(o.db);
  if (!db) return report(db.error());
  core::Result<LoadedConversion> loaded = load_conversion(o.conversion);
  if (!loaded) return report(loaded.error());
  omop::OmopOptions options;
  options.conversion = std::move(loaded->options);
  options.schema = o.schema;
  options.source_name = o.source_name;
  core::Result<omop::OmopSummary> summary = omop::export_omop(loaded->dict, loaded->plan, loaded->keys(), options, *db);
  if (!summary) return report(summary.error());
  print_conversion_warnings(summary->conversion.stats);
  const nlohmann::ordered_json json = summary_json(*summary, *db, o.schema);
  print_concept_shares(json);
  fmt::print("{}\n", json.dump());
  return 0;
}

}  // namespace

void register_omop(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("omop", "Write REDCap exports to an OMOP CDM 5.4 database (SQLite or PostgreSQL); "
                                         "`omop check` runs the data-quality checks on one");
  cmd->require_subcommand(0, 1);
  register_omop_check(*cmd, action);
  auto o = std::make_shared<OmopCliOptions>();
  add_conversion_options(*cmd, o->conversion, false);
  cmd->add_option("--db", o->db,
                  "new database: sqlite:FILE (must not exist) or postgresql://[user@]host[:port]/database "
                  "(a libpq URI; the schema must not exist)");
  cmd->add_option("--schema", o->schema, "PostgreSQL schema to create for the tables (default cdm)");
  cmd->add_option("--source-name", o->source_name, "cdm_source.cdm_source_name and cdm_holder");
  cmd->callback([&action, o, cmd] {
    if (!cmd->get_subcommands().empty()) return;  // `omop check` set its own action
    action = [o] { return run_omop(*o); };
  });
}

}  // namespace oncoshare::cli
