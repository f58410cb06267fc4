// The conversion plan: every mapped variable's target, checked against the dictionary once,
// before any record is read.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "dictionary/dictionary.hpp"
#include "fhir/target.hpp"

namespace oncoshare::fhir {

struct PlannedVariable {
  std::size_t variable = 0;  // index into Dictionary::variables()
  Target target;
  // Per choice (same order as Variable::choices) for gender, deceased and verification
  // targets: the FHIR code or literal the choice stands for ("female", "true", "confirmed").
  std::vector<std::string> choice_literals;
};

struct ConversionPlan {
  std::vector<PlannedVariable> variables;  // dictionary order; only variables with a target
};

// Builds the plan from the `fhir` column of `dict`'s mapping. Errors, at the mapping file's
// line and field 'fhir': an unknown target; an observation target that needs the variable's
// own code when it has none; gender / deceased / verification choices that do not say
// which FHIR value they are; ECOG choices that are not integers; a comorbidities target on a
// variable that is not a checkbox; a patient-level target (identifier, gender, birth date,
// deceased, postal code) mapped twice.
// Fails with the first fault in dictionary order.
[[nodiscard]] core::Result<ConversionPlan> make_plan(const dictionary::Dictionary& dict);

// Every fault make_plan() would reject, in dictionary order; empty when it succeeds. The one
// check of mapping targets, shared by `fhir` and `dictionary check --mapping`.
[[nodiscard]] std::vector<core::Error> check_plan(const dictionary::Dictionary& dict);

}  // namespace oncoshare::fhir
