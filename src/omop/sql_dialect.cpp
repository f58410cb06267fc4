#include "omop/sql_dialect.hpp"

#include <fmt/format.h>

namespace oncoshare::omop {

std::string sql_string(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string SqlDialect::date(std::string_view expr) const {
  // SQLite's date() reads 'YYYY-MM-DD' and 'YYYY-MM-DD HH:MM:SS' alike and drops the time.
  return kind_ == DatabaseKind::sqlite ? fmt::format("date({})", expr) : fmt::format("CAST({} AS DATE)", expr);
}

std::string SqlDialect::date_literal(std::string_view iso) const {
  return kind_ == DatabaseKind::sqlite ? sql_string(iso) : fmt::format("DATE {}", sql_string(iso));
}

std::string SqlDialect::add_days(std::string_view date_expr, int days) const {
  if (kind_ == DatabaseKind::sqlite) return fmt::format("date({}, '{:+d} days')", date_expr, days);
  return fmt::format("({} + {})", date_expr, days);
}

std::string SqlDialect::date_from_parts(std::string_view year, std::string_view month, std::string_view day) const {
  if (kind_ == DatabaseKind::sqlite) {
    return fmt::format("date(printf('%04d-%02d-%02d', {}, COALESCE({}, 1), COALESCE({}, 1)))", year, month, day);
  }
  // Guarded and built as the 1st of the month plus days, so no value makes the query fail:
  // make_date's error would quote the date, a patient's birth date.
  return fmt::format(
      "CASE WHEN {0} BETWEEN 1 AND 9999 AND COALESCE({1}, 1) BETWEEN 1 AND 12 AND COALESCE({2}, 1) BETWEEN 1 AND 31 "
      "THEN make_date({0}, COALESCE({1}, 1), 1) + (COALESCE({2}, 1) - 1) END",
      year, month, day);
}

std::string SqlDialect::not_integer(std::string_view expr) const {
  if (kind_ == DatabaseKind::sqlite) return fmt::format("({0} IS NOT NULL AND typeof({0}) <> 'integer')", expr);
  // An integer column guarantees it; the text test also covers a column created as text.
  return fmt::format("({0} IS NOT NULL AND CAST({0} AS TEXT) !~ '^-?[0-9]+$')", expr);
}

std::string SqlDialect::table_exists(std::string_view table) const {
  if (kind_ == DatabaseKind::sqlite) {
    return fmt::format("SELECT COUNT(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = {}",
                       sql_string(table));
  }
  return fmt::format(
      "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = {}",
      sql_string(table));
}

std::string SqlDialect::column_exists(std::string_view table, std::string_view column) const {
  if (kind_ == DatabaseKind::sqlite) {
    return fmt::format("SELECT COUNT(*) FROM pragma_table_info({}) WHERE name = {}", sql_string(table),
                       sql_string(column));
  }
  return fmt::format(
      "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = {} "
      "AND column_name = {}",
      sql_string(table), sql_string(column));
}

}  // namespace oncoshare::omop
