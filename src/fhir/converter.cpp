#include "fhir/converter.hpp"

#include <fmt/format.h>
#include <unordered_map>
#include <unordered_set>

#include "ingest/export_reader.hpp"

namespace oncoshare::fhir {

namespace {

core::Result<std::unordered_map<std::string, double>> quality_scores(const dictionary::Dictionary& dict,
                                                                     const FhirOptions& options) {
  quality::QualityOptions q;
  q.weights = options.quality_weights;
  q.min_score = options.min_score;
  q.keep_record_scores = true;
  core::Result<quality::QualityChecker> checker = quality::QualityChecker::create(dict, std::move(q));
  if (!checker) return checker.error();
  const quality::FailureSink ignore = [](const quality::Failure&) {};
  for (const std::string& path : options.data) ONCOSHARE_TRY(checker->check_file(path, ignore));
  return std::move(checker->finish().record_scores);
}

// Streams one file's records, grouping each record's contiguous rows.
class FileConverter {
 public:
  FileConverter(const dictionary::Dictionary& dict, PatientConverter& converter, const PseudonymKeys& keys,
                const FhirOptions& options, const std::unordered_map<std::string, double>* scores,
                ResourceSink& sink, FhirSummary& summary, std::unordered_set<std::uint64_t>& seen)
      : dict_(dict), converter_(converter), keys_(keys), options_(options), scores_(scores), sink_(sink),
        summary_(summary), seen_(seen) {}

  core::Status run(const std::string& path) {
    core::Result<ingest::ExportReader> reader = ingest::ExportReader::open(path, dict_);
    if (!reader) return reader.error();
    std::unique_ptr<ExportColumns> columns;
    std::size_t known_columns = 0;
    patient_.file = path;
    patient_.count = 0;
    for (;;) {
      if (patient_.rows.size() <= patient_.count) patient_.rows.resize(patient_.count + 1);
      ingest::Record& row = patient_.rows[patient_.count];
      const core::ReadStatus status = reader->next(row);
      if (status == core::ReadStatus::error) return reader->error();
      if (status == core::ReadStatus::end) break;
      ++summary_.rows;
      if (!columns || reader->layout().columns.size() != known_columns) {
        // EAV layouts grow; earlier rows of the current patient keep their own widths.
        known_columns = reader->layout().columns.size();
        columns = std::make_unique<ExportColumns>(reader->layout(), dict_);
        patient_.columns = columns.get();
      }
      if (patient_.count > 0 && row.record_id != patient_.rows[0].record_id) {
        const std::size_t next = patient_.count;
        ONCOSHARE_TRY(flush());  // converts rows [0, next)
        std::swap(patient_.rows[0], patient_.rows[next]);
        patient_.count = 1;
        continue;
      }
      ++patient_.count;
    }
    return flush();
  }

 private:
  core::Status flush() {
    if (patient_.count == 0) return {};
    const ingest::Record& first = patient_.rows[0];
    const std::string pseudonym = make_pseudonym(keys_, first.record_id);
    const std::uint64_t tag = std::hash<std::string>{}(pseudonym);  // 64 bits: repeats, not collisions
    if (!seen_.insert(tag).second) {
      return core::bad_input(fmt::format("record '{}' appears again after other records; the rows of a record must "
                                         "be together and in one file",
                                         first.record_id),
                             core::Location{patient_.file, first.line, 0, dict_.record_id().name});
    }
    if (scores_ != nullptr) {
      const auto it = scores_->find(first.record_id);
      if (it != scores_->end() && it->second < *options_.min_score) {
        ++summary_.records_skipped_quality;
        patient_.count = 0;
        return {};
      }
    }
    const std::int32_t shift =
        privacy::patient_date_context(options_.settings.dates, *keys_.site, pseudonym).shift_days;
    ONCOSHARE_TRY(converter_.convert(patient_, pseudonym, shift, sink_, summary_.stats));
    patient_.count = 0;
    return {};
  }

  const dictionary::Dictionary& dict_;
  PatientConverter& converter_;
  const PseudonymKeys& keys_;
  const FhirOptions& options_;
  const std::unordered_map<std::string, double>* scores_;
  ResourceSink& sink_;
  FhirSummary& summary_;
  std::unordered_set<std::uint64_t>& seen_;
  PatientRows patient_;
};

}  // namespace

core::Result<FhirSummary> convert_exports(const dictionary::Dictionary& dict, const ConversionPlan& plan,
                                          const PseudonymKeys& keys, const FhirOptions& options, ResourceSink& sink) {
  std::optional<std::unordered_map<std::string, double>> scores;
  if (options.min_score) {
    core::Result<std::unordered_map<std::string, double>> computed = quality_scores(dict, options);
    if (!computed) return computed.error();
    scores = std::move(*computed);
  }
  FhirSummary summary;
  PatientConverter converter(dict, plan, options.settings);
  std::unordered_set<std::uint64_t> seen;
  for (const std::string& path : options.data) {
    FileConverter file(dict, converter, keys, options, scores ? &*scores : nullptr, sink, summary, seen);
    ONCOSHARE_TRY(file.run(path));
  }
  return summary;
}

core::Result<FhirSummary> convert_exports(const dictionary::Dictionary& dict, const ConversionPlan& plan,
                                          const PseudonymKeys& keys, const FhirOptions& options,
                                          const std::string& out_dir) {
  BundleSink bundles(out_dir);
  NdjsonSink ndjson(out_dir);
  ResourceSink& sink = options.format == OutputFormat::bundles ? static_cast<ResourceSink&>(bundles) : ndjson;
  core::Result<FhirSummary> summary = convert_exports(dict, plan, keys, options, sink);
  if (!summary) return summary;
  ONCOSHARE_TRY(ndjson.close());
  summary->bytes_written = bundles.bytes_written() + ndjson.bytes_written();
  return summary;
}

}  // namespace oncoshare::fhir
