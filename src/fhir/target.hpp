// The mapping-target vocabulary: what a `fhir` value in the mapping file means for the
// converter. The full list is in docs/fhir.md.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.hpp"
#include "dictionary/variable.hpp"

namespace oncoshare::fhir {

// What a variable contributes to the output.
enum class Role : std::uint8_t {
  patient_identifier,     // the record's identifier: written only as the pseudonym
  patient_gender,         // Patient.gender from coded choices
  patient_birth_date,     // Patient.birthDate
  patient_deceased,       // Patient.deceasedBoolean from coded choices (dead / alive)
  patient_deceased_date,  // Patient.deceasedDateTime
  patient_postal_code,    // Patient.address.postalCode
  condition_code,         // primary cancer Condition.code
  condition_onset,        // Condition.onsetDateTime
  condition_body_site,    // Condition.bodySite (ICD-O-3 topography)
  condition_laterality,   // Condition.bodySite laterality qualifier extension
  condition_morphology,   // histology morphology behavior extension (ICD-O-3 morphology)
  condition_verification, // Condition.verificationStatus
  secondary_condition,    // one SecondaryCancerCondition per value
  observation,            // one Observation per value (see ObservationKind)
  observation_effective,  // effectiveDateTime of the patient's observations of a kind
  procedure,              // one Procedure per value; profile chosen by its code
  period_start,           // start of the row's procedures / medication administrations
  period_end,             // end of the same
  treatment_intent,       // procedure intent extension of the row's treatments
  medication_administration,
  medication_request,
  specimen,
  diagnostic_report,
};

// How an Observation's value is written.
enum class ValueShape : std::uint8_t {
  infer,                 // from the variable: choices -> CodeableConcept, numbers -> Quantity,
                         // dates -> dateTime, anything else -> string
  codeable,              // valueCodeableConcept
  quantity,              // valueQuantity (UCUM unit from the mapping)
  string,                // valueString
  date_time,             // valueDateTime
  integer_interpretation,// valueInteger = choice code, interpretation = choice coding (ECOG)
  component_quantity,    // component[longest dimension].valueQuantity (tumour size)
  checkbox_extensions,   // comorbid-condition-present / -absent extensions (comorbidities)
};

// A kind of Observation: plain or one of the mCODE profiles.
struct ObservationKind {
  std::string_view profile;   // mCODE profile id, "" for a plain Observation
  std::string_view category;  // observation-category code
  dictionary::Coding fixed_code;  // the profile's fixed code; empty: the variable's own code
  ValueShape shape = ValueShape::infer;
  bool tnm = false;           // needs method and focus (TNM categories and stage group)
  bool stage_group = false;   // hasMember -> the patient's TNM categories
};

struct Target {
  Role role = Role::observation;
  const ObservationKind* observation = nullptr;  // observation, observation_effective
  std::string_view profile;  // mCODE profile the resource claims ("" = none or by code)
};

// Parses one `fhir` cell. Error message (no location): "unknown FHIR target '...'" with a
// hint; the caller adds the mapping file's line.
[[nodiscard]] core::Result<Target> parse_target(std::string_view text);

// "http://hl7.org/fhir/us/mcode/StructureDefinition/" + id.
[[nodiscard]] std::string mcode_url(std::string_view id);

}  // namespace oncoshare::fhir
