// The data dictionary of the synthetic registry (REDCap fields plus the oncoshare mapping:
// codes, units, requirement levels, length limits), and the limits the generator respects.
#pragma once

#include <string_view>

#include "dictionary/dictionary.hpp"

namespace oncoshare::synth {

// Date window of the registry: every event date lies in [kEventMin, kStudyEnd]; birth
// dates in [kBirthMin, kStudyEnd]. The study closes (administrative censoring) at kStudyEnd.
inline constexpr std::string_view kBirthMin = "1900-01-01";
inline constexpr std::string_view kEventMin = "1990-01-01";
inline constexpr std::string_view kStudyEnd = "2024-12-31";
// Characters allowed in the postcode (mapping max_length).
inline constexpr unsigned kPostcodeMaxLength = 8;
// The repeating instrument (one instance per treatment).
inline constexpr std::string_view kTreatmentForm = "treatment";

// The cohort's dictionary with every mapping filled in, OMOP concept ids where one was
// confirmed (omop_concepts.hpp). Deterministic.
[[nodiscard]] dictionary::Dictionary cohort_dictionary();

// Code systems used in the mapping (canonical URIs, as in mCODE).
inline constexpr std::string_view kSnomed = "http://snomed.info/sct";
inline constexpr std::string_view kLoinc = "http://loinc.org";
inline constexpr std::string_view kIcdO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3";
inline constexpr std::string_view kRxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
inline constexpr std::string_view kNcit = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl";
inline constexpr std::string_view kAjcc = "http://cancerstaging.org";

}  // namespace oncoshare::synth
