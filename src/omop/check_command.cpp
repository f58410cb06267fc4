#include "omop/check_command.hpp"

#include <fmt/format.h>

#include "core/atomic_output.hpp"
#include "omop/database_url.hpp"
#include "omop/dq_checks.hpp"
#include "omop/dq_report.hpp"
#include "omop/sql_reader.hpp"

namespace oncoshare::omop {

nlohmann::ordered_json CheckCommandSummary::to_json() const {
  return {{"checks", checks}, {"passed", passed},   {"failed", failed}, {"not_applicable", not_applicable},
          {"errors", errors}, {"out", out}};
}

core::Result<CheckCommandSummary> run_check_command(const CheckCommandOptions& options) {
  const core::Result<DatabaseUrl> url = parse_database_url(options.db);
  if (!url) return core::fail(url.error());
  core::Result<std::unique_ptr<SqlReader>> reader = SqlReader::open(*url, options.schema);
  if (!reader) return core::fail(reader.error());
  if (!(*reader)->has_table("person")) {
    return core::fail(core::bad_input(fmt::format("{} is no OMOP CDM database: it has no person table", url->text),
                                      {"", 0, 0, "--db"}));
  }
  const core::Result<DqReport> report = run_dq_checks(**reader, DqOptions{options.today});
  if (!report) return core::fail(report.error());

  const DqReportContext context{url->text, url->kind == DatabaseKind::postgresql ? options.schema : ""};
  // The SQLite file is the run's input: the output folder must not replace or hold it.
  core::OutputClaim claim{"omop check", {url->kind == DatabaseKind::sqlite ? url->target : ""}};
  core::Result<core::AtomicDirectory> dir = core::AtomicDirectory::create(options.out, claim);
  if (!dir) return core::fail(dir.error());
  ONCOSHARE_TRY(core::write_file_atomically(dir->path() + "/omop-checks.json",
                                            dq_report_json(*report, context).dump(2) + "\n"));
  ONCOSHARE_TRY(core::write_file_atomically(dir->path() + "/omop-checks.html", dq_report_html(*report, context)));
  ONCOSHARE_TRY(dir->commit());

  CheckCommandSummary summary;
  summary.out = options.out;
  summary.checks = report->results.size();
  for (const DqCheckResult& r : report->results) {
    if (r.passed()) ++summary.passed;
    if (r.failed) ++summary.failed;
    if (r.not_applicable) ++summary.not_applicable;
    if (r.is_error()) ++summary.errors;
  }
  return summary;
}

}  // namespace oncoshare::omop
