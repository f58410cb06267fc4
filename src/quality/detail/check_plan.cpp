#include "quality/detail/check_plan.hpp"

#include <fmt/format.h>

#include "dictionary/choices.hpp"
#include "dictionary/logic/value.hpp"
#include "dictionary/validation.hpp"
#include "quality/value_checks.hpp"

namespace oncoshare::quality::detail {

namespace {

using dictionary::FieldType;
using dictionary::Variable;

std::size_t form_index(const dictionary::Dictionary& dict, const std::string& form) {
  for (std::size_t f = 0; f < dict.forms().size(); ++f) {
    if (dict.forms()[f].name == form) return f;
  }
  return 0;
}

// The reason `e` cannot be checked against an export, if it cannot.
std::optional<NotCheckable> session_only(const dictionary::logic::Expression& e) {
  const dictionary::logic::FieldRef* ref = e.needs_session();
  if (!ref) return std::nullopt;
  return NotCheckable{.column = ref->column, .reason = dictionary::logic::not_checkable_message(*ref)};
}

// Parses one piece of a variable's logic. Logic that does not parse, needs a session smart
// variable or names a field the dictionary lacks goes to `plan.not_checkable` and yields
// nullopt with `unknown` set: the checks it drives are left out rather than the run stopped.
std::optional<dictionary::logic::Expression> usable_logic(const dictionary::Dictionary& dict, const Variable& v,
                                                          const std::string& text, std::string_view what,
                                                          Plan& plan, bool& unknown) {
  unknown = false;
  if (dictionary::trim(text).empty()) return std::nullopt;
  core::Result<dictionary::logic::Expression> parsed = dictionary::logic::parse(text);
  std::optional<NotCheckable> problem;
  if (!parsed) {
    problem = NotCheckable{.column = parsed.error().where.column,
                           .reason = fmt::format("does not parse: {}", parsed.error().message)};
  } else {
    problem = session_only(*parsed);
    for (const dictionary::logic::FieldRef& ref : parsed->fields()) {
      if (problem) break;
      if (!ref.variable.empty() && !dict.find(ref.variable)) {
        problem = NotCheckable{.column = ref.column,
                               .reason = fmt::format("{} names a field the dictionary does not define",
                                                     dictionary::logic::to_string(ref))};
      }
    }
  }
  if (!problem) return std::move(*parsed);
  problem->file = dict.source();
  problem->line = v.line;
  problem->field = v.name;
  problem->logic = std::string(what);
  plan.not_checkable.push_back(std::move(*problem));
  unknown = true;
  return std::nullopt;
}

bool mentions_today(std::string_view text) {
  for (std::string_view word : {"'today'", "\"today\"", "'now'", "\"now\""}) {
    if (text.find(word) != std::string_view::npos) return true;
  }
  return false;
}

class Builder {
 public:
  Builder(Plan& plan, const QualityOptions& options) : plan_(plan), options_(options) {}
  std::int32_t add(Family family, const Variable& v, std::string description, std::string rule = {},
                   std::string severity = "error") {
    CheckResult c;
    c.id = id_prefix(family) + "." + v.name;
    c.family = family;
    c.severity = std::move(severity);
    c.description = std::move(description);
    c.rule = std::move(rule);
    c.variable = v.name;
    c.form = v.form;
    c.threshold = options_.thresholds[static_cast<std::size_t>(family)];
    plan_.checks.push_back(std::move(c));
    return static_cast<std::int32_t>(plan_.checks.size() - 1);
  }

 private:
  Plan& plan_;
  const QualityOptions& options_;
};

}  // namespace

core::Result<Plan> make_plan(const dictionary::Dictionary& dict, const QualityOptions& options) {
  Plan plan;
  Builder b(plan, options);
  plan.variable_plan.assign(dict.variables().size(), -1);
  for (std::size_t i = 0; i < dict.variables().size(); ++i) {
    const Variable& v = dict.variables()[i];
    if (!v.exported()) continue;
    VariablePlan p;
    p.variable = i;
    p.form = form_index(dict, v.form);
    p.branching = usable_logic(dict, v, v.branching_logic, "branching logic", plan, p.branching_unknown);
    p.mandatory_if = usable_logic(dict, v, v.mapping.mandatory_if, "mandatory_if", plan, p.mandatory_if_unknown);

    using dictionary::Requirement;
    if (v.mapping.requirement == Requirement::minimal) {
      p.completeness = b.add(Family::completeness_minimal, v, "minimal variable is filled");
    } else if (v.mapping.requirement == Requirement::mandatory) {
      p.completeness = b.add(Family::completeness_mandatory, v, "mandatory variable is filled",
                             v.mapping.mandatory_if);
    } else if (v.required) {
      p.completeness = b.add(Family::completeness_required, v, "required field is filled");
    }
    if (p.branching) {
      p.hidden = b.add(Family::branching_hidden_value, v, "blank while hidden by its branching logic",
                       v.branching_logic);
    }
    const bool text = v.type == FieldType::text;
    if (!options.missing_codes.empty() && v.type != FieldType::checkbox && v.type != FieldType::calc &&
        i != 0) {
      p.missing = b.add(Family::missing_code, v, "value is not a missing-data code", {}, "warning");
    }
    if (text && has_datatype_check(v.validation.kind)) {
      p.datatype = b.add(Family::conformance_datatype, v, fmt::format("value matches validation {}", v.validation.name));
    }
    if (v.mapping.max_length) {
      p.length = b.add(Family::conformance_length, v, fmt::format("at most {} characters", *v.mapping.max_length));
    }
    switch (v.type) {
      case FieldType::dropdown: case FieldType::radio: case FieldType::yesno: case FieldType::truefalse:
        p.permissible = b.add(Family::conformance_permissible, v, "value is one of the choice codes");
        break;
      case FieldType::slider: {
        const auto min = dictionary::logic::parse_number(v.validation.min);
        const auto max = dictionary::logic::parse_number(v.validation.max);
        p.slider_min = min.value_or(0);
        p.slider_max = max.value_or(100);
        p.permissible = b.add(Family::conformance_permissible, v,
                              fmt::format("slider value is a number in {}..{}", p.slider_min, p.slider_max));
        break;
      }
      case FieldType::checkbox:
        p.checkbox = b.add(Family::conformance_checkbox, v, "checkbox columns hold 0 or 1");
        break;
      default:
        break;
    }
    const bool bounded = dictionary::bound_kind(v.validation.kind) != dictionary::BoundKind::none;
    if (text && bounded && (!v.validation.min.empty() || !v.validation.max.empty())) {
      p.bounds = range_bounds(v.validation, options.today);
      p.range = b.add(Family::plausibility_range, v,
                      fmt::format("value within [{}, {}]", v.validation.min, v.validation.max));
    }
    if (v.type == FieldType::calc && !dictionary::trim(v.calculation).empty()) {
      bool unknown = false;
      p.calculation = usable_logic(dict, v, v.calculation, "calculation", plan, unknown);
      p.calc_needs_today = mentions_today(v.calculation);
      if (p.calculation) {
        p.calc = b.add(Family::plausibility_calc, v, "stored value equals the recomputed calculation",
                       v.calculation);
      }
    }
    const auto bound = dictionary::bound_kind(v.validation.kind);
    if (options.outlier_sd > 0 && text &&
        (bound == dictionary::BoundKind::integer || bound == dictionary::BoundKind::number)) {
      p.outlier = b.add(Family::plausibility_outlier, v,
                        fmt::format("within {} SD of the mean", options.outlier_sd), {}, "warning");
    }
    plan.variable_plan[i] = static_cast<std::int32_t>(plan.variables.size());
    plan.variables.push_back(std::move(p));
  }
  if (!options.rules.empty()) {
    core::Result<std::vector<Rule>> rules = read_rules(options.rules, dict);
    if (!rules) return core::fail(rules.error());
    plan.rules = std::move(*rules);
    for (const Rule& rule : plan.rules) {
      if (std::optional<NotCheckable> problem = session_only(rule.logic)) {
        problem->file = options.rules;
        problem->line = rule.line;
        problem->field = rule.id;
        problem->logic = "rule";
        plan.not_checkable.push_back(std::move(*problem));
        plan.rule_checks.push_back(kNoCheck);
        continue;
      }
      const Variable& v = dict.variables()[rule.variable];
      CheckResult c;
      c.id = id_prefix(rule.family) + "." + rule.id;
      c.family = rule.family;
      c.severity = rule.severity;
      c.description = rule.description;
      c.rule = rule.logic.text();
      c.variable = v.name;
      c.form = v.form;
      c.threshold = options.thresholds[static_cast<std::size_t>(rule.family)];
      plan.checks.push_back(std::move(c));
      plan.rule_checks.push_back(static_cast<std::int32_t>(plan.checks.size() - 1));
    }
  }
  return plan;
}

ColumnMap map_columns(const dictionary::Dictionary& dict, const ingest::Layout& layout) {
  ColumnMap map;
  map.field.assign(dict.variables().size(), -1);
  map.checkbox.assign(dict.variables().size(), {});
  map.form_columns.assign(dict.forms().size(), {});
  for (std::size_t c = 0; c < layout.columns.size(); ++c) {
    const ingest::Column& col = layout.columns[c];
    if (col.kind == ingest::ColumnKind::record_id) {
      map.field[0] = static_cast<std::int64_t>(c);  // checked, but it does not make a form present
      continue;
    }
    if (col.kind == ingest::ColumnKind::field && col.variable >= 0) {
      map.field[static_cast<std::size_t>(col.variable)] = static_cast<std::int64_t>(c);
    } else if (col.kind == ingest::ColumnKind::checkbox_choice && col.variable >= 0) {
      map.checkbox[static_cast<std::size_t>(col.variable)].push_back(c);
    } else if (col.kind != ingest::ColumnKind::form_complete) {
      continue;
    }
    for (std::size_t f = 0; f < dict.forms().size(); ++f) {
      if (dict.forms()[f].name == col.form) map.form_columns[f].push_back(c);
    }
  }
  return map;
}

}  // namespace oncoshare::quality::detail
