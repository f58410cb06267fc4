#include "omop/dq_sql.hpp"

#include <fmt/format.h>

#include <utility>

#include "core/civil_date.hpp"

namespace oncoshare::omop {

namespace {

// Every query has this shape, so the reader reads (violated, denominator) alike.
std::string count_pair(std::string_view violated, std::string_view denominator) {
  return fmt::format("SELECT ({}), ({})", violated, denominator);
}

std::string count_rows(std::string_view from, std::string_view where) {
  return where.empty() ? fmt::format("SELECT COUNT(*) FROM {}", from)
                       : fmt::format("SELECT COUNT(*) FROM {} WHERE {}", from, where);
}

std::string table_alias(const CheckInstance& c) { return fmt::format("{} t", c.table); }
std::string column(const CheckInstance& c) { return fmt::format("t.{}", c.field); }

// A violation count over the checked table against all its rows.
std::string against_all_rows(const CheckInstance& c, std::string_view violated_from, std::string_view where) {
  return count_pair(count_rows(violated_from, where), count_rows(table_alias(c), ""));
}

bool is_date_type(std::string_view datatype) { return datatype == "date" || datatype == "datetime"; }

// The source value column whose presence makes a NULL concept a violation
// (field_concept_record_completeness.sql); "" when the field has none.
std::string_view source_value_column(const CheckInstance& c) {
  static constexpr std::pair<std::string_view, std::string_view> kColumns[] = {
      {"unit_concept_id", "unit_source_value"},
      {"unit_source_concept_id", "unit_source_value"},
      {"admitted_from_concept_id", "admitted_from_source_value"},
      {"admitting_source_concept_id", "admitting_source_value"},
      {"discharged_to_concept_id", "discharged_to_source_value"},
      {"discharge_to_concept_id", "discharge_to_source_value"},
      {"condition_status_concept_id", "condition_status_source_value"},
      {"route_concept_id", "route_source_value"},
      {"modifier_concept_id", "modifier_source_value"},
      {"qualifier_concept_id", "qualifier_source_value"},
      {"cause_concept_id", "cause_source_value"},
      {"cause_source_concept_id", "cause_source_value"},
      {"anatomic_site_concept_id", "anatomic_site_source_value"},
      {"disease_status_concept_id", "disease_status_source_value"},
      {"country_concept_id", "country_source_value"},
      {"place_of_service_concept_id", "place_of_service_source_value"},
      {"specialty_concept_id", "specialty_source_value"},
      {"specialty_source_concept_id", "specialty_source_value"},
      {"gender_concept_id", "gender_source_value"},
      {"gender_source_concept_id", "gender_source_value"},
      {"payer_concept_id", "payer_source_value"},
      {"payer_source_concept_id", "payer_source_value"},
      {"plan_concept_id", "plan_source_value"},
      {"plan_source_concept_id", "plan_source_value"},
      {"sponsor_concept_id", "sponsor_source_value"},
      {"sponsor_source_concept_id", "sponsor_source_value"},
      {"stop_reason_concept_id", "stop_reason_source_value"},
      {"stop_reason_source_concept_id", "stop_reason_source_value"},
  };
  if (c.field.starts_with("unit_") && c.table == "dose_era") return "";
  // Only the provider's gender has a gender source value beside it in the template.
  if (c.field.starts_with("gender_") && c.table != "provider") return "";
  for (const auto& [field, source] : kColumns) {
    if (field == c.field) return source;
  }
  return "";
}

std::string concept_completeness(const CheckInstance& c, const DqSqlContext& x) {
  const std::string value = column(c);
  std::string violated = fmt::format("{} = 0", value);
  std::string counted = fmt::format("{} IS NOT NULL", value);
  const std::string_view source = source_value_column(c);
  if (!source.empty() && x.has_column(c.table, source)) {
    violated += fmt::format(" OR ({} IS NULL AND t.{} IS NOT NULL)", value, source);
    counted += fmt::format(" OR t.{} IS NOT NULL", source);
  }
  return count_pair(count_rows(table_alias(c), violated), count_rows(table_alias(c), counted));
}

// Distinct source values (NULL counted as one value) whose standard concept is 0, against
// all distinct source values.
std::string source_value_completeness(const CheckInstance& c) {
  const std::string distinct_values = fmt::format(
      "SELECT COUNT(DISTINCT {0}) + COALESCE(MAX(CASE WHEN {0} IS NULL THEN 1 ELSE 0 END), 0) FROM {1}", column(c),
      table_alias(c));
  return count_pair(fmt::format("{} WHERE t.{} = 0", distinct_values, c.other_field), distinct_values);
}

// The bound as SQL comparable with the field: dates as date literals, GETDATE() as --today.
std::string bound_sql(const CheckInstance& c, const DqSqlContext& x) {
  const PlausibleBound& b = c.bound;
  switch (b.kind) {
    case BoundKind::number: return fmt::format("{}", b.number);
    case BoundKind::date: return x.dialect.date_literal(b.date);
    case BoundKind::years_after_today:
      return fmt::format("{}", core::civil_from_days(x.today_days).year + static_cast<int>(b.number));
    case BoundKind::days_after_today:
      return x.dialect.date_literal(core::format_iso_date(x.today_days + static_cast<std::int64_t>(b.number)));
    case BoundKind::none: break;
  }
  return "NULL";
}

bool is_date_bound(BoundKind kind) { return kind == BoundKind::date || kind == BoundKind::days_after_today; }

std::string plausible_value(const CheckInstance& c, const DqSqlContext& x, std::string_view comparison) {
  const bool as_dates = is_date_type(c.datatype) || is_date_bound(c.bound.kind);
  const std::string value = as_dates ? x.dialect.date(column(c)) : column(c);
  return count_pair(count_rows(table_alias(c), fmt::format("{} {} {}", value, comparison, bound_sql(c, x))),
                    count_rows(table_alias(c), fmt::format("{} IS NOT NULL", column(c))));
}

std::string birth_date(const DqSqlContext& x) {
  return fmt::format("COALESCE({}, {})", x.dialect.date("p.birth_datetime"),
                     x.dialect.date_from_parts("p.year_of_birth", "p.month_of_birth", "p.day_of_birth"));
}

std::string plausible_after_birth(const CheckInstance& c, const DqSqlContext& x) {
  const std::string value = column(c);
  return count_pair(
      count_rows(fmt::format("{} JOIN person p ON t.person_id = p.person_id", table_alias(c)),
                 fmt::format("{} IS NOT NULL AND {} < {}", value, x.dialect.date(value), birth_date(x))),
      count_rows(table_alias(c), fmt::format("{} IS NOT NULL", value)));
}

// Events up to 60 days after death are allowed (field_plausible_before_death.sql).
std::string plausible_before_death(const CheckInstance& c, const DqSqlContext& x) {
  const std::string value = column(c);
  const std::string joined = fmt::format("{} JOIN death de ON t.person_id = de.person_id", table_alias(c));
  return count_pair(count_rows(joined, fmt::format("{} IS NOT NULL AND {} > {}", value, x.dialect.date(value),
                                                   x.dialect.add_days(x.dialect.date("de.death_date"), 60))),
                    count_rows(joined, fmt::format("{} IS NOT NULL", value)));
}

std::string plausible_start_before_end(const CheckInstance& c, const DqSqlContext& x) {
  const std::string start = column(c);
  const std::string end = fmt::format("t.{}", c.other_field);
  const std::string both = fmt::format("{} IS NOT NULL AND {} IS NOT NULL", start, end);
  return count_pair(
      count_rows(table_alias(c), fmt::format("{} AND {} > {}", both, x.dialect.date(start), x.dialect.date(end))),
      count_rows(table_alias(c), both));
}

// More than 7 days before the visit's start or after its end.
std::string within_visit_dates(const CheckInstance& c, const DqSqlContext& x) {
  const std::string joined =
      fmt::format("{} JOIN visit_occurrence vo ON t.visit_occurrence_id = vo.visit_occurrence_id", table_alias(c));
  const std::string value = x.dialect.date(column(c));
  return count_pair(
      count_rows(joined, fmt::format("{} < {} OR {} > {}", value,
                                     x.dialect.add_days(x.dialect.date("vo.visit_start_date"), -7), value,
                                     x.dialect.add_days(x.dialect.date("vo.visit_end_date"), 7))),
      count_rows(joined, ""));
}

std::string concept_attribute(const CheckInstance& c, std::string_view attribute, std::string_view expected) {
  return against_all_rows(c, fmt::format("{} JOIN concept co ON {} = co.concept_id", table_alias(c), column(c)),
                          fmt::format("co.concept_id <> 0 AND co.{} <> {}", attribute, sql_string(expected)));
}

std::string person_completeness(const CheckInstance& c) {
  return count_pair(
      count_rows(fmt::format("person p LEFT JOIN {} t ON p.person_id = t.person_id", c.table), "t.person_id IS NULL"),
      count_rows("person p", ""));
}

// Persons with two observation periods that overlap or follow each other without a gap.
std::string observation_period_overlap(const DqSqlContext& x) {
  const auto& d = x.dialect;
  const std::string a_start = d.date("a.observation_period_start_date");
  const std::string a_end = d.date("a.observation_period_end_date");
  const std::string b_start = d.date("b.observation_period_start_date");
  const std::string b_end = d.date("b.observation_period_end_date");
  return count_pair(
      fmt::format("SELECT COUNT(DISTINCT a.person_id) FROM observation_period a JOIN observation_period b "
                  "ON a.person_id = b.person_id AND a.observation_period_id <> b.observation_period_id "
                  "WHERE ({} <= {} AND {} >= {}) OR {} = {} OR {} = {}",
                  a_start, b_end, a_end, b_start, d.add_days(a_end, 1), b_start, d.add_days(b_end, 1), a_start),
      "SELECT COUNT(DISTINCT person_id) FROM observation_period");
}

// 1 when the catalog query finds nothing: a missing table or field is one violation.
std::string missing(std::string_view exists_query) {
  return count_pair(fmt::format("SELECT CASE WHEN ({}) > 0 THEN 0 ELSE 1 END", exists_query), "SELECT 1");
}

}  // namespace

std::optional<std::string> dq_check_sql(const CheckInstance& c, const DqSqlContext& x) {
  const std::string_view name = c.check;
  const std::string value = column(c);
  if (name == "cdmTable") return missing(x.dialect.table_exists(c.table));
  if (name == "cdmField") return missing(x.dialect.column_exists(c.table, c.field));
  if (name == "isRequired" || name == "measureValueCompleteness") {
    return against_all_rows(c, table_alias(c), fmt::format("{} IS NULL", value));
  }
  if (name == "isPrimaryKey") {
    return against_all_rows(
        c, table_alias(c),
        fmt::format("{0} IN (SELECT s.{1} FROM {2} s GROUP BY s.{1} HAVING COUNT(*) > 1)", value, c.field, c.table));
  }
  if (name == "isForeignKey") {
    return against_all_rows(
        c, fmt::format("{} LEFT JOIN {} fk ON {} = fk.{}", table_alias(c), c.fk_table, value, c.fk_field),
        fmt::format("fk.{} IS NULL AND {} IS NOT NULL", c.fk_field, value));
  }
  if (name == "cdmDatatype") return against_all_rows(c, table_alias(c), x.dialect.not_integer(value));
  if (name == "fkDomain") return concept_attribute(c, "domain_id", c.fk_domain);
  if (name == "fkClass") return concept_attribute(c, "concept_class_id", c.fk_class);
  if (name == "standardConceptRecordCompleteness" || name == "sourceConceptRecordCompleteness") {
    return concept_completeness(c, x);
  }
  if (name == "sourceValueCompleteness") return source_value_completeness(c);
  if (name == "plausibleValueLow") return plausible_value(c, x, "<");
  if (name == "plausibleValueHigh") return plausible_value(c, x, ">");
  if (name == "plausibleAfterBirth") return plausible_after_birth(c, x);
  if (name == "plausibleBeforeDeath") return plausible_before_death(c, x);
  if (name == "plausibleStartBeforeEnd") return plausible_start_before_end(c, x);
  if (name == "withinVisitDates") return within_visit_dates(c, x);
  if (name == "measurePersonCompleteness") return person_completeness(c);
  if (name == "measureObservationPeriodOverlap") return observation_period_overlap(x);
  return std::nullopt;
}

}  // namespace oncoshare::omop
