// How a row's logic is evaluated: the values references and smart variables stand for,
// conditions, and the logic faults met on the way.
#include <algorithm>

#include "core/ascii_case.hpp"
#include "quality/detail/instances.hpp"
#include "quality/detail/record_checker.hpp"
#include "quality/value_checks.hpp"

namespace oncoshare::quality::detail {

using dictionary::FieldType;
using dictionary::Variable;
using ingest::Record;

namespace {

const std::string kBlank;


}  // namespace

const Record* RecordChecker::source_row(const Row& row, const dictionary::logic::FieldRef& ref,
                                       const Variable& v) const {
  if (ref.instance.written()) {
    const auto candidates = instance_rows(rows_, ref.event.empty() ? row.row->event : ref.event, v.form);
    std::uint32_t wanted = ref.instance.number;
    if (wanted == 0) {
      const bool on_instance = std::find(candidates.begin(), candidates.end(), row.row) != candidates.end();
      std::vector<std::uint32_t> numbers;
      for (const Record* r : candidates) numbers.push_back(r->repeat_instance);
      wanted = dictionary::logic::is_instance(ref.instance.relative)
                   ? pick_instance(ref.instance.relative, on_instance ? row.row->repeat_instance : 0, numbers)
                   : 0;
    }
    for (const Record* r : candidates) {
      if (r->repeat_instance == wanted) return r;
    }
    return nullptr;
  }
  if (!ref.event.empty()) {
    const Record* source = nullptr;
    for (const Record& r : rows_) {
      if (r.event == ref.event && r.repeat_instrument.empty()) source = &r;
    }
    return source;
  }
  if (row.row->repeat_instrument == v.form || (row.row->repeat_instrument.empty() && row.row->repeat_instance > 0)) {
    return row.row;
  }
  return row.base;
}

const std::string& RecordChecker::checkbox_cell(const Record& source, std::size_t variable,
                                                std::string_view code) const {
  for (std::size_t c : file_->columns->checkbox[variable]) {
    if (core::ascii_iequals(file_->layout->columns[c].choice_code, code)) return source.values[c];
  }
  return kBlank;
}

std::string RecordChecker::smart_value(const Row& row, dictionary::logic::SmartVariable smart) const {
  using dictionary::logic::SmartVariable;
  const Record& r = *row.row;
  switch (smart) {
    case SmartVariable::record_name: return r.record_id;
    case SmartVariable::record_dag_name: return r.data_access_group;
    case SmartVariable::event_name: return r.event;
    case SmartVariable::arm_number: return arm_number(r.event);
    default: break;
  }
  if (!dictionary::logic::is_instance(smart) || r.repeat_instance == 0) return {};
  std::vector<std::uint32_t> numbers;
  for (const Record* other : instance_rows(rows_, r.event, r.repeat_instrument)) {
    numbers.push_back(other->repeat_instance);
  }
  const std::uint32_t instance = pick_instance(smart, r.repeat_instance, numbers);
  return instance == 0 ? std::string() : std::to_string(instance);
}

std::string RecordChecker::resolve(const Row& row, const dictionary::logic::FieldRef& ref) const {
  if (ref.smart != dictionary::logic::SmartVariable::none) return smart_value(row, ref.smart);
  const Variable* v = find(ref.variable);
  if (!v) return {};
  const Record* source = source_row(row, ref, *v);
  if (!source) return {};
  const auto index = static_cast<std::size_t>(v - dict_.variables().data());
  const std::int64_t c = file_->columns->field[index];
  const std::string& raw = c < 0 || v->type == FieldType::checkbox ? kBlank : source->values[static_cast<std::size_t>(c)];
  if (!ref.modifiers.empty()) {
    return dictionary::logic::piped_text(*v, ref, raw, [&](std::string_view code) {
      return checkbox_cell(*source, index, code) == "1";
    });
  }
  if (v->type == FieldType::checkbox) return ref.choice_code.empty() ? kBlank : checkbox_cell(*source, index, ref.choice_code);
  return raw;
}

dictionary::logic::Resolver RecordChecker::resolver(const Row& row) const {
  return [this, &row](const dictionary::logic::FieldRef& ref) -> std::optional<std::string> {
    if (ref.smart == dictionary::logic::SmartVariable::none && !find(ref.variable)) return std::nullopt;
    return resolve(row, ref);
  };
}

RecordChecker::Truth RecordChecker::condition(const Row& row, const std::optional<dictionary::logic::Expression>& e,
                                              bool not_checkable) const {
  if (not_checkable) return Truth::unknown;
  if (!e) return Truth::yes;  // no condition: always
  const std::optional<bool> holds = test(row, *e);
  if (!holds) return Truth::unknown;
  return *holds ? Truth::yes : Truth::no;
}

std::optional<bool> RecordChecker::test(const Row& row, const dictionary::logic::Expression& e) const {
  core::Result<bool> result = e.test(resolver(row), eval_);
  if (!result) {
    note_fault(row, e, result.error());
    return std::nullopt;
  }
  return *result;
}

void RecordChecker::note_fault(const Row& row, const dictionary::logic::Expression& e, const core::Error& error) const {
  EvaluationFault& fault = faults_[&e];
  if (fault.rows++ > 0) return;
  fault.file = *file_->file;
  fault.line = row.row->line;
  fault.column = error.where.column;
}

bool RecordChecker::inputs_usable(const Row& row, const dictionary::logic::Expression& e) const {
  for (const auto& ref : e.fields()) {
    const std::string value = resolve(row, ref);
    if (value.empty() || is_missing_code(value)) return false;
    const Variable* v = find(ref.variable);
    if (v && v->type == FieldType::text && check_datatype(v->validation, value)) return false;
  }
  return true;
}

}  // namespace oncoshare::quality::detail
