// The columns of one site's raw REDCap export and the rows of one patient.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dictionary/dictionary.hpp"

namespace oncoshare::synth {

// REDCap's own columns. REDCap writes the repeat columns right after record_id and the
// data access group after them (record_id, [event], repeat instrument, repeat instance,
// DAG, data...), as in its API exports with exportDataAccessGroups=true.
inline constexpr std::array<std::string_view, 3> kRedcapColumns{
    "redcap_repeat_instrument", "redcap_repeat_instance", "redcap_data_access_group"};
inline constexpr std::size_t kInstrumentColumn = 1;
inline constexpr std::size_t kInstanceColumn = 2;
inline constexpr std::size_t kDagColumn = 3;

// One export row: one cell per header column.
using Row = std::vector<std::string>;

class ExportLayout {
 public:
  // Precondition: the dictionary's first variable is record_id.
  explicit ExportLayout(const dictionary::Dictionary& dict);

  // record_id, the REDCap columns above, then the dictionary's remaining export columns.
  [[nodiscard]] const std::vector<std::string>& header() const { return header_; }
  // Position of `name` in the header. Precondition: the column exists (a bug otherwise).
  [[nodiscard]] std::size_t column(std::string_view name) const;
  // A row of empty cells.
  [[nodiscard]] Row blank_row() const { return Row(header_.size()); }

 private:
  std::vector<std::string> header_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace oncoshare::synth
