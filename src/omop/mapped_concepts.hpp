// What the mapping file says about the codes the FHIR output carries: the OMOP concept id
// given for a code (a variable's own code or a choice's), and the variable a code belongs to.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "dictionary/dictionary.hpp"
#include "fhir/plan.hpp"

namespace oncoshare::omop {

class MappedConcepts {
 public:
  MappedConcepts(const dictionary::Dictionary& dict, const fhir::ConversionPlan& plan);
  // The concept id the mapping gives for (system, code), if any.
  [[nodiscard]] std::optional<std::int64_t> concept_id(std::string_view system, std::string_view code) const;
  // The variable whose own code is (system, code), or nullptr (none, or several).
  [[nodiscard]] const dictionary::Variable* variable(std::string_view system, std::string_view code) const;
  // The concept id of a gender choice by the FHIR code the plan gives it ("female").
  [[nodiscard]] std::optional<std::int64_t> gender(std::string_view fhir_code) const;

 private:
  static std::string key(std::string_view system, std::string_view code);
  std::unordered_map<std::string, std::int64_t> concepts_;
  std::unordered_map<std::string, const dictionary::Variable*> variables_;
  std::unordered_map<std::string, std::int64_t> genders_;
};

}  // namespace oncoshare::omop
