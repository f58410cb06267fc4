// Turns EAV rows (one value per row) into flat Records, one per consecutive
// (record, event, repeat instrument, instance) group, in bounded memory.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/csv_reader.hpp"
#include "core/result.hpp"
#include "dictionary/dictionary.hpp"
#include "ingest/detail/header.hpp"
#include "ingest/record.hpp"

namespace oncoshare::ingest::detail {

class EavGrouper {
 public:
  // `layout` (from resolve_eav_header) must outlive the grouper; unknown field names are
  // appended to it as unknown columns, so no value is dropped.
  EavGrouper(Layout& layout, const dictionary::Dictionary& dict, EavColumns eav, std::string file);

  // Adds one EAV row. Returns true when the row starts a new group and the previous one,
  // now complete, was moved into `out`. Errors: empty record id, bad instance, a group
  // that reappears after another one (file not sorted), a checkbox code not in the
  // dictionary, the same field twice in one group.
  [[nodiscard]] core::Result<bool> add(const core::CsvRow& row, Record& out);
  // At end of input: moves the last group into `out`; false when there was none.
  [[nodiscard]] bool finish(Record& out);

 private:
  [[nodiscard]] core::Status set_value(const core::CsvRow& row);
  [[nodiscard]] core::Status start_group(const core::CsvRow& row, std::string record,
                                         std::string event, std::string instrument,
                                         std::uint32_t instance);
  void complete_group();
  std::size_t add_unknown_column(const std::string& name);

  Layout& layout_;
  const dictionary::Dictionary& dict_;
  EavColumns eav_;
  std::string file_;
  // field_name -> column for plain fields, form statuses and structure extras.
  std::unordered_map<std::string, std::size_t> by_name_;
  // checkbox variable -> (lower-cased code -> column).
  std::unordered_map<std::string, std::unordered_map<std::string, std::size_t>> checkboxes_;
  // Per form: its checkbox columns and its other data columns, to fill unchecked boxes
  // with "0" exactly where a raw export would (the form holds data in this group).
  struct FormColumns {
    std::vector<std::size_t> checkboxes, others;
  };
  std::vector<FormColumns> forms_;

  Record pending_;
  bool has_pending_ = false;
  std::unordered_set<std::uint64_t> finished_records_;  // hashes of completed record ids
  std::unordered_set<std::string> finished_groups_;     // completed groups of pending record
  std::string group_key_;
};

}  // namespace oncoshare::ingest::detail
