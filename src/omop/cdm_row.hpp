// One row of a CDM table being filled by field name, then handed to a CdmWriter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "omop/cdm_writer.hpp"

namespace oncoshare::omop {

class CdmRow {
 public:
  // `table` must be a CDM table name (a programming error otherwise).
  explicit CdmRow(std::string_view table);
  // Sets `field` (a field of the table: checked) to a text, number or NULL (nullopt).
  CdmRow& set(std::string_view field, std::optional<std::string_view> value);
  CdmRow& set(std::string_view field, std::int64_t value);
  CdmRow& set(std::string_view field, double value);
  // Writes the row and clears it for the next one.
  [[nodiscard]] core::Status write_to(CdmWriter& writer);
  [[nodiscard]] const CdmTable& table() const { return *table_; }

 private:
  std::size_t index(std::string_view field) const;
  const CdmTable* table_;
  std::vector<std::string> text_;
  std::vector<bool> set_;
  std::vector<Cell> cells_;
};

}  // namespace oncoshare::omop
