// `oncoshare omop check --db URL --out DIR`: run the data-quality checks, write
// omop-checks.json and omop-checks.html, print a one-line JSON summary. Exit 1 when a check
// failed or errored (the report is written all the same), 2 on bad input.
#include <fmt/format.h>

#include <memory>

#include "cli/omop_check.hpp"
#include "omop/check_command.hpp"

namespace oncoshare::cli {

namespace {

int run_omop_check(const omop::CheckCommandOptions& options) {
  const core::Result<omop::CheckCommandSummary> summary = omop::run_check_command(options);
  if (!summary) return report(summary.error());
  fmt::print("{}\n", summary->to_json().dump());
  if (!summary->clean()) {
    return report(core::Error{core::ErrorCode::check_failed,
                              fmt::format("{} checks failed and {} could not run; see {}/omop-checks.html",
                                          summary->failed, summary->errors, options.out),
                              {}});
  }
  return 0;
}

}  // namespace

void register_omop_check(CLI::App& omop, Action& action) {
  auto* cmd = omop.add_subcommand("check", "Run the OHDSI Data Quality Dashboard 5.4 checks on an OMOP CDM database");
  auto o = std::make_shared<omop::CheckCommandOptions>();
  cmd->add_option("--db", o->db, "the database: sqlite:FILE or postgresql://[user@]host[:port]/database")->required();
  cmd->add_option("--schema", o->schema, "PostgreSQL schema of the CDM tables")->capture_default_str();
  cmd->add_option("--out", o->out, out_folder_help("omop-checks.json, omop-checks.html"))->required();
  cmd->add_option("--today", o->today, "date (YYYY-MM-DD) for GETDATE() in the plausible value bounds (default: today)");
  cmd->callback([&action, o] { action = [o] { return run_omop_check(*o); }; });
}

}  // namespace oncoshare::cli
