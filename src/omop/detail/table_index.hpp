// The position of a table in cdm_tables(), for per-table state kept in a vector.
#pragma once

#include <cstddef>

#include "omop/cdm_schema.hpp"

namespace oncoshare::omop::detail {

// `table` is normally an element of cdm_tables(); a copy is found by name. Precondition: a
// CDM table (its name is in cdm_tables()).
[[nodiscard]] inline std::size_t cdm_table_index(const CdmTable& table) {
  const auto tables = cdm_tables();
  if (&table >= tables.data() && &table < tables.data() + tables.size()) {
    return static_cast<std::size_t>(&table - tables.data());
  }
  return static_cast<std::size_t>(find_cdm_table(table.name) - tables.data());
}

}  // namespace oncoshare::omop::detail
