// The OMOP concept ids of the codes the synthetic cohort uses, where one could be confirmed
// from a published OMOP vocabulary extract (sources: docs/mapping.md, "Concept ids of the
// synthetic cohort"). A code without an entry stays without a concept id: `oncoshare omop`
// then writes concept 0 with the source value, as OHDSI ETLs do for unmapped codes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "dictionary/variable.hpp"

namespace oncoshare::synth {

struct OmopConcept {
  std::string_view system;  // canonical URI, as in dictionary::Coding
  std::string_view code;
  std::int64_t concept_id;
};

// Every confirmed concept, one per (system, code).
[[nodiscard]] std::span<const OmopConcept> omop_concepts();

// The concept id of `coding`, or nullopt when none was confirmed.
[[nodiscard]] std::optional<std::int64_t> omop_concept_id(const dictionary::Coding& coding);

// Fills the variable's and its choices' omop_concept_id from their codings.
void assign_omop_concepts(dictionary::Variable& variable);

}  // namespace oncoshare::synth
