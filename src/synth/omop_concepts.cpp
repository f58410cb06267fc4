#include "synth/omop_concepts.hpp"

#include <array>

#include "synth/cohort_dictionary.hpp"

namespace oncoshare::synth {

namespace {

// Only standard, valid concepts whose concept_code and vocabulary_id match the code here were
// taken; the source of each is listed in docs/mapping.md. Codes left out (ICD-O-3 sites and
// histologies, TNM categories, grades, most LOINC and SNOMED CT answers, letrozole) had no
// such source and are exported as concept 0 with their source value.
constexpr auto kConcepts = std::to_array<OmopConcept>({
    // Sex choices: the Gender concepts person.gender_concept_id takes (OHDSI convention).
    {kSnomed, "248153007", 8507},  // MALE
    {kSnomed, "248152002", 8532},  // FEMALE
    // LOINC measurements.
    {kLoinc, "8302-2", 3036277},   // Body height
    {kLoinc, "29463-7", 3025315},  // Body weight
    {kLoinc, "39156-5", 3038553},  // Body mass index (BMI) [Ratio]
    {kLoinc, "2857-1", 3013603},   // Prostate specific Ag [Mass/volume] in Serum or Plasma
    // SNOMED CT conditions and procedures.
    {kSnomed, "73211009", 201820},    // Diabetes mellitus
    {kSnomed, "38341003", 316866},    // Hypertensive disorder
    {kSnomed, "13645005", 255573},    // Chronic obstructive lung disease
    {kSnomed, "56265001", 321588},    // Heart disease
    {kSnomed, "427685000", 4142116},  // HER2-positive carcinoma of breast
    {kSnomed, "431396003", 4330242},  // Human epidermal growth factor 2 negative ca. of breast
    {kSnomed, "387713003", 4301351},  // Surgical procedure
    {kSnomed, "108290001", 4029715},  // Radiation oncology AND/OR radiotherapy
    // RxNorm ingredients.
    {kRxNorm, "10324", 1436678},     // tamoxifen
    {kRxNorm, "224905", 1387104},    // trastuzumab
    {kRxNorm, "2555", 1397599},      // cisplatin
    {kRxNorm, "40048", 1344905},     // carboplatin
    {kRxNorm, "72962", 1315942},     // docetaxel
    {kRxNorm, "194000", 1337620},    // capecitabine
    {kRxNorm, "32592", 1318011},     // oxaliplatin
    {kRxNorm, "1547545", 45775965},  // pembrolizumab
    {kRxNorm, "56946", 1378382},     // paclitaxel
});

}  // namespace

std::span<const OmopConcept> omop_concepts() { return kConcepts; }

std::optional<std::int64_t> omop_concept_id(const dictionary::Coding& coding) {
  for (const OmopConcept& c : kConcepts) {
    if (c.system == coding.system && c.code == coding.code) return c.concept_id;
  }
  return std::nullopt;
}

void assign_omop_concepts(dictionary::Variable& variable) {
  // A variable without a code may carry its concept already (a visit's kind).
  if (!variable.mapping.coding.empty()) variable.mapping.omop_concept_id = omop_concept_id(variable.mapping.coding);
  for (dictionary::Choice& choice : variable.choices) {
    choice.omop_concept_id = omop_concept_id(choice.coding);
  }
}

}  // namespace oncoshare::synth
