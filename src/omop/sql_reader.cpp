#include "omop/sql_reader.hpp"

#include "omop/detail/postgres_reader.hpp"
#include "omop/detail/sqlite_reader.hpp"

namespace oncoshare::omop {

core::Result<std::unique_ptr<SqlReader>> SqlReader::open(const DatabaseUrl& url, const std::string& schema) {
  if (url.kind == DatabaseKind::sqlite) return detail::open_sqlite_reader(url);
  return detail::open_postgres_reader(url, schema);
}

}  // namespace oncoshare::omop
