// The OHDSI Data Quality Dashboard 5.4 checks as data: every check type with its Kahn
// placement, and every check instance (a check type applied to one table, field or
// concept) with its threshold and parameters. Generated from the DQD control files by
// scripts/generate-omop-checks into generated/dqd54_checks.inc, which is committed.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace oncoshare::omop {

enum class CheckLevel : std::uint8_t { table, field, concept_level };

[[nodiscard]] std::string_view level_name(CheckLevel level);  // "TABLE", "FIELD", "CONCEPT"

// How a plausibleValueLow/High bound is written in the control file: a number (1850), a
// date literal ('19500101'), or relative to the day the checks run (YEAR(GETDATE())+1,
// DATEADD(dd,1,GETDATE())).
enum class BoundKind : std::uint8_t { none, number, date, years_after_today, days_after_today };

struct PlausibleBound {
  BoundKind kind = BoundKind::none;
  double number = 0;      // the value (number), or the offset in years or days (relative kinds)
  std::string_view date;  // YYYY-MM-DD (date)
  std::string_view text;  // as the control file writes it, for descriptions
};

struct CheckDescription {
  std::string_view name;
  CheckLevel level = CheckLevel::table;
  std::string_view kahn_context;
  std::string_view kahn_category;
  std::string_view kahn_subcategory;  // "" when the category has none
  std::string_view severity;          // fatal, convention, characterization
  std::string_view description;       // with @cdmTableName-style placeholders
};

struct CheckInstance {
  std::string_view check;
  CheckLevel level = CheckLevel::table;
  std::string_view table;     // lower case
  std::string_view field;     // lower case; "" for table checks
  std::string_view datatype;  // the field's cdmDatatype ("integer", "date", "varchar(50)")
  bool has_threshold = false;
  double threshold = 0;       // % of violating rows allowed
  std::string_view fk_table;  // isForeignKey (lower case)
  std::string_view fk_field;
  std::string_view fk_domain;  // fkDomain
  std::string_view fk_class;   // fkClass
  // plausibleStartBeforeEnd: the end field; sourceValueCompleteness: the standard concept field.
  std::string_view other_field;
  PlausibleBound bound;              // plausibleValueLow / plausibleValueHigh
  std::string_view concept_id;       // concept-level checks
  std::string_view unit_concept_id;  // concept-level checks, "" when none
};

// Every check type of Check_Descriptions.csv, in its order.
[[nodiscard]] std::span<const CheckDescription> dq_check_descriptions();
// Every check instance the control files' evaluation filters select: table checks, then
// field checks, then concept checks, each in the control files' row order.
[[nodiscard]] std::span<const CheckInstance> dq_check_instances();
// The description of `check`, or nullptr.
[[nodiscard]] const CheckDescription* find_check_description(std::string_view check);

}  // namespace oncoshare::omop
