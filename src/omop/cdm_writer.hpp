// Loads OMOP CDM rows into a database all or nothing: a SQLite file written under a
// temporary name and renamed at commit, or a PostgreSQL schema loaded as a fresh schema with
// COPY and renamed into place in one transaction at commit.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "omop/cdm_schema.hpp"
#include "omop/database_url.hpp"

namespace oncoshare::omop {

// One value in its text form: integers and floats as decimal text, dates `YYYY-MM-DD`,
// datetimes `YYYY-MM-DD HH:MM:SS`; nullopt is NULL.
using Cell = std::optional<std::string_view>;

class CdmWriter {
 public:
  // Creates every CDM table (primary keys, no foreign keys yet) in a new database: the
  // SQLite file must not exist, the PostgreSQL `schema` must not exist. Errors name the
  // database (password masked) or the schema: unreachable server, existing file or schema.
  [[nodiscard]] static core::Result<std::unique_ptr<CdmWriter>> open(const DatabaseUrl& url,
                                                                      const std::string& schema);
  // Without commit(): removes everything it created; the database is as it was.
  virtual ~CdmWriter() = default;

  // Appends one row of `table`, one cell per field in the table's field order.
  [[nodiscard]] virtual core::Status add(const CdmTable& table, std::span<const Cell> row) = 0;
  // Adds the foreign keys and indexes (a violation fails the load and names the constraint),
  // then makes the database or schema visible under its name.
  [[nodiscard]] virtual core::Status commit() = 0;
};

}  // namespace oncoshare::omop
