// Resources made one per value: Observations (mCODE staging, tumour markers, grade, ...),
// Procedures, medication administrations and requests, specimens, reports, secondary
// cancers.
#include <fmt/format.h>

#include <optional>

#include "fhir/detail/patient_context.hpp"
#include "fhir/resource_json.hpp"

namespace oncoshare::fhir::detail {

namespace {

using dictionary::ValidationKind;

constexpr std::string_view kObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
constexpr std::string_view kSnomed = "http://snomed.info/sct";

bool is_number_kind(const dictionary::Variable& v) {
  const ValidationKind k = v.validation.kind;
  return k == ValidationKind::integer || k == ValidationKind::number || k == ValidationKind::number_comma_decimal ||
         v.type == dictionary::FieldType::calc || v.type == dictionary::FieldType::slider;
}

bool is_date_kind(const dictionary::Variable& v) {
  const ValidationKind k = v.validation.kind;
  return k >= ValidationKind::date_ymd && k <= ValidationKind::datetime_seconds_dmy;
}

ValueShape resolve_shape(const ObservationKind& kind, const dictionary::Variable& v) {
  if (kind.shape != ValueShape::infer) return kind.shape;
  if (!v.choices.empty()) return ValueShape::codeable;
  if (is_number_kind(v)) return ValueShape::quantity;
  if (is_date_kind(v)) return ValueShape::date_time;
  return ValueShape::string;
}

void absent(const PatientContext& ctx, JsonWriter& w, std::string_view code) {
  ++ctx.stats->absent_values;
  write_absent_value(w, code);
}

// valueQuantity (or its absent reason) under `key`.
void write_quantity(const PatientContext& ctx, JsonWriter& w, std::string_view key, const Cell& cell) {
  std::string number;
  if (!normalise_decimal(cell.value, number)) {
    ctx.warn(cell, "not a number; written as data absent (error)");
    absent(ctx, w, "error");
    return;
  }
  const std::string& unit = ctx.variable(cell).mapping.unit;
  w.begin_object(key);
  w.field_literal("value", number);
  if (!unit.empty()) {
    w.field("unit", unit);
    w.field("system", kUcum);
    w.field("code", unit);
  }
  w.end_object();
}

core::Status write_value(const PatientContext& ctx, JsonWriter& w, const ObservationKind& kind, const Cell& cell) {
  const dictionary::Variable& v = ctx.variable(cell);
  const ValueShape shape = resolve_shape(kind, v);
  if (shape == ValueShape::checkbox_extensions) return {};  // written as extensions
  if (shape == ValueShape::component_quantity) {
    w.begin_array("component");
    w.begin_object();
    write_concept(w, "code", {"http://loinc.org", "33728-7", "Size.maximum dimension in Tumor"});
    if (cell.value.empty() || ctx.withheld(cell)) {
      absent(ctx, w, cell.value.empty() ? "unknown" : "masked");
    } else {
      write_quantity(ctx, w, "valueQuantity", cell);
    }
    w.end_object();
    w.end_array();
    return {};
  }
  if (cell.value.empty()) {
    absent(ctx, w, "unknown");
    return {};
  }
  if (ctx.withheld(cell)) {
    absent(ctx, w, "masked");
    return {};
  }
  const dictionary::Choice* choice = nullptr;
  const bool coded =
      shape == ValueShape::integer_interpretation || (shape == ValueShape::codeable && !v.choices.empty());
  if (coded) {
    core::Result<const dictionary::Choice*> c = ctx.choice(cell);
    if (!c) return c.error();
    if (*c == nullptr) {
      // Observations say why the value is missing in dataAbsentReason, not inside value[x].
      absent(ctx, w, "error");
      return {};
    }
    choice = *c;
  }
  switch (shape) {
    case ValueShape::codeable:
      if (choice != nullptr) {
        write_concept(w, "valueCodeableConcept", choice->coding);
      } else {
        write_text_concept(w, "valueCodeableConcept", cell.value);
      }
      return {};
    case ValueShape::quantity:
      write_quantity(ctx, w, "valueQuantity", cell);
      return {};
    case ValueShape::date_time:
      ctx.write_date(w, "valueDateTime", cell);
      return {};
    case ValueShape::integer_interpretation:
      w.field_literal("valueInteger", choice->code);
      w.begin_array("interpretation");
      write_concept(w, "", choice->coding);
      w.end_array();
      return {};
    default:
      w.field("valueString", cell.value);
      return {};
  }
}

// Whether a checkbox cell is ticked (1) or not (0); blank and unreadable marks say neither.
std::optional<bool> checkbox_mark(const PatientContext& ctx, const Cell& cell, std::int64_t column) {
  const ingest::Record& row = ctx.record(cell);
  if (column >= static_cast<std::int64_t>(row.values.size())) return std::nullopt;
  const std::string& mark = row.values[column];
  if (mark == "1" || mark == "0") return mark == "1";
  if (!mark.empty()) ctx.warn(cell.row, ctx.patient->columns->header(column), "not a checkbox mark (0 or 1); left out");
  return std::nullopt;
}

void begin_comorbidity(JsonWriter& w, bool present) {
  w.begin_object();
  w.field("url", mcode_url(present ? "mcode-comorbid-condition-present" : "mcode-comorbid-condition-absent"));
}

core::Status write_checkbox_extensions(const PatientContext& ctx, JsonWriter& w, const Cell& cell) {
  const dictionary::Variable& v = ctx.variable(cell);
  const ExportColumns& columns = *ctx.patient->columns;
  w.begin_array("extension");
  for (const auto& [column, k] : columns.checkbox(cell.planned->variable)) {
    const std::optional<bool> present = checkbox_mark(ctx, cell, column);
    if (!present) continue;
    const dictionary::Choice& choice = v.choices[k];
    if (choice.coding.empty()) {
      return core::bad_input(fmt::format("checkbox choice '{}' of '{}' has no code in the mapping ({})", choice.code,
                                         v.name, ctx.dict->mapping_source()),
                             core::Location{ctx.patient->file, ctx.record(cell).line, 0, columns.header(column)});
    }
    begin_comorbidity(w, *present);
    write_concept(w, "valueCodeableConcept", choice.coding);
    w.end_object();
  }
  // A column whose code is no choice: ticked or not is known, the condition is not.
  for (const std::int64_t column : columns.unknown_checkbox(cell.planned->variable)) {
    const std::optional<bool> present = checkbox_mark(ctx, cell, column);
    if (!present) continue;
    ctx.warn(cell.row, columns.header(column), "the column's code is not a choice of the dictionary; written as data "
                                               "absent (error)");
    begin_comorbidity(w, *present);
    ctx.absent_complex(w, "valueCodeableConcept", "error");
    w.end_object();
  }
  w.end_array();
  return {};
}

void write_category(JsonWriter& w, std::string_view code) {
  w.begin_array("category");
  write_code(w, "", kObservationCategory, code);  // an array item
  w.end_array();
}

core::Status build_observation(const PatientContext& ctx, const Item& item, JsonWriter& w) {
  const Cell& cell = item.cell;
  const ObservationKind& kind = *cell.planned->target.observation;
  const dictionary::Variable& v = ctx.variable(cell);
  write_resource_header(w, "Observation", item.id, kind.profile);
  if (kind.shape == ValueShape::checkbox_extensions) ONCOSHARE_TRY(write_checkbox_extensions(ctx, w, cell));
  w.field("status", "final");
  write_category(w, kind.category);
  write_concept(w, "code", kind.fixed_code.empty() ? v.mapping.coding : kind.fixed_code);
  write_reference(w, "subject", "Patient", ctx.patient_id, ctx.urn());
  if (kind.tnm && !ctx.condition_id.empty()) {
    w.begin_array("focus");
    write_reference_item(w, "Condition", ctx.condition_id, ctx.urn());
    w.end_array();
  }
  for (const auto& [effective_kind, effective] : ctx.effective) {
    if (effective_kind == &kind) {
      ctx.write_date(w, "effectiveDateTime", effective);
      break;
    }
  }
  ONCOSHARE_TRY(write_value(ctx, w, kind, cell));
  if (kind.tnm) {
    // The staging system is not in the export: say so rather than guess an edition.
    ctx.absent_complex(w, "method", "unknown");
  }
  if (kind.stage_group) {
    bool any = false;
    for (const Item& other : ctx.items) {
      const ObservationKind* k = other.cell.planned->target.observation;
      if (k == nullptr || !k->tnm || k->stage_group || other.cell.value.empty()) continue;
      if (!any) w.begin_array("hasMember");
      any = true;
      write_reference_item(w, "Observation", other.id, ctx.urn());
    }
    if (any) w.end_array();
  }
  return {};
}

// Treatment details shared by procedures and medication administrations of one row.
void write_intent(const PatientContext& ctx, JsonWriter& w, const Cell& cell, core::Status& status) {
  const RowAttributes& attrs = ctx.rows[cell.row];
  if (!attrs.intent.present() || attrs.intent.value.empty()) return;
  w.begin_array("extension");
  status = write_coded_extension(ctx, w, "mcode-procedure-intent", attrs.intent);
  w.end_array();
}

void write_period(const PatientContext& ctx, JsonWriter& w, std::string_view element, const Cell& cell) {
  const RowAttributes& attrs = ctx.rows[cell.row];
  const bool start = attrs.start.present() && !attrs.start.value.empty();
  const bool end = attrs.end.present() && !attrs.end.value.empty();
  if (!start && !end) {
    ctx.absent_primitive(w, fmt::format("{}DateTime", element), "unknown");
    return;
  }
  w.begin_object(fmt::format("{}Period", element));
  if (start) ctx.write_date(w, "start", attrs.start);
  if (end) ctx.write_date(w, "end", attrs.end);
  w.end_object();
}

void write_reason(const PatientContext& ctx, JsonWriter& w) {
  if (ctx.condition_id.empty()) return;
  w.begin_array("reasonReference");
  write_reference_item(w, "Condition", ctx.condition_id, ctx.urn());
  w.end_array();
}

core::Status build_procedure(const PatientContext& ctx, const Item& item, JsonWriter& w) {
  const Cell& cell = item.cell;
  const dictionary::Coding* coding = nullptr;
  std::string_view absent_code = "unknown";
  if (!cell.value.empty()) {
    core::Result<const dictionary::Choice*> c = ctx.choice(cell);
    if (!c) return c.error();
    if (*c != nullptr) coding = &(*c)->coding;
    absent_code = "error";
  }
  std::string_view profile = cell.planned->target.profile;
  static const dictionary::Coding kCourse{std::string(kSnomed), "1217123003", "Radiotherapy course of treatment"};
  if (coding != nullptr && coding->system == kSnomed) {
    if (coding->code == "387713003") profile = "mcode-cancer-related-surgical-procedure";
    if (coding->code == "108290001" || coding->code == "1217123003") {
      profile = "mcode-radiotherapy-course-summary";
      coding = &kCourse;  // the code that profile requires
    }
  }
  write_resource_header(w, "Procedure", item.id, profile);
  core::Status status;
  write_intent(ctx, w, cell, status);
  ONCOSHARE_TRY(status);
  w.field("status", "completed");
  if (coding != nullptr) {
    write_concept(w, "code", *coding);
  } else {
    ctx.absent_complex(w, "code", absent_code);
  }
  write_reference(w, "subject", "Patient", ctx.patient_id, ctx.urn());
  write_period(ctx, w, "performed", cell);
  write_reason(ctx, w);
  return {};
}

core::Status build_medication(const PatientContext& ctx, const Item& item, JsonWriter& w, bool request) {
  const Cell& cell = item.cell;
  write_resource_header(w, request ? "MedicationRequest" : "MedicationAdministration", item.id,
                        cell.planned->target.profile);
  core::Status status;
  write_intent(ctx, w, cell, status);
  ONCOSHARE_TRY(status);
  w.field("status", "completed");
  if (request) w.field("intent", "order");
  if (cell.value.empty()) {
    ctx.absent_complex(w, "medicationCodeableConcept", "unknown");
  } else {
    ONCOSHARE_TRY(write_coded_cell(ctx, w, "medicationCodeableConcept", cell));
  }
  write_reference(w, "subject", "Patient", ctx.patient_id, ctx.urn());
  if (request) {
    const RowAttributes& attrs = ctx.rows[cell.row];
    if (attrs.start.present() && !attrs.start.value.empty()) ctx.write_date(w, "authoredOn", attrs.start);
  } else {
    write_period(ctx, w, "effective", cell);
  }
  write_reason(ctx, w);
  return {};
}

core::Status build_other(const PatientContext& ctx, const Item& item, JsonWriter& w, Role role) {
  const Cell& cell = item.cell;
  const dictionary::Variable& v = ctx.variable(cell);
  const bool has_value = !cell.value.empty() && !ctx.withheld(cell);
  // A blank minimal/mandatory value or a withheld identifier still says why it is absent.
  const std::string_view absent_code = cell.value.empty() ? "unknown" : "masked";
  if (role == Role::specimen) {
    write_resource_header(w, "Specimen", item.id, cell.planned->target.profile);
    if (has_value) {
      ONCOSHARE_TRY(write_coded_cell(ctx, w, "type", cell));
    } else {
      ctx.absent_complex(w, "type", absent_code);
    }
    write_reference(w, "subject", "Patient", ctx.patient_id, ctx.urn());
  } else if (role == Role::diagnostic_report) {
    write_resource_header(w, "DiagnosticReport", item.id, "");
    w.field("status", "final");
    if (v.mapping.coding.empty()) {
      write_text_concept(w, "code", v.label);
    } else {
      write_concept(w, "code", v.mapping.coding);
    }
    write_reference(w, "subject", "Patient", ctx.patient_id, ctx.urn());
    if (has_value && !v.choices.empty()) {
      w.begin_array("conclusionCode");
      ONCOSHARE_TRY(write_coded_cell(ctx, w, "", cell));
      w.end_array();
    } else if (has_value) {
      w.field("conclusion", cell.value);
    } else if (!v.choices.empty()) {
      ++ctx.stats->absent_values;
      w.begin_array("conclusionCode");
      write_absent_complex(w, "", absent_code);
      w.end_array();
    } else {
      ctx.absent_primitive(w, "conclusion", absent_code);
    }
  } else {  // secondary cancer condition
    write_resource_header(w, "Condition", item.id, "mcode-secondary-cancer-condition");
    if (!ctx.condition_id.empty()) {
      w.begin_array("extension");
      w.begin_object();
      w.field("url", mcode_url("mcode-related-primary-cancer-condition"));
      write_reference(w, "valueReference", "Condition", ctx.condition_id, ctx.urn());
      w.end_object();
      w.end_array();
    }
    if (has_value) {
      ONCOSHARE_TRY(write_coded_cell(ctx, w, "code", cell));
    } else {
      ctx.absent_complex(w, "code", absent_code);
    }
    write_reference(w, "subject", "Patient", ctx.patient_id, ctx.urn());
  }
  return {};
}

}  // namespace

core::Status build_item(const PatientContext& ctx, const Item& item, std::string& out, std::string_view& type) {
  out.clear();
  JsonWriter w(out);
  w.begin_object();
  const Role role = item.cell.planned->target.role;
  switch (role) {
    case Role::observation:
      type = "Observation";
      ONCOSHARE_TRY(build_observation(ctx, item, w));
      break;
    case Role::procedure:
      type = "Procedure";
      ONCOSHARE_TRY(build_procedure(ctx, item, w));
      break;
    case Role::medication_administration:
    case Role::medication_request:
      type = role == Role::medication_request ? "MedicationRequest" : "MedicationAdministration";
      ONCOSHARE_TRY(build_medication(ctx, item, w, role == Role::medication_request));
      break;
    case Role::specimen:
      type = "Specimen";
      ONCOSHARE_TRY(build_other(ctx, item, w, role));
      break;
    case Role::diagnostic_report:
      type = "DiagnosticReport";
      ONCOSHARE_TRY(build_other(ctx, item, w, role));
      break;
    default:
      type = "Condition";
      ONCOSHARE_TRY(build_other(ctx, item, w, role));
      break;
  }
  w.end_object();
  return {};
}

}  // namespace oncoshare::fhir::detail
