#include "fhir/patient_converter.hpp"

#include <fmt/format.h>

#include "fhir/detail/patient_context.hpp"
#include "fhir/patient_identity.hpp"
#include "fhir/uuid.hpp"

namespace oncoshare::fhir {

using detail::Cell;
using detail::Item;
using detail::PatientContext;

void ConversionStats::warn(core::Error warning) {
  ++warnings;
  if (first_warnings.size() < kKeptWarnings) first_warnings.push_back(std::move(warning));
}

namespace {

// The checkbox variable an unknown column `<var>___<code>` belongs to, or -1: the reader
// keeps columns it cannot resolve, and a code the dictionary lacks is such a column.
std::int64_t checkbox_of_unknown_column(const ingest::Column& column, const dictionary::Dictionary& dict) {
  if (column.kind != ingest::ColumnKind::unknown) return -1;
  const std::size_t separator = column.name.find("___");
  if (separator == std::string::npos) return -1;
  const dictionary::Variable* v = dict.find(std::string_view(column.name).substr(0, separator));
  if (v == nullptr || v->type != dictionary::FieldType::checkbox) return -1;
  return v - dict.variables().data();
}

}  // namespace

ExportColumns::ExportColumns(const ingest::Layout& layout, const dictionary::Dictionary& dict)
    : layout_(layout),
      value_(dict.variables().size(), -1),
      complete_(dict.variables().size(), -1),
      checkbox_(dict.variables().size()),
      unknown_checkbox_(dict.variables().size()) {
  std::vector<std::pair<std::string, std::int64_t>> completes;
  for (std::size_t c = 0; c < layout.columns.size(); ++c) {
    const ingest::Column& column = layout.columns[c];
    const auto index = static_cast<std::int64_t>(c);
    if (column.kind == ingest::ColumnKind::field || column.kind == ingest::ColumnKind::record_id) {
      if (column.variable >= 0) value_[column.variable] = index;
    } else if (column.kind == ingest::ColumnKind::checkbox_choice && column.variable >= 0) {
      const dictionary::Variable& v = dict.variables()[column.variable];
      for (std::size_t k = 0; k < v.choices.size(); ++k) {
        if (v.choices[k].code == column.choice_code) checkbox_[column.variable].emplace_back(index, k);
      }
    } else if (column.kind == ingest::ColumnKind::form_complete) {
      completes.emplace_back(column.form, index);
    } else if (const std::int64_t box = checkbox_of_unknown_column(column, dict); box >= 0) {
      unknown_checkbox_[box].push_back(index);
    }
  }
  for (std::size_t i = 0; i < dict.variables().size(); ++i) {
    for (const auto& [form, column] : completes) {
      if (form == dict.variables()[i].form) complete_[i] = column;
    }
  }
}

struct PatientConverter::State {
  const dictionary::Dictionary& dict;
  const ConversionPlan& plan;
  ConvertSettings settings;
  bool has_condition = false;
  std::string buffer;
  PatientContext ctx;
};

PatientConverter::PatientConverter(const dictionary::Dictionary& dict, const ConversionPlan& plan,
                                   ConvertSettings settings)
    : state_(std::make_unique<State>(State{dict, plan, std::move(settings), false, {}, {}})) {
  for (const PlannedVariable& pv : plan.variables) {
    const Role r = pv.target.role;
    if ((r >= Role::condition_code && r <= Role::condition_verification) ||
        (r == Role::observation && pv.target.observation->tnm)) {
      state_->has_condition = true;
    }
  }
}

PatientConverter::~PatientConverter() = default;

const ConvertSettings& PatientConverter::settings() const { return state_->settings; }

namespace {

bool required_when_blank(const dictionary::Variable& v) {
  return (v.mapping.requirement == dictionary::Requirement::minimal ||
          v.mapping.requirement == dictionary::Requirement::mandatory) &&
         v.mapping.mandatory_if.empty();
}

bool produces_item(Role role) {
  return role == Role::observation || role == Role::procedure || role == Role::medication_administration ||
         role == Role::medication_request || role == Role::specimen || role == Role::diagnostic_report ||
         role == Role::secondary_condition;
}

std::string_view resource_type(Role role) {
  switch (role) {
    case Role::observation: return "Observation";
    case Role::procedure: return "Procedure";
    case Role::medication_administration: return "MedicationAdministration";
    case Role::medication_request: return "MedicationRequest";
    case Role::specimen: return "Specimen";
    case Role::diagnostic_report: return "DiagnosticReport";
    default: return "Condition";
  }
}

// Whether `row` holds the variable's form: its `<form>_complete` is filled, or (exports
// without that column) any cell of the variable is.
bool owns(const ExportColumns& columns, const ingest::Record& row, std::size_t variable) {
  const std::int64_t complete = columns.complete(variable);
  if (complete >= 0) return complete < static_cast<std::int64_t>(row.values.size()) && !row.values[complete].empty();
  const std::int64_t column = columns.value(variable);
  if (column >= 0) return column < static_cast<std::int64_t>(row.values.size()) && !row.values[column].empty();
  for (const auto& [c, k] : columns.checkbox(variable)) {
    if (c < static_cast<std::int64_t>(row.values.size()) && !row.values[c].empty()) return true;
  }
  return false;
}

// The birth year a sink may need (see PatientFacts): no warning here, as the Patient
// resource's own birth date reports every problem of the cell.
std::optional<std::int32_t> birth_year(const PatientContext& ctx) {
  const Cell& birth = ctx.single(Role::patient_birth_date);
  if (!birth.present() || birth.value.empty() || privacy::missing_reference(ctx.settings->dates, ctx.dates)) {
    return std::nullopt;
  }
  const core::Result<std::int64_t> day = privacy::transform_day(ctx.settings->dates, ctx.dates, birth.value);
  if (!day || !detail::in_fhir_years(*day)) return std::nullopt;
  return core::civil_from_days(*day).year;
}

// The values of the fact_dates variables, after the date policy (see PatientFacts).
void collect_fact_dates(const PatientContext& ctx, PatientFacts& facts) {
  if (privacy::missing_reference(ctx.settings->dates, ctx.dates)) return;
  for (const std::size_t variable : ctx.settings->fact_dates) {
    const std::int64_t column = ctx.patient->columns->value(variable);
    if (column < 0) continue;
    for (std::size_t r = 0; r < ctx.patient->count; ++r) {
      const ingest::Record& row = ctx.patient->rows[r];
      if (column >= static_cast<std::int64_t>(row.values.size()) || row.values[column].empty()) continue;
      const core::Result<std::int64_t> day = privacy::transform_day(ctx.settings->dates, ctx.dates, row.values[column]);
      if (!day || !detail::in_fhir_years(*day)) {
        ++facts.unreadable_dates;
        continue;
      }
      facts.dates.emplace_back(variable, core::format_iso_date(*day));
    }
  }
}

}  // namespace

core::Status PatientConverter::convert(const PatientRows& patient, std::string_view pseudonym,
                                       std::int32_t shift_days, ResourceSink& sink, ConversionStats& stats) {
  State& s = *state_;
  PatientContext& ctx = s.ctx;
  ctx.dict = &s.dict;
  ctx.settings = &s.settings;
  ctx.patient = &patient;
  ctx.stats = &stats;
  ctx.pseudonym = pseudonym;
  ctx.dates.shift_days = shift_days;
  ctx.dates.reference_value.clear();
  ctx.singles.fill(Cell{});
  ctx.rows.assign(patient.count, {});
  ctx.effective.clear();
  ctx.items.clear();
  ctx.warned.clear();
  ctx.stage_group = nullptr;
  ctx.patient_id = patient_resource_id(pseudonym);
  ctx.condition_id =
      s.has_condition ? uuid_v5(kOncoshareNamespace, fmt::format("{}/Condition/primary", pseudonym)) : std::string();

  const ExportColumns& columns = *patient.columns;
  const std::string& reference_variable = s.settings.dates.reference_variable;
  for (const PlannedVariable& pv : s.plan.variables) {
    const dictionary::Variable& v = s.dict.variables()[pv.variable];
    const std::int64_t column = columns.value(pv.variable);
    const bool checkbox_kind = pv.target.role == Role::observation &&
                               pv.target.observation->shape == ValueShape::checkbox_extensions;
    if (column < 0 && !checkbox_kind) continue;
    for (std::size_t r = 0; r < patient.count; ++r) {
      const ingest::Record& row = patient.rows[r];
      if (!owns(columns, row, pv.variable)) continue;
      const bool inside = column >= 0 && column < static_cast<std::int64_t>(row.values.size());
      const Cell cell{&pv, r, inside ? std::string_view(row.values[column]) : std::string_view()};
      const Role role = pv.target.role;
      if (produces_item(role)) {
        if (cell.value.empty() && !checkbox_kind && !required_when_blank(v)) continue;
        const std::string id = uuid_v5(
            kOncoshareNamespace, fmt::format("{}/{}/{}/{}/{}/{}", pseudonym, resource_type(role), v.name, row.event,
                                             row.repeat_instrument, row.repeat_instance));
        ctx.items.push_back(Item{cell, id});
      } else if (role == Role::period_start) {
        ctx.rows[r].start = cell;
      } else if (role == Role::period_end) {
        ctx.rows[r].end = cell;
      } else if (role == Role::treatment_intent) {
        ctx.rows[r].intent = cell;
      } else if (role == Role::observation_effective) {
        if (!cell.value.empty()) ctx.effective.emplace_back(pv.target.observation, cell);
      } else {
        Cell& single = ctx.singles[static_cast<std::size_t>(role)];
        if (!single.present() || (single.value.empty() && !cell.value.empty())) single = cell;
      }
    }
    if (!reference_variable.empty() && v.name == reference_variable) {
      for (std::size_t r = 0; r < patient.count && column >= 0; ++r) {
        if (column >= static_cast<std::int64_t>(patient.rows[r].values.size())) continue;
        const std::string& value = patient.rows[r].values[column];
        if (privacy::epoch_days(value)) {
          ctx.dates.reference_value = value;
          break;
        }
      }
    }
  }
  for (const Item& item : ctx.items) {
    const ObservationKind* kind = item.cell.planned->target.observation;
    if (kind != nullptr && kind->stage_group && !item.cell.value.empty()) ctx.stage_group = &item;
  }

  ++stats.patients;
  ONCOSHARE_TRY(sink.begin_patient(ctx.patient_id));
  PatientFacts facts{birth_year(ctx)};
  collect_fact_dates(ctx, facts);
  ONCOSHARE_TRY(sink.patient_facts(facts));
  const auto emit = [&](std::string_view type, std::string_view id) -> core::Status {
    ++stats.resources;
    auto it = stats.by_type.find(type);
    if (it == stats.by_type.end()) it = stats.by_type.emplace(std::string(type), 0).first;
    ++it->second;
    return sink.resource(type, id, s.buffer);
  };
  ONCOSHARE_TRY(detail::build_patient(ctx, s.buffer));
  ONCOSHARE_TRY(emit("Patient", ctx.patient_id));
  if (!ctx.condition_id.empty()) {
    ONCOSHARE_TRY(detail::build_condition(ctx, s.buffer));
    ONCOSHARE_TRY(emit("Condition", ctx.condition_id));
  }
  for (const Item& item : ctx.items) {
    std::string_view type;
    ONCOSHARE_TRY(detail::build_item(ctx, item, s.buffer, type));
    ONCOSHARE_TRY(emit(type, item.id));
  }
  return sink.end_patient();
}

}  // namespace oncoshare::fhir
