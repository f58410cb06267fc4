#include "synth/cohort_dictionary.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "dictionary/check.hpp"
#include "synth/omop_concepts.hpp"

namespace oncoshare::synth {
namespace {

using dictionary::Requirement;

TEST(CohortDictionary, PassesTheDictionaryDesignChecks) {
  const auto problems = dictionary::check_dictionary(cohort_dictionary());
  for (const auto& p : problems) ADD_FAILURE() << p.to_string();
}

TEST(CohortDictionary, CarriesRequirementLevelsAndConditions) {
  const auto dict = cohort_dictionary();
  EXPECT_EQ(dict.find("diagnosis_date")->mapping.requirement, Requirement::minimal);
  EXPECT_EQ(dict.find("topography")->mapping.requirement, Requirement::minimal);
  EXPECT_EQ(dict.find("vital_status")->mapping.requirement, Requirement::minimal);
  EXPECT_EQ(dict.find("grade")->mapping.requirement, Requirement::mandatory);
  EXPECT_EQ(dict.find("stage_group")->mapping.requirement, Requirement::mandatory);
  EXPECT_EQ(dict.find("ecog")->mapping.requirement, Requirement::recommended);
  const auto* er = dict.find("er_status");
  EXPECT_EQ(er->mapping.mandatory_if, "[topography] = 'C50.4' or [topography] = 'C50.9'");
  EXPECT_EQ(er->branching_logic, er->mapping.mandatory_if);
  EXPECT_EQ(dict.find("death_date")->branching_logic, "[vital_status] = '1'");
  EXPECT_EQ(dict.find("bmi")->calculation, "round([weight]*10000/([height]^2),1)");
  EXPECT_EQ(dict.find("postcode")->mapping.max_length, kPostcodeMaxLength);
  EXPECT_TRUE(dict.find("last_contact_date")->required);
}

TEST(CohortDictionary, CodesChoicesWithStandardTerminologies) {
  const auto dict = cohort_dictionary();
  const auto* breast = dict.find("topography")->find_choice("C50.9");
  ASSERT_NE(breast, nullptr);
  EXPECT_EQ(breast->coding.system, kIcdO3);
  EXPECT_EQ(breast->coding.code, "C50.9");
  const auto* duct = dict.find("morphology")->find_choice("8500_3");
  ASSERT_NE(duct, nullptr);
  EXPECT_EQ(duct->coding.code, "8500/3");
  const auto* tamoxifen = dict.find("drug")->find_choice("1");
  EXPECT_EQ(tamoxifen->label, "tamoxifen");
  EXPECT_EQ(tamoxifen->coding.system, kRxNorm);
  EXPECT_EQ(tamoxifen->coding.code, "10324");
  EXPECT_EQ(dict.find("ct")->find_choice("T2")->coding.code, "1228929004");
  EXPECT_EQ(dict.find("stage_group")->find_choice("4")->coding.code, "1222837003");
}

TEST(CohortDictionary, CarriesTheConfirmedOmopConceptIds) {
  const auto dict = cohort_dictionary();
  const auto* sex = dict.find("sex");
  EXPECT_EQ(sex->find_choice("1")->omop_concept_id, 8507);  // MALE
  EXPECT_EQ(sex->find_choice("2")->omop_concept_id, 8532);  // FEMALE
  EXPECT_EQ(sex->mapping.omop_concept_id, std::nullopt);    // LOINC 76689-9: not confirmed
  EXPECT_EQ(dict.find("height")->mapping.omop_concept_id, 3036277);
  EXPECT_EQ(dict.find("psa")->mapping.omop_concept_id, 3013603);
  EXPECT_EQ(dict.find("comorbidity")->find_choice("2")->omop_concept_id, 316866);
  EXPECT_EQ(dict.find("treatment_type")->find_choice("1")->omop_concept_id, 4301351);
  EXPECT_EQ(dict.find("treatment_type")->find_choice("3")->omop_concept_id, std::nullopt);
  const auto* drug = dict.find("drug");
  EXPECT_EQ(drug->find_choice("1")->omop_concept_id, 1436678);   // tamoxifen
  EXPECT_EQ(drug->find_choice("2")->omop_concept_id, std::nullopt);  // letrozole: no source
  EXPECT_EQ(drug->find_choice("9")->omop_concept_id, 45775965);  // pembrolizumab
  // Unconfirmed codes stay empty (concept 0 with the source value in OMOP output).
  EXPECT_EQ(dict.find("topography")->find_choice("C50.9")->omop_concept_id, std::nullopt);
  EXPECT_EQ(dict.find("grade")->find_choice("1")->omop_concept_id, std::nullopt);
  EXPECT_EQ(dict.find("ecog")->mapping.omop_concept_id, std::nullopt);
}

// Each confirmed concept belongs to a code the cohort uses: the table has no dead rows and no
// code is listed twice.
TEST(CohortDictionary, EveryOmopConceptIsUsedOnce) {
  const auto dict = cohort_dictionary();
  std::set<std::pair<std::string, std::string>> codes;
  for (const auto& v : dict.variables()) {
    codes.emplace(v.mapping.coding.system, v.mapping.coding.code);
    for (const auto& c : v.choices) codes.emplace(c.coding.system, c.coding.code);
  }
  std::set<std::pair<std::string, std::string>> listed;
  for (const OmopConcept& c : omop_concepts()) {
    const std::pair<std::string, std::string> key{std::string(c.system), std::string(c.code)};
    EXPECT_TRUE(codes.contains(key)) << c.code;
    EXPECT_TRUE(listed.insert(key).second) << c.code;
    EXPECT_GT(c.concept_id, 0) << c.code;
  }
  EXPECT_EQ(listed.size(), 23u);
}

TEST(CohortDictionary, TreatmentIsTheOnlyRepeatingFormAndFormsAreOrdered) {
  const auto dict = cohort_dictionary();
  std::vector<std::string> forms;
  for (const auto& f : dict.forms()) forms.push_back(f.name);
  EXPECT_EQ(forms, (std::vector<std::string>{"demographics", "diagnosis", "treatment", "follow_up",
                                             "measurements", "outcome"}));
}

}  // namespace
}  // namespace oncoshare::synth
