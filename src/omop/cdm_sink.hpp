// Turns the FHIR resources of each patient into OMOP CDM rows, so the OMOP output says
// exactly what the FHIR output says (same patients, pseudonyms, dates, codes): a Patient is a
// person (and a death), a primary cancer Condition a condition_occurrence with its Disease
// First Occurrence episode, TNM / stage / grade / tumour-marker Observations measurements
// linked to it, Procedures and medications procedure_occurrence and drug_exposure rows
// grouped into Treatment Regimen episodes, and the span of a person's dates their
// observation_period. See docs/omop.md for every rule.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fhir/patient_converter.hpp"
#include "omop/cdm_writer.hpp"
#include "omop/concept_book.hpp"
#include "omop/mapped_concepts.hpp"

namespace oncoshare::omop {

struct CdmStats {
  std::map<std::string, std::uint64_t, std::less<>> rows;           // by table
  std::map<std::string, std::uint64_t, std::less<>> standard_rows;  // rows whose concept is not 0
  std::uint64_t persons_without_birth_year = 0;  // left out: person.year_of_birth is required
  std::uint64_t items_without_date = 0;          // left out: every event row needs a date
  std::uint64_t absent_comorbidities = 0;        // "absent" findings: no row (OMOP records what is)
  std::uint64_t deaths_without_date = 0;         // deceased without a date: no death row
  std::uint64_t values_truncated = 0;            // text longer than its column
  std::uint64_t unreadable_visit_dates = 0;      // visit dates that are no date: no visit
};

// Variables whose omop target is `visit_occurrence` or `visit_occurrence.visit_start_date`:
// each of their dates is a visit (indices into the dictionary).
[[nodiscard]] std::vector<std::size_t> visit_variables(const dictionary::Dictionary& dict);

class CdmSink final : public fhir::ResourceSink {
 public:
  // `dict`, `writer`, `concepts` and `book` must outlive the sink. The conversion's
  // ConvertSettings::fact_dates must be visit_variables(dict).
  CdmSink(const dictionary::Dictionary& dict, CdmWriter& writer, const MappedConcepts& concepts, ConceptBook& book);
  ~CdmSink() override;
  CdmSink(const CdmSink&) = delete;
  CdmSink& operator=(const CdmSink&) = delete;

  core::Status begin_patient(std::string_view patient_id) override;
  core::Status patient_facts(const fhir::PatientFacts& facts) override;
  core::Status resource(std::string_view type, std::string_view id, std::string_view json) override;
  core::Status end_patient() override;

  [[nodiscard]] const CdmStats& stats() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace oncoshare::omop
