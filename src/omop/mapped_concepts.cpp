#include "omop/mapped_concepts.hpp"

namespace oncoshare::omop {

std::string MappedConcepts::key(std::string_view system, std::string_view code) {
  std::string k(system);
  k += '|';
  k += code;
  return k;
}

MappedConcepts::MappedConcepts(const dictionary::Dictionary& dict, const fhir::ConversionPlan& plan) {
  for (const dictionary::Variable& v : dict.variables()) {
    if (!v.mapping.coding.empty()) {
      const std::string k = key(v.mapping.coding.system, v.mapping.coding.code);
      // A code shared by two variables names neither.
      const auto [it, added] = variables_.emplace(k, &v);
      if (!added) it->second = nullptr;
      if (v.mapping.omop_concept_id) concepts_.emplace(k, *v.mapping.omop_concept_id);
    }
    for (const dictionary::Choice& c : v.choices) {
      if (!c.coding.empty() && c.omop_concept_id) concepts_.emplace(key(c.coding.system, c.coding.code), *c.omop_concept_id);
    }
  }
  for (const fhir::PlannedVariable& pv : plan.variables) {
    if (pv.target.role != fhir::Role::patient_gender) continue;
    const dictionary::Variable& v = dict.variables()[pv.variable];
    for (std::size_t k = 0; k < v.choices.size() && k < pv.choice_literals.size(); ++k) {
      if (v.choices[k].omop_concept_id) genders_.emplace(pv.choice_literals[k], *v.choices[k].omop_concept_id);
    }
  }
}

std::optional<std::int64_t> MappedConcepts::concept_id(std::string_view system, std::string_view code) const {
  const auto it = concepts_.find(key(system, code));
  if (it == concepts_.end()) return std::nullopt;
  return it->second;
}

const dictionary::Variable* MappedConcepts::variable(std::string_view system, std::string_view code) const {
  const auto it = variables_.find(key(system, code));
  return it == variables_.end() ? nullptr : it->second;
}

std::optional<std::int64_t> MappedConcepts::gender(std::string_view fhir_code) const {
  const auto it = genders_.find(std::string(fhir_code));
  if (it == genders_.end()) return std::nullopt;
  return it->second;
}

}  // namespace oncoshare::omop
