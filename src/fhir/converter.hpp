// Converts REDCap exports to FHIR R4 / mCODE, streaming one patient at a time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "dictionary/dictionary.hpp"
#include "fhir/output.hpp"
#include "fhir/patient_converter.hpp"
#include "fhir/patient_identity.hpp"
#include "fhir/plan.hpp"
#include "privacy/pseudonym.hpp"
#include "quality/quality.hpp"

namespace oncoshare::fhir {

struct FhirOptions {
  std::vector<std::string> data;   // export files, converted in order
  OutputFormat format = OutputFormat::bundles;
  ConvertSettings settings;
  // Records whose quality score is below this are skipped (and counted); needs a quality
  // pass over the data first.
  std::optional<double> min_score;
  quality::FamilyValues quality_weights = quality::default_weights();
};

struct FhirSummary {
  ConversionStats stats;
  std::uint64_t rows = 0;
  std::uint64_t records_skipped_quality = 0;
  std::uint64_t bytes_written = 0;
};

// Converts every export in `options.data` into `out_dir` (which must exist and is filled
// directly: callers wanting all-or-nothing pass a core::AtomicDirectory's path). Rows of a
// record must be contiguous within a file, and a record may not appear in two places.
// Values that cannot be written (no date, number or choice) are data absent and warnings
// in the summary's stats. Errors: unreadable or malformed exports (file:line:column), a
// dictionary choice with no code in the mapping, a record split across the input, output
// that cannot be written.
[[nodiscard]] core::Result<FhirSummary> convert_exports(const dictionary::Dictionary& dict,
                                                        const ConversionPlan& plan, const PseudonymKeys& keys,
                                                        const FhirOptions& options, const std::string& out_dir);

// The same conversion (quality filter, pseudonyms, date policy), each patient's resources
// passed to `sink` instead of written (`options.format` is not used): how other outputs,
// such as OMOP tables, are made from exactly what the FHIR output holds.
[[nodiscard]] core::Result<FhirSummary> convert_exports(const dictionary::Dictionary& dict,
                                                        const ConversionPlan& plan, const PseudonymKeys& keys,
                                                        const FhirOptions& options, ResourceSink& sink);

}  // namespace oncoshare::fhir
