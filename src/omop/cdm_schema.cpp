#include "omop/cdm_schema.hpp"

#include <algorithm>

namespace oncoshare::omop {

namespace {
#include "omop/generated/cdm54_fields.inc"
}  // namespace

int CdmTable::field(std::string_view field_name) const {
  const auto found = std::find_if(fields.begin(), fields.end(),
                                  [&](const CdmField& f) { return f.name == field_name; });
  return found == fields.end() ? -1 : static_cast<int>(found - fields.begin());
}

std::span<const CdmTable> cdm_tables() { return k_cdm_tables; }

const CdmTable* find_cdm_table(std::string_view name) {
  const auto tables = cdm_tables();
  const auto found =
      std::find_if(tables.begin(), tables.end(), [&](const CdmTable& t) { return t.name == name; });
  return found == tables.end() ? nullptr : &*found;
}

}  // namespace oncoshare::omop
