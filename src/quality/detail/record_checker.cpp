#include "quality/detail/record_checker.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "dictionary/logic/value.hpp"
#include "quality/value_checks.hpp"

namespace oncoshare::quality::detail {

using dictionary::FieldType;
using dictionary::Variable;
using ingest::Record;

namespace {

const std::string kChecked = "1";  // what a hidden checkbox failure reports as its value

// Digits after the decimal separator of a plain number ("35.40" -> 2).
int decimals_of(std::string_view text) {
  const std::size_t dot = text.find('.');
  if (dot == std::string_view::npos) return 0;
  int n = 0;
  for (std::size_t i = dot + 1; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) ++n;
  return n;
}

}  // namespace

void ColumnStats::add(double x) {
  ++n;
  const double delta = x - mean;
  mean += delta / static_cast<double>(n);
  m2 += delta * (x - mean);
}

double ColumnStats::sd() const { return n < 2 ? 0.0 : std::sqrt(m2 / static_cast<double>(n - 1)); }

RecordChecker::RecordChecker(const dictionary::Dictionary& dict, Plan& plan, const QualityOptions& options)
    : dict_(dict), plan_(plan), options_(options) {
  eval_.today = options.today;
  eval_.missing_codes = options.missing_codes;
  for (const CheckResult& c : plan.checks) {
    const Variable* v = dict.find(c.variable);
    const std::int32_t vp = v ? plan.variable_plan[static_cast<std::size_t>(v - dict.variables().data())] : -1;
    check_form_.push_back(vp < 0 ? 0 : plan.variables[static_cast<std::size_t>(vp)].form);
  }
  index_.reserve(dict.variables().size());
  for (std::size_t i = 0; i < dict.variables().size(); ++i) index_.emplace(dict.variables()[i].name, i);
}

const Variable* RecordChecker::find(std::string_view name) const {
  const auto it = index_.find(name);
  return it == index_.end() ? nullptr : &dict_.variables()[it->second];
}

bool RecordChecker::is_missing_code(const std::string& value) const {
  for (const std::string& code : options_.missing_codes) {
    if (value == code) return true;
  }
  return false;
}

void RecordChecker::count(std::int32_t check, bool passed) {
  CheckResult& c = plan_.checks[static_cast<std::size_t>(check)];
  ++c.evaluated;
  tally_->add(c.family, passed);
  (*form_tallies_)[check_form_[static_cast<std::size_t>(check)]].add(c.family, passed);
}

template <class Message>
void RecordChecker::record(const Row& row, std::int32_t check, bool passed, std::size_t column,
                           const std::string& value, Message&& message) {
  count(check, passed);
  if (!passed) fail(row, check, column, value, message());
}

void RecordChecker::fail(const Row& row, std::int32_t check, std::size_t column, const std::string& value,
                         std::string message) {
  CheckResult& c = plan_.checks[static_cast<std::size_t>(check)];
  ++c.failed;
  failed_checks_->push_back(static_cast<std::size_t>(check));
  Failure f;
  f.check = static_cast<std::size_t>(check);
  f.check_id = c.id;
  f.family = c.family;
  f.severity = c.severity;
  f.site = row.row->data_access_group;
  f.record_id = row.row->record_id;
  f.event = row.row->event;
  f.repeat_instrument = row.row->repeat_instrument;
  f.repeat_instance = row.row->repeat_instance;
  f.file = *file_->file;
  f.line = row.row->line;
  f.column = file_->layout->columns[column].name;
  f.value = value;
  f.message = std::move(message);
  (*sink_)(f);
  if (c.failures.size() < kFailuresPerCheck) c.failures.push_back(std::move(f));
}

void RecordChecker::check(std::span<const Record> rows, const FileContext& file, const FailureSink& sink,
                          Tally& tally, std::vector<Tally>& form_tallies, std::vector<std::size_t>& failed_checks) {
  rows_ = rows;
  file_ = &file;
  sink_ = &sink;
  tally_ = &tally;
  form_tallies_ = &form_tallies;
  failed_checks_ = &failed_checks;
  for (const Record& r : rows) {
    Row row{&r, nullptr};
    for (const Record& b : rows) {
      if (b.repeat_instrument.empty() && b.repeat_instance == 0 && b.event == r.event) {
        row.base = &b;
        break;
      }
    }
    check_row(row);
  }
}

void RecordChecker::check_row(const Row& row) {
  // Which forms are on this row: a repeat instrument's row holds only that form; other rows
  // hold the forms with any non-blank column (field, checkbox choice or form status).
  const auto& forms = dict_.forms();
  present_.assign(forms.size(), 0);
  for (std::size_t f = 0; f < forms.size(); ++f) {
    if (!row.row->repeat_instrument.empty()) {
      present_[f] = forms[f].name == row.row->repeat_instrument;
      continue;
    }
    for (std::size_t c : file_->columns->form_columns[f]) {
      if (!row.row->values[c].empty()) {
        present_[f] = 1;
        break;
      }
    }
  }
  for (const VariablePlan& p : plan_.variables) {
    if (present_[p.form]) check_variable(row, p);
  }
  check_rules(row);
}

void RecordChecker::check_variable(const Row& row, const VariablePlan& p) {
  const Variable& v = dict_.variables()[p.variable];
  const auto& values = row.row->values;
  const bool checkbox = v.type == FieldType::checkbox;
  const std::int64_t field_column = file_->columns->field[p.variable];
  const auto& boxes = file_->columns->checkbox[p.variable];
  if (checkbox ? boxes.empty() : field_column < 0) return;
  const std::size_t column = checkbox ? boxes.front() : static_cast<std::size_t>(field_column);
  const std::string& value = values[column];
  bool filled = !value.empty();
  if (checkbox) {
    filled = false;
    for (std::size_t c : boxes) {
      ++cells_;
      filled = filled || values[c] == "1";
      if (p.checkbox != kNoCheck && !values[c].empty()) {
        const bool ok = values[c] == "0" || values[c] == "1";
        record(row, p.checkbox, ok, c, values[c], [] { return std::string("checkbox value is not 0 or 1"); });
      }
    }
  } else {
    ++cells_;
  }

  const Truth shown = condition(row, p.branching, p.branching_unknown);
  if (p.hidden != kNoCheck && shown != Truth::unknown) {
    const bool ok = shown == Truth::yes || !filled;
    record(row, p.hidden, ok, column, checkbox ? kChecked : value,
           [&] { return fmt::format("has a value but its branching logic is false: {}", v.branching_logic); });
  }
  if (p.completeness != kNoCheck && shown == Truth::yes) {
    if (condition(row, p.mandatory_if, p.mandatory_if_unknown) == Truth::yes) {
      record(row, p.completeness, filled, column, value, [&] {
        const CheckResult& c = plan_.checks[static_cast<std::size_t>(p.completeness)];
        std::string message = c.family == Family::completeness_minimal     ? "minimal variable is blank"
                              : c.family == Family::completeness_mandatory ? "mandatory variable is blank"
                                                                           : "required field is blank";
        if (p.mandatory_if) message += fmt::format(" (mandatory_if {})", v.mapping.mandatory_if);
        return message;
      });
    }
  }
  if (checkbox) return;
  if (value.empty()) {
    if (p.calc != kNoCheck) check_calc(row, p, value, column);
    return;
  }
  if (p.missing != kNoCheck) {
    const bool missing = is_missing_code(value);
    record(row, p.missing, !missing, column, value, [&] { return fmt::format("missing-data code '{}'", value); });
    if (missing) return;
  }
  bool conforms = true;
  if (p.datatype != kNoCheck) {
    std::optional<std::string> problem = check_datatype(v.validation, value);
    conforms = !problem;
    record(row, p.datatype, conforms, column, value, [&] { return std::move(*problem); });
  }
  if (p.length != kNoCheck) {
    const std::size_t n = code_points(value);
    const bool ok = n <= *v.mapping.max_length;
    record(row, p.length, ok, column, value,
           [&] { return fmt::format("{} characters, more than max_length {}", n, *v.mapping.max_length); });
  }
  if (p.permissible != kNoCheck) {
    const bool slider = v.type == FieldType::slider;
    bool ok = false;
    if (slider) {
      const auto n = dictionary::logic::parse_number(value);
      ok = n && *n >= p.slider_min && *n <= p.slider_max;
    } else {
      ok = v.find_choice(value) != nullptr;
    }
    record(row, p.permissible, ok, column, value, [&] {
      if (slider) return fmt::format("not a slider value in {}..{}", p.slider_min, p.slider_max);
      std::vector<std::string_view> codes;
      for (const auto& choice : v.choices) codes.push_back(choice.code);
      return fmt::format("not one of the codes {}", fmt::join(codes, ", "));
    });
  }
  if (!conforms) return;
  const bool outlier = p.outlier != kNoCheck && p.variable < stats_.size();
  // One parse of the value serves both the range and the outlier check.
  const std::optional<double> x =
      p.range != kNoCheck || outlier ? comparable(v.validation, value, options_.today) : std::nullopt;
  if (p.range != kNoCheck) {  // a value that is not comparable passes, as check_range says
    std::optional<std::string> problem = x ? check_range(v.validation, *x, p.bounds) : std::nullopt;
    record(row, p.range, !problem, column, value, [&] { return std::move(*problem); });
  }
  if (outlier) {
    const ColumnStats& s = stats_[p.variable];
    if (x && s.n >= 2) {
      const double z = s.sd() > 0 ? std::abs(*x - s.mean) / s.sd() : 0;
      const bool ok = z <= options_.outlier_sd;
      record(row, p.outlier, ok, column, value, [&] { return fmt::format("{:.1f} SD from the mean {:.4g}", z, s.mean); });
    }
  }
  if (p.calc != kNoCheck) check_calc(row, p, value, column);
}

void RecordChecker::check_calc(const Row& row, const VariablePlan& p, const std::string& stored,
                               std::size_t column) {
  if (p.calc_needs_today && options_.today.empty()) return;  // not applicable
  if (!inputs_usable(row, *p.calculation)) return;
  core::Result<dictionary::logic::Value> value = p.calculation->evaluate(resolver(row), eval_);
  if (!value) note_fault(row, *p.calculation, value.error());
  if (!value || value->is_blank()) return;
  const std::string expected = dictionary::logic::format_value(*value);
  bool ok = stored == expected;
  const auto s = dictionary::logic::parse_number(stored);
  const auto r = dictionary::logic::as_number(*value);
  if (!ok && s && r) {
    // REDCap may store a calculation rounded to the decimals it shows.
    const int d = decimals_of(stored);
    const double scale = std::pow(10.0, d);
    ok = std::abs(*s - *r) <= 1e-9 * std::max(1.0, std::abs(*r)) ||
         (d > 0 && std::abs(*s - std::round(*r * scale) / scale) <= 1e-9 * std::max(1.0, std::abs(*r)));
  }
  record(row, p.calc, ok, column, stored, [&] {
    return fmt::format("stored {} but the calculation gives {}", stored.empty() ? "blank" : stored, expected);
  });
}

void RecordChecker::check_rules(const Row& row) {
  for (std::size_t i = 0; i < plan_.rules.size(); ++i) {
    const Rule& rule = plan_.rules[i];
    if (plan_.rule_checks[i] == kNoCheck) continue;  // not checkable, listed in the report
    const std::int32_t vp = plan_.variable_plan[rule.variable];
    if (vp < 0 || !present_[plan_.variables[static_cast<std::size_t>(vp)].form]) continue;
    if (!inputs_usable(row, rule.logic)) continue;
    const std::optional<bool> holds = test(row, rule.logic);
    if (!holds) continue;
    const std::int64_t column = file_->columns->field[rule.variable];
    if (column < 0) continue;
    const std::size_t c = static_cast<std::size_t>(column);
    record(row, plan_.rule_checks[i], *holds, c, row.row->values[c], [&] {
      std::vector<std::string> parts;
      for (const auto& ref : rule.logic.fields()) {
        parts.push_back(fmt::format("{}={}", dictionary::logic::to_string(ref), resolve(row, ref)));
      }
      return fmt::format("rule {} is false: {} ({})", rule.id, rule.logic.text(), fmt::join(parts, ", "));
    });
  }
}

void RecordChecker::collect_stats(std::span<const Record> rows, const FileContext& file,
                                  std::vector<ColumnStats>& stats) {
  for (const VariablePlan& p : plan_.variables) {
    if (p.outlier == kNoCheck) continue;
    const Variable& v = dict_.variables()[p.variable];
    const std::int64_t c = file.columns->field[p.variable];
    if (c < 0) continue;
    for (const Record& r : rows) {
      const std::string& value = r.values[static_cast<std::size_t>(c)];
      if (value.empty() || is_missing_code(value) || check_datatype(v.validation, value)) continue;
      if (const auto x = comparable(v.validation, value, options_.today)) stats[p.variable].add(*x);
    }
  }
}

}  // namespace oncoshare::quality::detail
