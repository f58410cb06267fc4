// `oncoshare omop`: REDCap exports to an OMOP CDM 5.4 database, through the same conversion
// as `oncoshare fhir` (quality filter, pseudonyms, date policy), all or nothing.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "fhir/converter.hpp"
#include "omop/cdm_sink.hpp"
#include "omop/database_url.hpp"

namespace oncoshare::omop {

struct OmopOptions {
  fhir::FhirOptions conversion;  // exports, date policy, quality filter
  std::string schema = "cdm";    // PostgreSQL schema created for the tables
  std::string source_name = "oncoshare export";  // cdm_source.cdm_source_name
};

struct OmopSummary {
  fhir::FhirSummary conversion;
  CdmStats stats;
  std::uint64_t concepts = 0;  // rows of the concept table
};

// Checks the mapping's `omop` targets, opens a new database or schema, writes every patient
// (see CdmSink), cdm_source and the vocabulary rows, and commits. On any error nothing is
// left: the database is as it was. Errors: an unknown target (mapping line, field 'omop'), a
// database that exists or cannot be reached, the conversion's own errors.
[[nodiscard]] core::Result<OmopSummary> export_omop(const dictionary::Dictionary& dict, const fhir::ConversionPlan& plan,
                                                    const fhir::PseudonymKeys& keys, const OmopOptions& options,
                                                    const DatabaseUrl& db);

}  // namespace oncoshare::omop
