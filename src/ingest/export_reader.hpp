// Streaming reader for REDCap record exports (raw flat, label and EAV layouts), resolved
// against a data dictionary. Memory stays bounded by one row (flat/labels) or one
// record x event x instance group (EAV), plus 8 bytes per finished record id for EAV.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/csv_reader.hpp"
#include "core/result.hpp"
#include "dictionary/dictionary.hpp"
#include "ingest/record.hpp"

namespace oncoshare::ingest {

// One event of a longitudinal project, as in REDCap's events export (events.csv).
struct EventInfo {
  std::string unique_name;  // e.g. "enrollment_arm_1"
  std::string name;         // e.g. "Enrollment"
  std::string arm;          // arm number as text, e.g. "1"
};

struct ReaderOptions {
  // nullopt: detect from the header (flat if it starts with the record id field, EAV if
  // it is `record,...,field_name,value`, labels if it starts with "Record ID" or the
  // record id field's label).
  std::optional<ExportFormat> format;
  // Label exports: a value that matches no choice label (or is not Checked/Unchecked,
  // Incomplete/Unverified/Complete) is an error naming file:line, the column and the value,
  // so no code is ever guessed. When true it is kept verbatim and reported through
  // ExportReader::warnings() instead. Data access group labels and free-text values are
  // always kept verbatim (the dictionary holds no DAG list).
  bool keep_unmatched_labels = false;
  // Label exports: events used to turn "Event Name" values ("Enrollment (Arm 1: ...)")
  // into unique event names. When empty, event values are kept verbatim (one warning).
  std::vector<EventInfo> events;
};

class ExportReader {
 public:
  // Opens `path` and resolves its header against `dict`, which must outlive the reader.
  // Errors: the file cannot be read, is empty, or its header cannot be resolved.
  [[nodiscard]] static core::Result<ExportReader> open(const std::string& path,
                                                       const dictionary::Dictionary& dict,
                                                       ReaderOptions options = {});
  // The same over an in-memory export; `name` is used in error messages.
  [[nodiscard]] static core::Result<ExportReader> from_string(std::string data, std::string name,
                                                              const dictionary::Dictionary& dict,
                                                              ReaderOptions options = {});

  ExportReader(ExportReader&&) noexcept;
  ExportReader& operator=(ExportReader&&) noexcept;
  ~ExportReader();

  // Which column is which. For EAV exports, columns are appended when an unknown
  // field_name first appears, so read layout() again after each next().
  [[nodiscard]] const Layout& layout() const;

  // Reads the next record into `record` (its buffers are reused): ok, end, or error
  // (see error()). After ok, record.values.size() == layout().columns.size(). Label
  // values come back as codes. After an error, further calls return error.
  [[nodiscard]] core::ReadStatus next(Record& record);

  // The failure after next() returned error, with file, line and field.
  [[nodiscard]] const core::Error& error() const;
  // Non-fatal findings (kept unmatched labels, unconverted event labels); the first 100.
  [[nodiscard]] const std::vector<core::Error>& warnings() const;
  // How many warnings there were in total.
  [[nodiscard]] std::uint64_t warning_count() const;
  // Bytes of input consumed so far (for progress).
  [[nodiscard]] std::uint64_t bytes_read() const;

 private:
  struct State;
  explicit ExportReader(std::unique_ptr<State> state);
  static core::Result<ExportReader> start(core::CsvReader csv, const dictionary::Dictionary& dict,
                                          ReaderOptions options);
  std::unique_ptr<State> state_;
};

// Reads REDCap's events export (columns event_name, arm_num, unique_event_name).
[[nodiscard]] core::Result<std::vector<EventInfo>> read_redcap_events(const std::string& path);

}  // namespace oncoshare::ingest
