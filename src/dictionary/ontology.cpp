#include "dictionary/ontology.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/ascii_case.hpp"

namespace oncoshare::dictionary {

namespace {

struct System {
  std::string_view name;  // preferred short name first; aliases follow with the same URI
  std::string_view uri;
};

// UICC publishes no FHIR code-system URI; mCODE identifies the UICC staging *method* with
// NCIt C188404 but has no system for the categories, so we use UICC's own address.
constexpr std::array<System, 13> kSystems{{
    {"SNOMEDCT", "http://snomed.info/sct"},
    {"SCT", "http://snomed.info/sct"},
    {"LOINC", "http://loinc.org"},
    {"ICDO3", "http://terminology.hl7.org/CodeSystem/icd-o-3"},
    {"ICD-O-3", "http://terminology.hl7.org/CodeSystem/icd-o-3"},
    {"NCIT", "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"},
    {"RXNORM", "http://www.nlm.nih.gov/research/umls/rxnorm"},
    {"UCUM", "http://unitsofmeasure.org"},
    {"UICC-TNM", "http://www.uicc.org/tnm"},
    {"AJCC", "http://cancerstaging.org"},
    {"ICD10", "http://hl7.org/fhir/sid/icd-10"},
    {"ICD-10", "http://hl7.org/fhir/sid/icd-10"},
    {"ICD10CM", "http://hl7.org/fhir/sid/icd-10-cm"},
}};


bool is_uri(std::string_view text) {
  return text.starts_with("http://") || text.starts_with("https://") ||
         text.starts_with("urn:");
}

}  // namespace

std::optional<std::string> canonical_system(std::string_view text) {
  if (is_uri(text)) return std::string(text);
  for (const System& s : kSystems) {
    if (core::ascii_iequals(s.name, text)) return std::string(s.uri);
  }
  return std::nullopt;
}

std::string system_short_name(std::string_view uri) {
  for (const System& s : kSystems) {
    if (s.uri == uri) return std::string(s.name);
  }
  return std::string(uri);
}

std::string_view known_system_names() {
  return "SNOMEDCT, SCT, LOINC, ICDO3, ICD-O-3, NCIT, RXNORM, UCUM, UICC-TNM, AJCC, ICD10, "
         "ICD-10, ICD10CM or a URI";
}

}  // namespace oncoshare::dictionary
