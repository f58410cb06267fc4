#include "omop/dq_status.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>
#include <utility>

#include "core/ascii_case.hpp"

namespace oncoshare::omop {

namespace {

using TableField = std::pair<std::string, std::string>;

// What the structural checks tell about each table and field.
struct Shape {
  std::set<std::string> missing_tables;
  std::set<TableField> missing_fields;
  std::set<std::string> empty_tables;
  std::set<TableField> empty_fields;

  explicit Shape(const std::vector<DqCheckResult>& results) {
    for (const DqCheckResult& r : results) {
      if (r.check_name == "cdmTable" && r.failed) missing_tables.insert(r.table);
      if (r.check_name == "cdmField" && r.failed) missing_fields.insert({r.table, r.field});
      // Only counts that were queried tell: a missing field's check ran no query.
      if (r.check_name == "measureValueCompleteness" && !r.sql.empty() && !r.is_error()) {
        if (r.num_denominator_rows == 0) empty_tables.insert(r.table);
        if (r.num_violated_rows == r.num_denominator_rows) empty_fields.insert({r.table, r.field});
      }
    }
  }
};

// The reason a check is Not Applicable, or "" when it applies (.applyNotApplicable).
std::string not_applicable_reason(const DqCheckResult& r, const Shape& shape) {
  const bool table_missing = shape.missing_tables.contains(r.table);
  const std::string table_reason = fmt::format("Table {} does not exist.", core::ascii_upper(r.table));
  if (r.check_name == "cdmTable") return "";
  if (r.check_name == "measurePersonCompleteness" || r.check_name == "cdmField") {
    return table_missing ? table_reason : "";
  }
  if (table_missing) return table_reason;
  if (shape.missing_fields.contains({r.table, r.field})) {
    return fmt::format("Field {}.{} does not exist.", core::ascii_upper(r.table), r.field);
  }
  if (r.is_error()) return "";
  if (shape.empty_tables.contains(r.table)) return fmt::format("Table {} is empty.", core::ascii_upper(r.table));
  if (r.check_name == "measureValueCompleteness") return "";
  if (shape.empty_fields.contains({r.table, r.field})) {
    return fmt::format("Field {}.{} is not populated.", core::ascii_upper(r.table), r.field);
  }
  return "";
}

double round2(double value) { return std::round(value * 100) / 100; }

}  // namespace

void evaluate_threshold(DqCheckResult& r) {
  r.failed = false;
  if (r.is_error()) return;
  if (!r.threshold || *r.threshold == 0) {
    r.failed = r.num_violated_rows > 0;
  } else {
    r.failed = r.pct_violated_rows * 100 > *r.threshold;
  }
}

void apply_not_applicable(std::vector<DqCheckResult>& results) {
  const Shape shape(results);
  for (DqCheckResult& r : results) {
    r.not_applicable_reason = not_applicable_reason(r, shape);
    r.not_applicable = !r.not_applicable_reason.empty();
    if (r.not_applicable) r.failed = false;
  }
}

DqOverview summarize(const std::vector<DqCheckResult>& results) {
  DqOverview o;
  o.count_total = results.size();
  for (const DqCheckResult& r : results) {
    if (r.failed && !r.is_error()) ++o.count_threshold_failed;
    if (r.is_error()) ++o.count_error_failed;
    if (r.failed) ++o.count_overall_failed;
    if (r.not_applicable) ++o.count_not_applicable;
    DqOverview::Category* category = r.kahn_category == "Plausibility" ? &o.plausibility
                                     : r.kahn_category == "Conformance" ? &o.conformance
                                     : r.kahn_category == "Completeness" ? &o.completeness
                                                                         : nullptr;
    if (category == nullptr) continue;
    ++category->total;
    if (r.failed) ++category->failed;
    if (r.passed()) ++category->passed;
  }
  o.count_passed = o.count_total - o.count_overall_failed;
  if (o.count_total > 0) {
    o.percent_passed = round2(100.0 * static_cast<double>(o.count_passed) / static_cast<double>(o.count_total));
    o.percent_failed = round2(100.0 * static_cast<double>(o.count_overall_failed) / static_cast<double>(o.count_total));
  }
  return o;
}

}  // namespace oncoshare::omop
