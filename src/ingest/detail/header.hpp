// Resolves an export's header row against a dictionary: which column is which.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "dictionary/dictionary.hpp"
#include "ingest/record.hpp"

namespace oncoshare::ingest::detail {

// The columns of a raw export in REDCap's order: each exported field (the record id
// first), checkbox choices as `var___code`, `<form>_complete` after each form. `label`
// is the header REDCap writes for the column in a label export.
struct ExpectedColumn {
  Column column;
  std::string label;
};
[[nodiscard]] std::vector<ExpectedColumn> expected_columns(const dictionary::Dictionary& dict);

// Detects flat / labels / EAV from the header; an error names the file and the first header.
[[nodiscard]] core::Result<ExportFormat> detect_format(const std::vector<std::string>& header,
                                                       const dictionary::Dictionary& dict,
                                                       const std::string& file);

// Builds the layout of a flat (raw) or label export. Errors: no record id column,
// duplicate known column.
[[nodiscard]] core::Result<Layout> resolve_header(const std::vector<std::string>& header,
                                                  ExportFormat format,
                                                  const dictionary::Dictionary& dict,
                                                  const std::string& file);

// Positions of the EAV structure columns (-1 when absent).
struct EavColumns {
  int record = -1, event = -1, repeat_instrument = -1, repeat_instance = -1, field_name = -1,
      value = -1;
};

// Builds the flat layout an EAV export converts into (structure columns present in the
// file, then every expected column) and locates the EAV columns. Errors: a missing
// `record`/`field_name`/`value` column or an unexpected column.
[[nodiscard]] core::Result<Layout> resolve_eav_header(const std::vector<std::string>& header,
                                                      const dictionary::Dictionary& dict,
                                                      const std::string& file, EavColumns& eav);

}  // namespace oncoshare::ingest::detail
