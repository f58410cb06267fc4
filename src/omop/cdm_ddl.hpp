// The SQL that makes the CDM 5.4 tables in SQLite or PostgreSQL, after OHDSI's DDL: column
// types, NOT NULL for required fields, primary keys (xpk_<table>), foreign keys
// (fpk_<table>_<field>) and the lookup indexes (idx_<table>_<field>). Identifiers are
// quoted (note_nlp has a field named "offset").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "omop/cdm_schema.hpp"

namespace oncoshare::omop {

enum class SqlDialect : std::uint8_t { sqlite, postgresql };

// "name" with any '"' doubled.
[[nodiscard]] std::string quoted(std::string_view identifier);
// "schema"."table", or "table" when `schema` is empty.
[[nodiscard]] std::string qualified(std::string_view schema, std::string_view table);

// PostgreSQL: integer, bigint, numeric, varchar(n), text, date, timestamp. SQLite: INTEGER,
// REAL or TEXT (dates and datetimes as ISO text).
[[nodiscard]] std::string column_type(const CdmField& field, SqlDialect dialect);

// CREATE TABLE with NOT NULL for required fields. SQLite also declares the primary key and the
// foreign keys here, since it cannot add them later (it checks them only on request); for
// PostgreSQL both come after the load (primary_key_sql, foreign_key_sql).
[[nodiscard]] std::string create_table_sql(const CdmTable& table, SqlDialect dialect,
                                           std::string_view schema = {});

struct ForeignKey {
  const CdmTable* table = nullptr;
  const CdmField* field = nullptr;
  const CdmTable* referenced_table = nullptr;
  const CdmField* referenced_field = nullptr;
  std::string name;  // fpk_<table>_<field>
};
// Every foreign key of the specification whose referenced table and field exist.
[[nodiscard]] const std::vector<ForeignKey>& foreign_keys();

// PostgreSQL: ALTER TABLE ... ADD CONSTRAINT xpk_<table> PRIMARY KEY, one per table that has one.
[[nodiscard]] std::vector<std::string> primary_key_sql(std::string_view schema);
// A referenced field that is not its table's primary key needs a unique key (PostgreSQL
// refuses the foreign key otherwise, and SQLite's foreign_key_check reports a mismatch):
// ALTER TABLE ADD CONSTRAINT (PostgreSQL) or CREATE UNIQUE INDEX (SQLite), named
// uk_<table>_<field>.
[[nodiscard]] std::vector<std::string> unique_key_sql(SqlDialect dialect, std::string_view schema);
// PostgreSQL: ALTER TABLE ... ADD CONSTRAINT fpk_<table>_<field> FOREIGN KEY ... REFERENCES ...
[[nodiscard]] std::string foreign_key_sql(const ForeignKey& key, std::string_view schema);

struct IndexSpec {
  std::string_view table;
  std::string_view field;
};
// The lookup indexes: person_id and the main concept id of each clinical table, visit links,
// and the vocabulary lookups, as OHDSI's DDL indexes them.
[[nodiscard]] std::vector<IndexSpec> cdm_indexes();
// CREATE INDEX idx_<table>_<field> for each of cdm_indexes().
[[nodiscard]] std::vector<std::string> index_sql(std::string_view schema);

}  // namespace oncoshare::omop
