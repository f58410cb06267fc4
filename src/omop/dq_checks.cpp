#include "omop/dq_checks.hpp"

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <set>
#include <utility>

#include "core/ascii_case.hpp"
#include "core/civil_date.hpp"
#include "omop/dq_sql.hpp"
#include "omop/dq_status.hpp"
#include "omop/sql_dialect.hpp"

namespace oncoshare::omop {

namespace {

// Why a check type is not run, or "" when it is. fkDomain and fkClass run when the
// database's own concept table can answer them.
std::string not_run_reason(std::string_view check, SqlReader& reader) {
  if (check == "plausibleTemporalAfter") {
    return "deprecated in the Data Quality Dashboard; replaced by plausibleAfterBirth and plausibleStartBeforeEnd";
  }
  if (check == "plausibleDuringLife") return "deprecated in the Data Quality Dashboard; replaced by plausibleBeforeDeath";
  if (check == "plausibleGender") {
    return "deprecated in the Data Quality Dashboard; replaced by plausibleGenderUseDescendants";
  }
  if (check == "isStandardValidConcept" || check == "plausibleGenderUseDescendants" ||
      check == "plausibleUnitConceptIds" || check == "measureConditionEraCompleteness") {
    return "needs the full OHDSI standardized vocabulary (standard concepts, concept ancestry, condition eras built "
           "from it), which an oncoshare export does not carry";
  }
  if (check == "fkDomain" && !(reader.has_table("concept") && reader.has_column("concept", "domain_id"))) {
    return "the database has no concept table with domain_id to look the concepts up in";
  }
  if (check == "fkClass" && !(reader.has_table("concept") && reader.has_column("concept", "concept_class_id"))) {
    return "the database has no concept table with concept_class_id to look the concepts up in";
  }
  return "";
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// The description with the instance's names and parameters in place of its placeholders.
std::string describe(const CheckDescription& d, const CheckInstance& c) {
  std::string text(d.description);
  // Longer placeholders first: @cdmFieldName must not eat @cdmFieldNameX.
  const std::pair<std::string_view, std::string> values[] = {
      {"@plausibleStartBeforeEndFieldName", core::ascii_upper(c.other_field)},
      {"@plausibleValueLow", std::string(c.bound.text)},
      {"@plausibleValueHigh", std::string(c.bound.text)},
      {"@cdmTableName", core::ascii_upper(c.table)},
      {"@cdmFieldName", core::ascii_upper(c.field)},
      {"@fkTableName", core::ascii_upper(c.fk_table)},
      {"@fkDomain", std::string(c.fk_domain)},
      {"@fkClass", std::string(c.fk_class)},
  };
  for (const auto& [placeholder, value] : values) replace_all(text, placeholder, value);
  return text;
}

DqCheckResult prepare(const CheckDescription& d, const CheckInstance& c) {
  DqCheckResult r;
  r.check_name = std::string(c.check);
  r.level = c.level;
  r.table = std::string(c.table);
  r.field = std::string(c.field);
  if (c.has_threshold) r.threshold = c.threshold;
  r.kahn_context = std::string(d.kahn_context);
  r.kahn_category = std::string(d.kahn_category);
  r.kahn_subcategory = std::string(d.kahn_subcategory);
  r.severity = std::string(d.severity);
  r.description = describe(d, c);
  return r;
}

void run_query(SqlReader& reader, DqCheckResult& r) {
  const core::Result<std::vector<std::int64_t>> row = reader.integers(r.sql);
  if (!row) {
    r.error = row.error().message;
  } else if (row->size() != 2) {
    r.error = "the check query did not return two counts";
  } else {
    r.num_violated_rows = (*row)[0];
    r.num_denominator_rows = (*row)[1];
    r.pct_violated_rows = r.num_denominator_rows == 0 ? 0
                                                      : static_cast<double>(r.num_violated_rows) /
                                                            static_cast<double>(r.num_denominator_rows);
  }
}

core::Result<std::int64_t> today_days(const std::string& today) {
  if (today.empty()) {
    const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return static_cast<std::int64_t>(now.time_since_epoch().count());
  }
  const std::optional<std::int64_t> days = core::parse_iso_date(today);
  if (!days || today.size() != 10) {
    return core::fail(core::bad_input(fmt::format("'{}' is no date (YYYY-MM-DD)", today), {"", 0, 0, "--today"}));
  }
  return *days;
}

}  // namespace

core::Result<DqReport> run_dq_checks(SqlReader& reader, const DqOptions& options) {
  const core::Result<std::int64_t> today = today_days(options.today);
  if (!today) return core::fail(today.error());
  DqReport report;
  report.today = core::format_iso_date(*today);
  const DqSqlContext context{SqlDialect(reader.kind()), *today,
                             [&reader](std::string_view table, std::string_view column) {
                               return reader.has_column(std::string(table), std::string(column));
                             }};

  std::map<std::string_view, std::string> reasons;  // per check type, "" when it runs
  std::map<std::string_view, std::size_t> not_run_instances;
  std::set<std::string_view> missing_tables;
  std::set<std::pair<std::string_view, std::string_view>> missing_fields;
  for (const CheckInstance& c : dq_check_instances()) {
    const CheckDescription* description = find_check_description(c.check);
    if (description == nullptr) continue;  // the generator emits instances of described checks only
    auto [reason, fresh] = reasons.try_emplace(c.check);
    if (fresh) reason->second = not_run_reason(c.check, reader);
    const std::optional<std::string> sql = dq_check_sql(c, context);
    if (!reason->second.empty() || !sql) {
      if (reason->second.empty()) reason->second = "no query for this check type";
      ++not_run_instances[c.check];
      continue;
    }
    DqCheckResult result = prepare(*description, c);
    // The checks of a missing table or field are Not Applicable: no query is run for them.
    const bool structural = c.check == "cdmTable" || c.check == "cdmField";
    if (structural || !(missing_tables.contains(c.table) || missing_fields.contains({c.table, c.field}))) {
      result.sql = *sql;
      run_query(reader, result);
    }
    evaluate_threshold(result);
    if (c.check == "cdmTable" && result.failed) missing_tables.insert(c.table);
    if (c.check == "cdmField" && result.failed) missing_fields.insert({c.table, c.field});
    report.results.push_back(std::move(result));
  }
  apply_not_applicable(report.results);
  report.overview = summarize(report.results);
  for (const CheckDescription& d : dq_check_descriptions()) {
    const auto count = not_run_instances.find(d.name);
    if (count == not_run_instances.end()) continue;
    report.not_run.push_back({std::string(d.name), d.level, count->second, reasons[d.name]});
  }
  return report;
}

}  // namespace oncoshare::omop
