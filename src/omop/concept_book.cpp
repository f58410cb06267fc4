#include "omop/concept_book.hpp"

#include <array>
#include <set>
#include <utility>

#include "omop/cdm_row.hpp"

namespace oncoshare::omop {

namespace {

// OHDSI's valid dates for concepts with no end.
constexpr std::string_view kValidStart = "1970-01-01";
constexpr std::string_view kValidEnd = "2099-12-31";
// Classes come with the OHDSI vocabulary; without it every concept_row is of this class.

}  // namespace

std::string_view vocabulary_of(std::string_view system) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kVocabularies{{
      {"http://snomed.info/sct", "SNOMED"},
      {"http://loinc.org", "LOINC"},
      {"http://terminology.hl7.org/CodeSystem/icd-o-3", "ICDO3"},
      {"http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "NCIt"},
      {"http://www.nlm.nih.gov/research/umls/rxnorm", "RxNorm"},
      {"http://unitsofmeasure.org", "UCUM"},
      {"http://hl7.org/fhir/sid/icd-10", "ICD10"},
      {"http://hl7.org/fhir/sid/icd-10-cm", "ICD10CM"},
      {"http://cancerstaging.org", "AJCC"},
  }};
  for (const auto& [uri, vocabulary] : kVocabularies) {
    if (uri == system) return vocabulary;
  }
  return "None";
}

ConceptBook::ConceptBook() {
  concepts_.emplace(0, ConceptEntry{"No matching concept", "Metadata", "None", "No matching concept", "Undefined"});
}

std::int64_t ConceptBook::use(std::int64_t id, std::string_view name, std::string_view domain,
                              std::string_view vocabulary, std::string_view code, std::string_view concept_class) {
  if (concepts_.count(id) == 0) {
    concepts_.emplace(id, ConceptEntry{std::string(name), std::string(domain), std::string(vocabulary),
                                       std::string(code), std::string(concept_class)});
  }
  return id;
}

core::Status ConceptBook::write(CdmWriter& writer) const {
  std::set<std::string> vocabularies, domains, classes;
  CdmRow concept_row("concept");
  for (const auto& [id, entry] : concepts_) {
    vocabularies.insert(entry.vocabulary);
    domains.insert(entry.domain);
    classes.insert(entry.concept_class);
    concept_row.set("concept_id", id)
        .set("concept_name", entry.name.substr(0, 255))
        .set("domain_id", entry.domain)
        .set("vocabulary_id", entry.vocabulary)
        .set("concept_class_id", entry.concept_class)
        .set("standard_concept", id == 0 ? std::optional<std::string_view>() : "S")
        .set("concept_code", entry.code.substr(0, 50))
        .set("valid_start_date", kValidStart)
        .set("valid_end_date", kValidEnd);
    ONCOSHARE_TRY(concept_row.write_to(writer));
  }
  CdmRow vocabulary("vocabulary");
  for (const std::string& id : vocabularies) {
    vocabulary.set("vocabulary_id", id).set("vocabulary_name", id).set("vocabulary_concept_id", std::int64_t{0});
    ONCOSHARE_TRY(vocabulary.write_to(writer));
  }
  CdmRow domain("domain");
  for (const std::string& id : domains) {
    domain.set("domain_id", id).set("domain_name", id).set("domain_concept_id", std::int64_t{0});
    ONCOSHARE_TRY(domain.write_to(writer));
  }
  CdmRow concept_class("concept_class");
  for (const std::string& id : classes) {
    concept_class.set("concept_class_id", id).set("concept_class_name", id).set("concept_class_concept_id", std::int64_t{0});
    ONCOSHARE_TRY(concept_class.write_to(writer));
  }
  return {};
}

}  // namespace oncoshare::omop
