// The few SQL spellings that differ between SQLite and PostgreSQL, so each check is
// written once: dates are ISO text on SQLite and `date` on PostgreSQL, and the catalog of
// tables and columns is queried differently.
#pragma once

#include <string>
#include <string_view>

#include "omop/database_url.hpp"

namespace oncoshare::omop {

// `text` as a single-quoted SQL string literal (quotes doubled).
[[nodiscard]] std::string sql_string(std::string_view text);

class SqlDialect {
 public:
  explicit SqlDialect(DatabaseKind kind) : kind_(kind) {}

  // `expr` (a date, a datetime or their ISO text) as a value that compares as a date.
  [[nodiscard]] std::string date(std::string_view expr) const;
  // The date `iso` (YYYY-MM-DD) as a literal comparable with date().
  [[nodiscard]] std::string date_literal(std::string_view iso) const;
  // The date `days` days after the date `date_expr` (a date() result).
  [[nodiscard]] std::string add_days(std::string_view date_expr, int days) const;
  // The date of year/month/day integer expressions (month and day may be NULL: the 1st);
  // NULL, never an error, for a month or day out of range.
  [[nodiscard]] std::string date_from_parts(std::string_view year, std::string_view month,
                                            std::string_view day) const;
  // True for a non-NULL `expr` that is not an integer (SQLite keeps any value in any column).
  [[nodiscard]] std::string not_integer(std::string_view expr) const;
  // One row, one column: 1 if the table (or view) exists in the current schema, else 0.
  [[nodiscard]] std::string table_exists(std::string_view table) const;
  // One row, one column: 1 if the table has the column, else 0.
  [[nodiscard]] std::string column_exists(std::string_view table, std::string_view column) const;

 private:
  DatabaseKind kind_;
};

}  // namespace oncoshare::omop
