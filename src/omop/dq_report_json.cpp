#include <fmt/format.h>

#include "core/ascii_case.hpp"
#include "omop/dq_report.hpp"

namespace oncoshare::omop {

namespace {

nlohmann::json threshold_json(const DqCheckResult& r) {
  return r.threshold ? nlohmann::json(*r.threshold) : nlohmann::json(nullptr);
}

nlohmann::json check_json(const DqCheckResult& r) {
  return {
      {"checkId", dq_check_id(r)},
      {"checkName", r.check_name},
      {"checkLevel", level_name(r.level)},
      {"checkDescription", r.description},
      {"cdmTableName", core::ascii_upper(r.table)},
      {"cdmFieldName", r.field.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.field)},
      {"numViolatedRows", r.num_violated_rows},
      {"pctViolatedRows", r.pct_violated_rows},
      {"numDenominatorRows", r.num_denominator_rows},
      {"thresholdValue", threshold_json(r)},
      {"failed", r.failed ? 1 : 0},
      {"passed", r.passed() ? 1 : 0},
      {"isError", r.is_error() ? 1 : 0},
      {"error", r.is_error() ? nlohmann::json(r.error) : nlohmann::json(nullptr)},
      {"notApplicable", r.not_applicable ? 1 : 0},
      {"notApplicableReason", r.not_applicable ? nlohmann::json(r.not_applicable_reason) : nlohmann::json(nullptr)},
      {"context", r.kahn_context},
      {"category", r.kahn_category},
      {"subcategory", r.kahn_subcategory},
      {"severity", r.severity},
      {"queryText", r.sql},
  };
}

nlohmann::json overview_json(const DqOverview& o) {
  return {
      {"countTotal", o.count_total},
      {"countPassed", o.count_passed},
      {"countErrorFailed", o.count_error_failed},
      {"countThresholdFailed", o.count_threshold_failed},
      {"countOverallFailed", o.count_overall_failed},
      {"countNotApplicable", o.count_not_applicable},
      {"percentPassed", o.percent_passed},
      {"percentFailed", o.percent_failed},
      {"countTotalPlausibility", o.plausibility.total},
      {"countTotalConformance", o.conformance.total},
      {"countTotalCompleteness", o.completeness.total},
      {"countFailedPlausibility", o.plausibility.failed},
      {"countFailedConformance", o.conformance.failed},
      {"countFailedCompleteness", o.completeness.failed},
      {"countPassedPlausibility", o.plausibility.passed},
      {"countPassedConformance", o.conformance.passed},
      {"countPassedCompleteness", o.completeness.passed},
  };
}

}  // namespace

std::string dq_check_id(const DqCheckResult& r) {
  return core::ascii_lower(r.field.empty() ? fmt::format("{}_{}", r.check_name, r.table)
                                           : fmt::format("{}_{}_{}", r.check_name, r.table, r.field));
}

nlohmann::json dq_report_json(const DqReport& report, const DqReportContext& context) {
  nlohmann::json checks = nlohmann::json::array();
  for (const DqCheckResult& r : report.results) checks.push_back(check_json(r));
  nlohmann::json not_run = nlohmann::json::array();
  for (const DqNotRun& n : report.not_run) {
    not_run.push_back({{"checkName", n.check_name},
                       {"checkLevel", level_name(n.level)},
                       {"instances", n.instances},
                       {"reason", n.reason}});
  }
  return {
      {"Metadata",
       {{"checks", "OHDSI Data Quality Dashboard 5.4 check definitions (v2.8.x control files)"},
        {"database", context.database},
        {"schema", context.schema},
        {"today", report.today}}},
      {"Overview", overview_json(report.overview)},
      {"CheckResults", std::move(checks)},
      {"NotRunChecks", std::move(not_run)},
  };
}

}  // namespace oncoshare::omop
