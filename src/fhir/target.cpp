#include "fhir/target.hpp"

#include <array>
#include <fmt/format.h>
#include <string>
#include <utility>
#include <vector>

namespace oncoshare::fhir {

namespace {

constexpr std::string_view kSnomed = "http://snomed.info/sct";
constexpr std::string_view kLoinc = "http://loinc.org";
constexpr std::string_view kNcit = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl";

dictionary::Coding coding(std::string_view system, std::string_view code, std::string_view display) {
  return {std::string(system), std::string(code), std::string(display)};
}

// Observation kinds, keyed by the mapping value that selects them. Fixed codes are the
// ones the mCODE 4.0.0 profiles require.
const std::vector<std::pair<std::string_view, ObservationKind>>& observation_kinds() {
  static const std::vector<std::pair<std::string_view, ObservationKind>> kinds = {
      {"mcode-tnm-primary-tumor-category",
       {"mcode-tnm-primary-tumor-category", "exam", {}, ValueShape::codeable, true, false}},
      {"mcode-tnm-regional-nodes-category",
       {"mcode-tnm-regional-nodes-category", "exam", {}, ValueShape::codeable, true, false}},
      {"mcode-tnm-distant-metastases-category",
       {"mcode-tnm-distant-metastases-category", "exam", {}, ValueShape::codeable, true, false}},
      {"mcode-tnm-stage-group", {"mcode-tnm-stage-group", "exam", {}, ValueShape::codeable, true, true}},
      {"mcode-tumor-marker-test", {"mcode-tumor-marker-test", "laboratory", {}, ValueShape::infer, false, false}},
      {"mcode-histologic-grade",
       {"mcode-histologic-grade", "laboratory", coding(kNcit, "C18000", "Histologic Grade"), ValueShape::codeable,
        false, false}},
      {"mcode-ecog-performance-status",
       {"mcode-ecog-performance-status", "survey",
        coding(kLoinc, "89247-1", "ECOG Performance Status score"), ValueShape::integer_interpretation, false,
        false}},
      {"mcode-comorbidities",
       {"mcode-comorbidities", "exam", coding(kSnomed, "398192003", "Co-morbid conditions"),
        ValueShape::checkbox_extensions, false, false}},
      {"mcode-tumor-size",
       {"mcode-tumor-size", "laboratory", coding(kLoinc, "21889-1", "Size Tumor"), ValueShape::component_quantity,
        false, false}},
      {"mcode-cancer-disease-status",
       {"mcode-cancer-disease-status", "exam", coding(kLoinc, "97509-4", "Cancer disease status"),
        ValueShape::codeable, false, false}},
      {"Observation", {"", "exam", {}, ValueShape::infer, false, false}},
      {"Observation.valueCodeableConcept", {"", "exam", {}, ValueShape::codeable, false, false}},
      {"Observation.valueQuantity", {"", "exam", {}, ValueShape::quantity, false, false}},
      {"Observation.valueString", {"", "exam", {}, ValueShape::string, false, false}},
      {"Observation.valueDateTime", {"", "exam", {}, ValueShape::date_time, false, false}},
  };
  return kinds;
}

const ObservationKind* find_observation_kind(std::string_view text) {
  for (const auto& [name, kind] : observation_kinds()) {
    if (name == text) return &kind;
  }
  return nullptr;
}

struct Word {
  std::string_view text;
  Role role;
  std::string_view profile;
};

constexpr std::array kWords = {
    Word{"Patient.identifier", Role::patient_identifier, ""},
    Word{"Patient.gender", Role::patient_gender, ""},
    Word{"Patient.birthDate", Role::patient_birth_date, ""},
    Word{"Patient.deceased", Role::patient_deceased, ""},
    Word{"Patient.deceasedBoolean", Role::patient_deceased, ""},
    Word{"Patient.deceasedDateTime", Role::patient_deceased_date, ""},
    Word{"Patient.address.postalCode", Role::patient_postal_code, ""},
    Word{"Condition.code", Role::condition_code, ""},
    Word{"mcode-primary-cancer-condition", Role::condition_code, ""},
    Word{"Condition.onsetDateTime", Role::condition_onset, ""},
    Word{"Condition.bodySite", Role::condition_body_site, ""},
    Word{"Condition.bodySite.extension:lateralityQualifier", Role::condition_laterality, ""},
    Word{"mcode-histology-morphology-behavior", Role::condition_morphology, ""},
    Word{"Condition.extension:histologyMorphologyBehavior", Role::condition_morphology, ""},
    Word{"Condition.verificationStatus", Role::condition_verification, ""},
    Word{"mcode-secondary-cancer-condition", Role::secondary_condition, "mcode-secondary-cancer-condition"},
    Word{"Procedure", Role::procedure, ""},
    Word{"Procedure.code", Role::procedure, ""},
    Word{"mcode-cancer-related-surgical-procedure", Role::procedure, "mcode-cancer-related-surgical-procedure"},
    Word{"mcode-radiotherapy-course-summary", Role::procedure, "mcode-radiotherapy-course-summary"},
    Word{"Procedure.performedDateTime", Role::period_start, ""},
    Word{"Procedure.performedPeriod.start", Role::period_start, ""},
    Word{"Procedure.performedPeriod.end", Role::period_end, ""},
    Word{"MedicationAdministration.effectivePeriod.start", Role::period_start, ""},
    Word{"MedicationAdministration.effectivePeriod.end", Role::period_end, ""},
    Word{"Procedure.extension:treatmentIntent", Role::treatment_intent, ""},
    Word{"MedicationAdministration.extension:treatmentIntent", Role::treatment_intent, ""},
    Word{"MedicationAdministration", Role::medication_administration, "mcode-cancer-related-medication-administration"},
    Word{"MedicationAdministration.medicationCodeableConcept", Role::medication_administration,
         "mcode-cancer-related-medication-administration"},
    Word{"mcode-cancer-related-medication-administration", Role::medication_administration,
         "mcode-cancer-related-medication-administration"},
    Word{"MedicationRequest", Role::medication_request, "mcode-cancer-related-medication-request"},
    Word{"MedicationRequest.medicationCodeableConcept", Role::medication_request,
         "mcode-cancer-related-medication-request"},
    Word{"mcode-cancer-related-medication-request", Role::medication_request,
         "mcode-cancer-related-medication-request"},
    Word{"Specimen", Role::specimen, ""},
    Word{"Specimen.type", Role::specimen, ""},
    Word{"mcode-human-specimen", Role::specimen, "mcode-human-specimen"},
    Word{"DiagnosticReport", Role::diagnostic_report, ""},
    Word{"DiagnosticReport.conclusionCode", Role::diagnostic_report, ""},
};

constexpr std::string_view kEffectiveSuffix = ".effectiveDateTime";

}  // namespace

std::string mcode_url(std::string_view id) {
  return fmt::format("http://hl7.org/fhir/us/mcode/StructureDefinition/{}", id);
}

core::Result<Target> parse_target(std::string_view text) {
  for (const Word& word : kWords) {
    if (word.text == text) return Target{word.role, nullptr, word.profile};
  }
  if (const ObservationKind* kind = find_observation_kind(text)) {
    return Target{Role::observation, kind, kind->profile};
  }
  if (text.size() > kEffectiveSuffix.size() && text.ends_with(kEffectiveSuffix)) {
    const std::string_view head = text.substr(0, text.size() - kEffectiveSuffix.size());
    if (const ObservationKind* kind = find_observation_kind(head)) {
      return Target{Role::observation_effective, kind, kind->profile};
    }
  }
  return core::bad_input(fmt::format(
      "unknown FHIR target '{}' (a resource element such as Patient.gender or an mCODE profile id such as "
      "mcode-tnm-stage-group; see docs/fhir.md)",
      text));
}

}  // namespace oncoshare::fhir
