// What an export holds, computed while streaming: rows, records, events, repeats, DAGs,
// unknown/missing columns and form statuses.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "ingest/record.hpp"

namespace oncoshare::ingest {

struct FormStatusCounts {
  std::uint64_t incomplete = 0, unverified = 0, complete = 0;  // 0 / 1 / 2
  std::uint64_t empty = 0;   // no status (form not used on that event or instance)
  std::uint64_t other = 0;   // anything else (not a REDCap status)
  bool operator==(const FormStatusCounts&) const = default;
};

struct RepeatCounts {
  std::uint64_t rows = 0;
  std::uint32_t max_instance = 0;
  bool operator==(const RepeatCounts&) const = default;
};

struct IngestSummary {
  ExportFormat format = ExportFormat::flat;
  std::uint64_t rows = 0;
  std::uint64_t records = 0;                             // distinct record ids
  std::map<std::string, std::uint64_t> events;           // event -> rows
  // repeat instrument -> rows and highest instance; repeating events (instance without
  // instrument) are counted under "".
  std::map<std::string, RepeatCounts> repeat_instruments;
  // DAG ("" = none) -> records; empty when the export has no DAG column.
  std::map<std::string, std::uint64_t> data_access_groups;
  std::vector<std::string> unknown_columns;
  std::vector<std::string> missing_variables;
  std::vector<std::pair<std::string, FormStatusCounts>> form_status;  // in form order
};

// Accumulates an IngestSummary one record at a time. Memory: one hash-set entry per
// distinct record id.
class SummaryBuilder {
 public:
  // `layout` is the reader's current layout (it may have grown, for EAV).
  void add(const Layout& layout, const Record& record);
  // The summary so far; unknown/missing columns come from `layout`.
  [[nodiscard]] IngestSummary finish(const Layout& layout) const;

 private:
  IngestSummary summary_;
  std::unordered_set<std::string> ids_;
  std::vector<std::size_t> status_columns_;  // form_complete columns, in layout order
};

// A fixed-width text table for people.
[[nodiscard]] std::string to_text(const IngestSummary& summary);
// The same as JSON (keys sorted), for scripts.
[[nodiscard]] nlohmann::json to_json(const IngestSummary& summary);
[[nodiscard]] std::string_view to_string(ExportFormat format);

}  // namespace oncoshare::ingest
