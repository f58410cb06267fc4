// Read-only queries on a loaded OMOP database, for the data-quality checks: the same SQL
// runs on SQLite and PostgreSQL (dates compare as ISO text on SQLite, as dates on PostgreSQL).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "omop/database_url.hpp"

namespace oncoshare::omop {

class SqlReader {
 public:
  // Opens the database (SQLite: read-only; the file must exist) with `schema` as the
  // schema of unqualified table names (PostgreSQL search_path; ignored for SQLite).
  [[nodiscard]] static core::Result<std::unique_ptr<SqlReader>> open(const DatabaseUrl& url,
                                                                      const std::string& schema);
  virtual ~SqlReader() = default;
  [[nodiscard]] virtual DatabaseKind kind() const = 0;
  // Runs `sql`, which returns one row of integer columns (NULL reads as 0). Errors quote
  // the database's message.
  [[nodiscard]] virtual core::Result<std::vector<std::int64_t>> integers(const std::string& sql) = 0;
  [[nodiscard]] virtual bool has_table(const std::string& table) = 0;
  [[nodiscard]] virtual bool has_column(const std::string& table, const std::string& column) = 0;
};

}  // namespace oncoshare::omop
