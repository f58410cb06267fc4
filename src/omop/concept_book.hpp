// Every concept the output uses, so that the vocabulary tables (concept, vocabulary,
// domain, concept_class) can hold a row for each and every foreign key holds without the
// full OHDSI vocabulary.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "omop/cdm_writer.hpp"

namespace oncoshare::omop {

struct ConceptEntry {
  std::string name;
  std::string domain;        // OMOP domain_id: "Condition", "Gender", "Type Concept", ...
  std::string vocabulary;    // OMOP vocabulary_id: "SNOMED", "LOINC", ...
  std::string code;          // concept_code
  std::string concept_class;  // OMOP concept_class_id
};

class ConceptBook {
 public:
  ConceptBook();  // holds concept 0, "No matching concept"
  // Records `id` (the first use names it; 0 is always known). Returns `id`.
  // A concept's class comes with the OHDSI vocabulary; without it the class is `Undefined`,
  // unless the use says more (a drug concept of an era is an ingredient).
  std::int64_t use(std::int64_t id, std::string_view name, std::string_view domain, std::string_view vocabulary,
                   std::string_view code, std::string_view concept_class = "Undefined");
  [[nodiscard]] bool knows(std::int64_t id) const { return concepts_.count(id) != 0; }
  [[nodiscard]] std::size_t size() const { return concepts_.size(); }
  // Writes the concept rows and one vocabulary, domain and concept_class row for each one
  // they name. The metadata concepts of those rows (vocabulary_concept_id, ...) are 0: their
  // ids come with the OHDSI vocabulary, which is not part of the export.
  [[nodiscard]] core::Status write(CdmWriter& writer) const;

 private:
  std::map<std::int64_t, ConceptEntry> concepts_;
};

// OMOP vocabulary_id of a code system URI ("http://snomed.info/sct" -> "SNOMED"); "None"
// for a system OMOP has no vocabulary for.
[[nodiscard]] std::string_view vocabulary_of(std::string_view system);

}  // namespace oncoshare::omop
