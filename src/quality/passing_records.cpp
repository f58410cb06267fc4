#include "quality/passing_records.hpp"

#include <fmt/format.h>

#include "core/atomic_output.hpp"
#include "core/csv_reader.hpp"
#include "dictionary/redcap_dictionary_writer.hpp"
#include "ingest/export_reader.hpp"

namespace oncoshare::quality {

namespace {

// The raw CSV column holding the record id (EAV: the first, "record").
core::Result<std::size_t> record_column(const std::string& path, const dictionary::Dictionary& dict) {
  core::Result<ingest::ExportReader> reader = ingest::ExportReader::open(path, dict);
  if (!reader) return core::fail(reader.error());
  const ingest::Layout& layout = reader->layout();
  if (layout.format == ingest::ExportFormat::eav || layout.record_id < 0) return std::size_t{0};
  return static_cast<std::size_t>(layout.record_id);
}

}  // namespace

core::Result<PassingSummary> write_passing_records(const std::vector<std::string>& data,
                                                   const dictionary::Dictionary& dict,
                                                   const std::unordered_map<std::string, double>& scores,
                                                   double min_score, const std::string& out) {
  core::Result<core::AtomicFile> file = core::AtomicFile::create(out, 0644, data);
  if (!file) return core::fail(file.error());
  PassingSummary summary;
  std::vector<std::string> first_header;
  for (const std::string& path : data) {
    core::Result<std::size_t> id_column = record_column(path, dict);
    if (!id_column) return core::fail(id_column.error());
    core::Result<core::CsvReader> csv = core::CsvReader::open(path);
    if (!csv) return core::fail(csv.error());
    core::CsvRow row;
    core::ReadStatus status = csv->next(row);
    if (status == core::ReadStatus::error) return core::fail(csv->error());
    if (status == core::ReadStatus::end) continue;
    if (first_header.empty()) {
      first_header = row.fields;
      dictionary::write_redcap_csv_row(*file, row.fields);
    } else if (row.fields != first_header) {
      return core::fail(core::bad_input(
          fmt::format("header differs from the first export's ({}); --passing-records needs one format",
                      data.front()),
          core::Location{path, row.line}));
    }
    std::string current;
    bool keep = false;
    while ((status = csv->next(row)) == core::ReadStatus::ok) {
      const std::string& id = row.fields[*id_column];
      if (id != current || row.index == 2) {
        current = id;
        const auto it = scores.find(id);
        if (it == scores.end()) {
          return core::fail(core::bad_input(fmt::format("record '{}' was not scored", id),
                                            core::Location{path, row.line}));
        }
        keep = it->second >= min_score;
        (keep ? summary.records_kept : summary.records_dropped) += 1;
      }
      if (!keep) continue;
      dictionary::write_redcap_csv_row(*file, row.fields);
      ++summary.rows_kept;
    }
    if (status == core::ReadStatus::error) return core::fail(csv->error());
  }
  ONCOSHARE_TRY(file->commit());
  return summary;
}

}  // namespace oncoshare::quality
