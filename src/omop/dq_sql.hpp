// The query of one check instance: one row of two integers, the violating rows (or
// persons, or distinct values) and the denominator, as the Dashboard's SQL templates count
// them (inst/sql/sql_server/*.sql), written once for SQLite and PostgreSQL.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "omop/dq_catalog.hpp"
#include "omop/sql_dialect.hpp"

namespace oncoshare::omop {

struct DqSqlContext {
  SqlDialect dialect;
  std::int64_t today_days = 0;  // days since 1970-01-01, for GETDATE()
  // Whether a column exists: the concept completeness checks count a NULL concept beside
  // a source value only when the table has that source value column.
  std::function<bool(std::string_view table, std::string_view column)> has_column;
};

// The query for `check`, or nullopt when this runner has no SQL for its check type.
[[nodiscard]] std::optional<std::string> dq_check_sql(const CheckInstance& check, const DqSqlContext& context);

}  // namespace oncoshare::omop
