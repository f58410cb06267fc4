#include "omop/omop_export.hpp"

#include <sys/stat.h>

#include <algorithm>

#include "core/civil_date.hpp"
#include "omop/cdm_concepts.hpp"
#include "omop/cdm_row.hpp"
#include "omop/mapping_targets.hpp"

namespace oncoshare::omop {

namespace {

// The day the newest export was written: the source's release date, so the same files give
// the same database (no wall clock in the content).
std::string release_date(const std::vector<std::string>& exports) {
  std::int64_t newest = 0;
  for (const std::string& path : exports) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) newest = std::max<std::int64_t>(newest, st.st_mtime);
  }
  return core::format_iso_date(newest / 86400);
}

core::Status write_cdm_source(CdmWriter& writer, ConceptBook& book, const OmopOptions& options) {
  const std::string released = release_date(options.conversion.data);
  const std::int64_t version =
      book.use(concepts::kCdmVersion54, "OMOP CDM Version 5.4.0", "Metadata", "CDM", "CDM v5.4.0");
  CdmRow source("cdm_source");
  source.set("cdm_source_name", options.source_name)
      .set("cdm_source_abbreviation", "oncoshare")
      .set("cdm_holder", options.source_name)
      .set("source_description", "REDCap exports converted by oncoshare (FHIR R4 / mCODE, then OMOP CDM 5.4)")
      .set("source_release_date", released)
      .set("cdm_release_date", released)
      .set("cdm_version", "5.4")
      .set("cdm_version_concept_id", version)
      .set("vocabulary_version", "oncoshare mapping");  // concepts of the mapping file, no OHDSI vocabulary
  return source.write_to(writer);
}

}  // namespace

core::Result<OmopSummary> export_omop(const dictionary::Dictionary& dict, const fhir::ConversionPlan& plan,
                                      const fhir::PseudonymKeys& keys, const OmopOptions& options,
                                      const DatabaseUrl& db) {
  if (std::vector<core::Error> errors = check_omop_targets(dict); !errors.empty()) return core::fail(errors.front());
  core::Result<std::unique_ptr<CdmWriter>> writer = CdmWriter::open(db, options.schema);
  if (!writer) return writer.error();
  const MappedConcepts mapped(dict, plan);
  ConceptBook book;
  CdmSink sink(dict, **writer, mapped, book);
  fhir::FhirOptions conversion = options.conversion;
  conversion.settings.fact_dates = visit_variables(dict);
  core::Result<fhir::FhirSummary> converted = fhir::convert_exports(dict, plan, keys, conversion, sink);
  if (!converted) return converted.error();
  ONCOSHARE_TRY(write_cdm_source(**writer, book, options));
  ONCOSHARE_TRY(book.write(**writer));
  ONCOSHARE_TRY((*writer)->commit());
  return OmopSummary{std::move(*converted), sink.stats(), book.size()};
}

}  // namespace oncoshare::omop
