// The patient-level resources: CancerPatient and the PrimaryCancerCondition, plus the
// helpers every builder shares.
#include <fmt/format.h>

#include <algorithm>

#include "core/civil_date.hpp"
#include "fhir/detail/patient_context.hpp"
#include "fhir/resource_json.hpp"

namespace oncoshare::fhir::detail {

namespace {

constexpr std::string_view kYesNoSystem = "http://snomed.info/sct";

// yes/no fields without mapped codes are coded SNOMED CT Yes / No.
const dictionary::Choice* default_yes_no(const dictionary::Variable& v, std::string_view value) {
  static const dictionary::Choice kYes{"1", "Yes", {std::string(kYesNoSystem), "373066001", "Yes"}};
  static const dictionary::Choice kNo{"0", "No", {std::string(kYesNoSystem), "373067005", "No"}};
  if (v.type != dictionary::FieldType::yesno && v.type != dictionary::FieldType::truefalse) return nullptr;
  if (value == "1") return &kYes;
  if (value == "0") return &kNo;
  return nullptr;
}

// The dictionary's codes of `v`, as a hint (the first few of a long list).
std::string choice_codes(const dictionary::Variable& v) {
  constexpr std::size_t kShown = 10;
  std::string codes;
  for (std::size_t k = 0; k < v.choices.size() && k < kShown; ++k) {
    if (k > 0) codes.append(", ");
    codes.append(v.choices[k].code);
  }
  if (v.choices.size() > kShown) codes.append(fmt::format(", ... {} in all", v.choices.size()));
  return codes;
}

}  // namespace

core::Result<const dictionary::Choice*> PatientContext::choice(const Cell& cell) const {
  const dictionary::Variable& v = variable(cell);
  const dictionary::Choice* found = v.find_choice(cell.value);
  if (found != nullptr && !found->coding.empty()) return found;
  if (const dictionary::Choice* yes_no = default_yes_no(v, cell.value); yes_no != nullptr) return yes_no;
  if (found == nullptr) {
    // Never name the value: a mistyped cell may hold another field's patient data.
    warn(cell, fmt::format("not a choice of the dictionary ({}); written as data absent (error)", choice_codes(v)));
    return nullptr;
  }
  return core::bad_input(fmt::format("value '{}' is a choice of '{}' with no code in the mapping ({}); add a mapping "
                                     "row for it",
                                     cell.value, v.name, dict->mapping_source()),
                         core::Location{patient->file, record(cell).line, 0, v.name});
}

void PatientContext::absent_primitive(JsonWriter& w, std::string_view element, std::string_view reason) const {
  ++stats->absent_values;
  write_absent_primitive(w, element, reason);
}

void PatientContext::absent_complex(JsonWriter& w, std::string_view key, std::string_view reason) const {
  ++stats->absent_values;
  write_absent_complex(w, key, reason);
}

void PatientContext::warn(const Cell& cell, std::string message) const {
  warn(cell.row, variable(cell).name, std::move(message));
}

void PatientContext::warn(std::size_t row, std::string_view field, std::string message) const {
  const std::pair<std::size_t, std::string_view> at{row, field};
  if (std::find(warned.begin(), warned.end(), at) != warned.end()) return;
  warned.push_back(at);
  stats->warn(core::bad_input(std::move(message), core::Location{patient->file, patient->rows[row].line, 0,
                                                                 std::string(field)}));
}

bool PatientContext::withheld(const Cell& cell) const {
  if (!variable(cell).identifier || cell.value.empty()) return false;
  ++stats->identifier_values_withheld;
  return true;
}

void PatientContext::write_date(JsonWriter& w, std::string_view element, const Cell& cell) const {
  // No cell: the variable is not mapped, or no row of the patient holds its form.
  if (!cell.present()) {
    absent_primitive(w, element, "unknown");
    return;
  }
  if (withheld(cell)) {
    absent_primitive(w, element, "masked");
    return;
  }
  if (cell.value.empty()) {
    absent_primitive(w, element, "unknown");
    return;
  }
  // A bad date is reported as such even when the patient also lacks a reference date.
  const bool no_reference = privacy::missing_reference(settings->dates, dates);
  const core::Result<std::int64_t> day =
      no_reference ? privacy::epoch_days(cell.value) : privacy::transform_day(settings->dates, dates, cell.value);
  if (!day) {
    warn(cell, "not a date (YYYY-MM-DD); written as data absent (error)");
    absent_primitive(w, element, "error");
  } else if (!in_fhir_years(*day)) {
    // FHIR dates have four-digit years. Never name the date: with the output it gives the shift.
    const bool shifted = settings->dates.mode == privacy::DateMode::shift;
    warn(cell, fmt::format("the {} date falls outside years 0001-9999; written as data absent (error)",
                           shifted ? "shifted" : "recoded"));
    absent_primitive(w, element, "error");
  } else if (no_reference) {
    warn(cell, fmt::format("no reference date '{}' for this patient; date written as data absent (unknown)",
                           settings->dates.reference_variable));
    absent_primitive(w, element, "unknown");
  } else {
    w.field(element, core::format_iso_date(*day));
  }
}

namespace {

// The plan's literal for a cell's choice (a gender code, true/false, a verification
// status), or nullptr for a value that is no choice (warned about).
core::Result<const std::string*> choice_literal(const PatientContext& ctx, const Cell& cell) {
  core::Result<const dictionary::Choice*> c = ctx.choice(cell);
  if (!c) return c.error();
  if (*c == nullptr) return static_cast<const std::string*>(nullptr);
  const dictionary::Variable& v = ctx.variable(cell);
  const dictionary::Choice* found = v.find_choice(cell.value);
  return &cell.planned->choice_literals[static_cast<std::size_t>(found - v.choices.data())];
}

}  // namespace

core::Status build_patient(const PatientContext& ctx, std::string& out) {
  out.clear();
  JsonWriter w(out);
  w.begin_object();
  write_resource_header(w, "Patient", ctx.patient_id, "mcode-cancer-patient");
  w.begin_array("identifier");
  w.begin_object();
  w.field("system", ctx.settings->identifier_system);
  w.field("value", ctx.pseudonym);
  w.end_object();
  w.end_array();

  const Cell& gender = ctx.single(Role::patient_gender);
  const std::string* gender_code = nullptr;
  std::string_view gender_absent = "unknown";
  if (gender.present() && !gender.value.empty()) {
    gender_absent = "masked";
    if (!ctx.withheld(gender)) {
      core::Result<const std::string*> literal = choice_literal(ctx, gender);
      if (!literal) return literal.error();
      gender_code = *literal;
      gender_absent = "error";
    }
  }
  if (gender_code != nullptr) {
    w.field("gender", *gender_code);
  } else {
    ctx.absent_primitive(w, "gender", gender_absent);
  }
  ctx.write_date(w, "birthDate", ctx.single(Role::patient_birth_date));

  const Cell& death_date = ctx.single(Role::patient_deceased_date);
  const Cell& deceased = ctx.single(Role::patient_deceased);
  if (death_date.present() && !death_date.value.empty()) {
    ctx.write_date(w, "deceasedDateTime", death_date);
  } else if (deceased.present() && !deceased.value.empty()) {
    core::Result<const std::string*> literal = choice_literal(ctx, deceased);
    if (!literal) return literal.error();
    if (*literal != nullptr) {
      w.field_literal("deceasedBoolean", **literal);
    } else {
      ctx.absent_primitive(w, "deceasedBoolean", "error");
    }
  }
  const Cell& postal = ctx.single(Role::patient_postal_code);
  if (postal.present() && !postal.value.empty() && !ctx.withheld(postal)) {
    w.begin_array("address");
    w.begin_object();
    w.field("postalCode", postal.value);
    w.end_object();
    w.end_array();
  }
  w.end_object();
  return {};
}

namespace {

constexpr std::string_view kConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";

// Writes a coded element from a cell (choice coding, or text for an uncoded field).
core::Status write_cell_concept(const PatientContext& ctx, JsonWriter& w, std::string_view key, const Cell& cell) {
  if (ctx.variable(cell).choices.empty()) {
    write_text_concept(w, key, cell.value);
    return {};
  }
  core::Result<const dictionary::Choice*> c = ctx.choice(cell);
  if (!c) return c.error();
  if (*c == nullptr) {
    ctx.absent_complex(w, key, "error");
  } else {
    write_concept(w, key, (*c)->coding);
  }
  return {};
}

core::Status write_extension(const PatientContext& ctx, JsonWriter& w, std::string_view profile, const Cell& cell) {
  w.begin_object();
  w.field("url", mcode_url(profile));
  if (cell.value.empty() || ctx.withheld(cell)) {
    ctx.absent_complex(w, "valueCodeableConcept", cell.value.empty() ? "unknown" : "masked");
  } else {
    ONCOSHARE_TRY(write_cell_concept(ctx, w, "valueCodeableConcept", cell));
  }
  w.end_object();
  return {};
}

}  // namespace

core::Status write_coded_cell(const PatientContext& ctx, JsonWriter& w, std::string_view key, const Cell& cell) {
  return write_cell_concept(ctx, w, key, cell);
}

core::Status write_coded_extension(const PatientContext& ctx, JsonWriter& w, std::string_view profile,
                                   const Cell& cell) {
  return write_extension(ctx, w, profile, cell);
}

core::Status build_condition(const PatientContext& ctx, std::string& out) {
  out.clear();
  JsonWriter w(out);
  w.begin_object();
  write_resource_header(w, "Condition", ctx.condition_id, "mcode-primary-cancer-condition");
  const Cell& morphology = ctx.single(Role::condition_morphology);
  if (morphology.present()) {
    w.begin_array("extension");
    ONCOSHARE_TRY(write_extension(ctx, w, "mcode-histology-morphology-behavior", morphology));
    w.end_array();
  }
  const Cell& verification = ctx.single(Role::condition_verification);
  if (verification.present() && !verification.value.empty()) {
    core::Result<const std::string*> literal = choice_literal(ctx, verification);
    if (!literal) return literal.error();
    if (*literal != nullptr) {
      write_code(w, "verificationStatus", "http://terminology.hl7.org/CodeSystem/condition-ver-status", **literal);
    } else {
      ctx.absent_complex(w, "verificationStatus", "error");
    }
  }
  w.begin_array("category");
  w.begin_object();
  w.begin_array("coding");
  w.begin_object();
  w.field("system", kConditionCategory);
  w.field("code", "problem-list-item");
  w.end_object();
  w.end_array();
  w.end_object();
  w.end_array();
  const Cell& code = ctx.single(Role::condition_code);
  if (code.present() && !code.value.empty()) {
    ONCOSHARE_TRY(write_cell_concept(ctx, w, "code", code));
  } else {
    // No diagnosis code mapped or given: the generic malignant neoplasm concept keeps
    // Condition.code (1..1) meaningful; topography and morphology carry the detail.
    write_concept(w, "code", {"http://snomed.info/sct", "363346000", "Malignant neoplastic disease"});
  }
  const Cell& site = ctx.single(Role::condition_body_site);
  const Cell& laterality = ctx.single(Role::condition_laterality);
  const bool has_site = site.present() && !site.value.empty();
  const bool has_laterality = laterality.present() && !laterality.value.empty();
  if (has_site || has_laterality) {
    const dictionary::Choice* site_choice = nullptr;
    if (has_site) {
      core::Result<const dictionary::Choice*> c = ctx.choice(site);
      if (!c) return c.error();
      site_choice = *c;
    }
    const bool site_unreadable = has_site && site_choice == nullptr;
    w.begin_array("bodySite");
    w.begin_object();
    if (has_laterality || site_unreadable) {
      w.begin_array("extension");
      if (has_laterality) ONCOSHARE_TRY(write_extension(ctx, w, "mcode-laterality-qualifier", laterality));
      if (site_unreadable) {
        ++ctx.stats->absent_values;
        write_absent_extension(w, "error");
      }
      w.end_array();
    }
    if (site_choice != nullptr) write_coding(w, site_choice->coding);
    w.end_object();
    w.end_array();
  }
  write_reference(w, "subject", "Patient", ctx.patient_id, ctx.urn());
  const Cell& onset = ctx.single(Role::condition_onset);
  if (onset.present()) ctx.write_date(w, "onsetDateTime", onset);
  if (ctx.stage_group != nullptr) {
    w.begin_array("stage");
    w.begin_object();
    ONCOSHARE_TRY(write_cell_concept(ctx, w, "summary", ctx.stage_group->cell));
    w.begin_array("assessment");
    write_reference_item(w, "Observation", ctx.stage_group->id, ctx.urn());
    w.end_array();
    w.end_object();
    w.end_array();
  }
  w.end_object();
  return {};
}

}  // namespace oncoshare::fhir::detail
