#include "dictionary/check.hpp"

#include <fmt/format.h>

#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/ascii_case.hpp"
#include "dictionary/logic.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "dictionary/validation.hpp"
#include "dictionary/variable_names.hpp"

namespace oncoshare::dictionary {

namespace {

// Units that appear in parentheses at the end of measurement labels. Date-format hints
// such as "(D-M-Y)" or "(dd/mm/yyyy)" must not match, so "mm" and "d" are left out.
const std::unordered_set<std::string> kUnits{
    "mg", "g", "kg", "ug", "µg", "ng", "dl", "l", "ml", "cm", "m", "m2", "mmol", "umol",
    "µmol", "mol", "iu", "u", "mmhg", "bpm", "kilograms", "grams", "pounds", "lb", "lbs",
    "%", "cells", "mm3", "kg/m2", "gy", "years", "months", "weeks", "days", "hours"};


// The unit named by a label ending in "(...)", if every '/'-separated part is a known unit.
std::string label_unit(std::string_view label) {
  while (!label.empty() && (label.back() == ' ' || label.back() == '\n')) label.remove_suffix(1);
  if (!label.ends_with(')')) return {};
  std::size_t open = label.rfind('(');
  if (open == std::string_view::npos) return {};
  std::string_view inside = label.substr(open + 1, label.size() - open - 2);
  if (inside.empty()) return {};
  std::size_t start = 0;
  while (true) {
    std::size_t slash = inside.find('/', start);
    std::string part = core::ascii_lower(inside.substr(start, slash == std::string_view::npos
                                                      ? std::string_view::npos
                                                      : slash - start));
    if (!kUnits.contains(part)) return {};
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return std::string(inside);
}

bool takes_validation(const Variable& v) {
  switch (v.validation.kind) {
    case ValidationKind::none: return true;
    case ValidationKind::signature: return v.type == FieldType::file;
    case ValidationKind::slider_number: return v.type == FieldType::slider;
    case ValidationKind::autocomplete: return v.type == FieldType::dropdown;
    default: return v.type == FieldType::text;
  }
}

// The field type a validation belongs to, for messages.
std::string_view validated_type(ValidationKind kind) {
  switch (kind) {
    case ValidationKind::signature: return "file";
    case ValidationKind::slider_number: return "slider";
    case ValidationKind::autocomplete: return "dropdown";
    default: return "text";
  }
}

class Checker {
 public:
  explicit Checker(const Dictionary& d) : d_(d) {}

  std::vector<Problem> run() {
    if (d_.variables().empty()) {
      add(Severity::error, core::Location{d_.source()}, "the dictionary has no variables");
      return std::move(problems_);
    }
    check_record_id();
    std::unordered_map<std::string, std::uint64_t> names;
    std::set<std::string> forms_done;
    const Variable* previous = nullptr;
    collect_checkbox_columns();
    for (const Variable& v : d_.variables()) {
      check_name(v);
      auto [first, fresh] = names.emplace(v.name, v.line);
      if (!fresh) error(v, fmt::format("duplicate variable name (first on line {})", first->second));
      if (previous && previous->form != v.form) {
        forms_done.insert(previous->form);
        if (forms_done.contains(v.form)) {
          warning(v, fmt::format("form '{}' continues here after form '{}': REDCap keeps a "
                                 "form's fields together, so the export order will differ",
                                 v.form, previous->form));
        }
      }
      previous = &v;
      check_variable(v);
    }
    return std::move(problems_);
  }

 private:
  void add(Severity s, core::Location where, std::string message) {
    problems_.push_back(Problem{s, std::move(where), std::move(message)});
  }
  core::Location at(const Variable& v) const { return core::Location{d_.source(), v.line, 0, v.name}; }
  void error(const Variable& v, std::string m) { add(Severity::error, at(v), std::move(m)); }
  void warning(const Variable& v, std::string m) { add(Severity::warning, at(v), std::move(m)); }

  void check_record_id() {
    const Variable& first = d_.variables().front();
    if (first.type != FieldType::text) {
      warning(first, fmt::format("the first field is the record ID and should be a text field, "
                                 "not {}", to_string(first.type)));
    }
    const Variable* record_id = d_.find("record_id");
    if (record_id && record_id != &first) {
      warning(*record_id, fmt::format("'record_id' is not the first field; REDCap uses the first "
                                      "field ('{}') as the record ID", first.name));
    }
  }

  // Export columns of checkbox choices, which no other field may be called.
  void collect_checkbox_columns() {
    for (const Variable& v : d_.variables()) {
      if (v.type != FieldType::checkbox) continue;
      for (const Choice& c : v.choices) checkbox_columns_.emplace(checkbox_column(v.name, c.code), &v);
    }
  }

  void check_name(const Variable& v) {
    if (!is_valid_variable_name(v.name)) {
      error(v, fmt::format("invalid variable name '{}': REDCap names start with a lowercase "
                           "letter and contain only lowercase letters, digits and '_'", v.name));
    }
    if (v.name.size() > kMaxVariableNameLength) {
      error(v, fmt::format("variable name is {} characters long; REDCap allows at most {}",
                           v.name.size(), kMaxVariableNameLength));
    }
    if (auto reason = reserved_name_reason(v.name, d_.forms())) {
      error(v, fmt::format("'{}' is a reserved name: {}", v.name, *reason));
    } else if (is_survey_timestamp_column(v.name, d_.forms())) {
      warning(v, fmt::format("'{}' is the column REDCap adds for the survey timestamp when the "
                             "form is a survey", v.name));
    }
    auto column = checkbox_columns_.find(v.name);
    if (column != checkbox_columns_.end() && v.type != FieldType::checkbox) {
      error(v, fmt::format("'{}' is also the export column of a choice of checkbox '{}' (line {})",
                           v.name, column->second->name, column->second->line));
    }
  }

  void check_variable(const Variable& v) {
    if (!v.branching_logic.empty()) check_logic(v.branching_logic, "branching logic", at(v));
    if (v.type == FieldType::calc) {
      if (v.calculation.empty()) error(v, "calc field has no formula");
      else check_logic(v.calculation, "calculation", at(v));
    }
    if (!v.mapping.mandatory_if.empty()) {
      // Rows read from a mapping file point there; mappings built in code point at the
      // variable's dictionary row.
      core::Location where = d_.mapping_source().empty() || v.mapping.line == 0
                                 ? at(v)
                                 : core::Location{d_.mapping_source(), v.mapping.line, 0, v.name};
      if (v.mapping.requirement != Requirement::mandatory) {
        add(Severity::error, where,
            fmt::format("mandatory_if is given but the requirement is '{}', not 'mandatory'",
                        to_string(v.mapping.requirement)));
      }
      check_logic(v.mapping.mandatory_if, "mandatory_if", where);
    }
    check_choices(v);
    check_validation(v);
    if (v.identifier && v.type != FieldType::text && v.type != FieldType::notes &&
        v.type != FieldType::file) {
      warning(v, fmt::format("flagged as identifier but it is a {} field; identifiers are "
                             "usually free text (names, dates, numbers)", to_string(v.type)));
    }
  }

  void check_logic(const std::string& text, std::string_view what,
                   core::Location where) {
    auto parsed = logic::parse(text);
    if (!parsed) {
      where.column = parsed.error().where.column;
      add(Severity::error, where,
          fmt::format("{} does not parse at column {}: {}: '{}'", what, where.column,
                      parsed.error().message, text));
      return;
    }
    for (const logic::FieldRef& ref : parsed->fields()) {
      if (ref.variable.empty()) continue;  // a smart variable on its own: [record-name]
      where.column = ref.column;
      const Variable* target = d_.find(ref.variable);
      if (!target) {
        add(Severity::error, where,
            fmt::format("{} at column {} refers to unknown variable '{}'", what, ref.column,
                        ref.variable));
        continue;
      }
      if (ref.choice_code.empty()) continue;
      if (target->type != FieldType::checkbox) {
        add(Severity::error, where,
            fmt::format("{} at column {} uses [{}({})] but '{}' is a {} field, not a checkbox",
                        what, ref.column, ref.variable, ref.choice_code, ref.variable,
                        to_string(target->type)));
      } else if (!target->find_choice(ref.choice_code)) {
        add(Severity::error, where,
            fmt::format("{} at column {} refers to checkbox code '{}' that '{}' does not have",
                        what, ref.column, ref.choice_code, ref.variable));
      }
    }
  }

  void check_choices(const Variable& v) {
    bool listed = v.type == FieldType::dropdown || v.type == FieldType::radio ||
                  v.type == FieldType::checkbox;
    if (listed && v.choices.empty()) {
      error(v, fmt::format("{} field has no choices", to_string(v.type)));
    }
    std::unordered_set<std::string> codes;
    for (const Choice& c : v.choices) {
      if (!codes.insert(c.code).second) error(v, fmt::format("duplicate choice code '{}'", c.code));
    }
  }

  void check_validation(const Variable& v) {
    const Validation& val = v.validation;
    if (val.kind == ValidationKind::other) {
      warning(v, fmt::format("unknown validation type '{}' (project-defined?); its values "
                             "cannot be checked", val.name));
    } else if (!takes_validation(v)) {
      error(v, fmt::format("validation '{}' applies only to {} fields, not to a {} field",
                           val.name, validated_type(val.kind), to_string(v.type)));
    }
    check_bounds(v);
    if (is_temporal(val.kind)) {
      std::string unit = label_unit(v.label);
      if (!unit.empty()) {
        warning(v, fmt::format("the label '{}' names a unit ({}) but the validation is {}: a "
                               "measurement stored as a date?", v.label, unit, val.name));
      }
    }
  }

  void check_bounds(const Variable& v) {
    // A slider's min/max are its scale, numeric whether or not the value is shown.
    Validation val = v.validation;
    if (v.type == FieldType::slider) val.kind = ValidationKind::number;
    bool usable = (v.type == FieldType::text || v.type == FieldType::slider) &&
                  bound_kind(val.kind) != BoundKind::none;
    bool valid = true;
    for (const auto& [which, value] : {std::pair{"min", &val.min}, std::pair{"max", &val.max}}) {
      if (value->empty()) continue;
      if (!usable) {
        error(v, fmt::format("{} '{}' is given but {} takes no min/max", which, *value,
                             val.name.empty() ? std::string("a field without validation")
                                              : fmt::format("validation '{}'", val.name)));
        valid = false;
      } else if (auto expected = check_bound(val, *value)) {
        error(v, fmt::format("{} '{}' is not valid for {}: expected {}", which, *value,
                             val.name.empty() ? std::string("a slider") : val.name, *expected));
        valid = false;
      }
    }
    if (valid && usable && !val.min.empty() && !val.max.empty()) {
      auto order = compare_bounds(val, val.min, val.max);
      if (order && *order > 0) {
        error(v, fmt::format("min '{}' is greater than max '{}'", val.min, val.max));
      }
    }
  }

  const Dictionary& d_;
  std::vector<Problem> problems_;
  std::unordered_map<std::string, const Variable*> checkbox_columns_;
};

}  // namespace

std::string_view to_string(Severity severity) {
  return severity == Severity::error ? "error" : "warning";
}

std::string Problem::to_string() const {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) out += fmt::format(":{}", where.line);
    out += ": ";
  }
  if (!where.field.empty()) out += fmt::format("field '{}': ", where.field);
  out += fmt::format("{}: {}", dictionary::to_string(severity), message);
  return out;
}

std::vector<Problem> check_dictionary(const Dictionary& dictionary) {
  return Checker(dictionary).run();
}

}  // namespace oncoshare::dictionary
