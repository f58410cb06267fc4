// write_generalised_export(): the generalised copy of a raw flat export.
#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>

#include "core/atomic_output.hpp"
#include "core/csv_reader.hpp"
#include "dictionary/redcap_dictionary_writer.hpp"
#include "ingest/export_reader.hpp"
#include "privacy/generalise.hpp"

namespace oncoshare::privacy {

core::Result<WriteSummary> write_generalised_export(const std::string& in,
                                                    const dictionary::Dictionary& dict,
                                                    const QuasiTable& table,
                                                    const GeneraliseOptions& options,
                                                    const Generalisation& result,
                                                    const std::string& out) {
  std::vector<std::size_t> columns;
  std::size_t id_column = 0;
  {
    core::Result<ingest::ExportReader> reader = ingest::ExportReader::open(in, dict);
    if (!reader) return core::fail(reader.error());
    const ingest::Layout& layout = reader->layout();
    if (layout.format != ingest::ExportFormat::flat || layout.record_id < 0) {
      return core::bad_input("generalise needs a raw flat export (one column per field, coded values)",
                             core::Location{in});
    }
    id_column = static_cast<std::size_t>(layout.record_id);
    for (const std::string& name : table.quasi) {
      std::size_t found = layout.columns.size();
      for (std::size_t c = 0; c < layout.columns.size(); ++c) {
        if (layout.columns[c].name == name) found = c;
      }
      if (found == layout.columns.size()) {
        return core::bad_input(fmt::format("export has no column '{}'", name), core::Location{in});
      }
      columns.push_back(found);
    }
  }
  std::unordered_set<std::string> suppressed;
  // Per quasi-identifier: original value -> released value, from the table's records.
  std::vector<std::unordered_map<std::string, std::string>> released(table.quasi.size());
  for (std::size_t r = 0; r < table.records.size(); ++r) {
    if (result.suppressed[r]) suppressed.insert(table.records[r].record_id);
    for (std::size_t q = 0; q < table.quasi.size(); ++q) {
      released[q].emplace(table.records[r].values[q], result.generalised[r][q]);
    }
  }

  core::Result<core::AtomicFile> file = core::AtomicFile::create(out, 0644, std::span(&in, 1));
  if (!file) return core::fail(file.error());
  core::Result<core::CsvReader> csv = core::CsvReader::open(in);
  if (!csv) return core::fail(csv.error());
  core::CsvRow row;
  core::ReadStatus status = csv->next(row);
  if (status == core::ReadStatus::error) return core::fail(csv->error());
  WriteSummary summary;
  if (status == core::ReadStatus::ok) dictionary::write_redcap_csv_row(*file, row.fields);
  while (status == core::ReadStatus::ok && (status = csv->next(row)) == core::ReadStatus::ok) {
    if (suppressed.count(row.fields[id_column]) != 0) {
      ++summary.rows_dropped;
      continue;
    }
    for (std::size_t q = 0; q < columns.size(); ++q) {
      std::string& cell = row.fields[columns[q]];
      const auto it = released[q].find(cell);
      if (it != released[q].end()) {
        cell = it->second;
        continue;
      }
      // A value only on rows the table did not take (other events): same hierarchy level.
      core::Result<std::string> value =
          generalise_value(options.hierarchies[q], result.levels[q], cell);
      if (!value) {
        value.error().where = core::Location{in, row.line, 0, table.quasi[q]};
        return core::fail(value.error());
      }
      cell = std::move(*value);
    }
    dictionary::write_redcap_csv_row(*file, row.fields);
    ++summary.rows_written;
  }
  if (status == core::ReadStatus::error) return core::fail(csv->error());
  ONCOSHARE_TRY(file->commit());
  return summary;
}

}  // namespace oncoshare::privacy
