// Runs the OHDSI Data Quality Dashboard 5.4 checks on an OMOP database, one SQL query per
// check instance, and computes each check's status (failed, not applicable, error) and the
// Overview as the Dashboard does (R/evaluateThresholds.R, R/calculateNotApplicableStatus.R,
// R/summarizeResults.R). Check types the database cannot answer (they need the full OHDSI
// vocabulary) and deprecated ones are listed as not run, with the reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "omop/dq_catalog.hpp"
#include "omop/sql_reader.hpp"

namespace oncoshare::omop {

struct DqOptions {
  std::string today;  // YYYY-MM-DD for GETDATE() in plausible value bounds; "" = the current date (UTC)
};

struct DqCheckResult {
  std::string check_name;
  CheckLevel level = CheckLevel::table;
  std::string table;  // lower case
  std::string field;  // lower case; "" for table checks
  std::int64_t num_violated_rows = 0;
  double pct_violated_rows = 0;  // a share (0..1), as the Dashboard reports it
  std::int64_t num_denominator_rows = 0;
  std::optional<double> threshold;  // % of violating rows allowed; none: any violation fails
  bool failed = false;
  bool not_applicable = false;
  std::string not_applicable_reason;
  std::string error;  // the database's message when the query failed
  std::string kahn_context;
  std::string kahn_category;
  std::string kahn_subcategory;
  std::string severity;
  std::string description;  // placeholders filled in
  std::string sql;          // the query run; "" when none ran (table or field missing)

  [[nodiscard]] bool is_error() const { return !error.empty(); }
  [[nodiscard]] bool passed() const { return !failed && !is_error() && !not_applicable; }
};

// A check type that was not run, with how many instances the control files define.
struct DqNotRun {
  std::string check_name;
  CheckLevel level = CheckLevel::table;
  std::size_t instances = 0;
  std::string reason;
};

// The Dashboard's Overview (summarizeResults.R): an error counts as neither threshold-failed
// nor overall-failed, so countPassed = countTotal - countOverallFailed includes errors and
// not-applicable checks.
struct DqOverview {
  std::size_t count_total = 0;
  std::size_t count_passed = 0;
  std::size_t count_error_failed = 0;
  std::size_t count_threshold_failed = 0;
  std::size_t count_overall_failed = 0;
  std::size_t count_not_applicable = 0;
  double percent_passed = 0;
  double percent_failed = 0;
  struct Category {
    std::size_t total = 0;
    std::size_t failed = 0;
    std::size_t passed = 0;  // passed == 1: not failed, not an error, not NA
  };
  Category plausibility;
  Category conformance;
  Category completeness;
};

struct DqReport {
  std::string today;
  std::vector<DqCheckResult> results;
  std::vector<DqNotRun> not_run;
  DqOverview overview;
};

// Errors: a malformed --today (bad_input). A query that fails is the check's error, not
// the run's.
[[nodiscard]] core::Result<DqReport> run_dq_checks(SqlReader& reader, const DqOptions& options);

}  // namespace oncoshare::omop
