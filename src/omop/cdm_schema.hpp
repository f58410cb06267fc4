// The OMOP CDM 5.4 tables and fields, generated from OHDSI's field-level specification by
// scripts/generate-omop-schema (the generated table, generated/cdm54_fields.inc, is
// committed: building needs nothing outside the repository).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace oncoshare::omop {

enum class CdmType : std::uint8_t { integer, bigint, floating, varchar, date, datetime };

struct CdmField {
  std::string_view name;
  CdmType type = CdmType::integer;
  std::uint32_t length = 0;  // varchar(n); 0 for varchar(MAX) and other types
  bool required = false;
  bool primary_key = false;
  std::string_view fk_table;   // lower case; "" when not a foreign key
  std::string_view fk_field;   // lower case
  std::string_view fk_domain;  // e.g. "Gender"; "" when none
  std::string_view datatype;   // as the specification writes it: "integer", "varchar(50)"
};

struct CdmTable {
  std::string_view name;
  std::span<const CdmField> fields;
  // Index of `field` in `fields`, or -1.
  [[nodiscard]] int field(std::string_view field_name) const;
};

// Every table of the CDM 5.4, in the specification's order.
[[nodiscard]] std::span<const CdmTable> cdm_tables();
// The table named `name` (lower case), or nullptr.
[[nodiscard]] const CdmTable* find_cdm_table(std::string_view name);

}  // namespace oncoshare::omop
