// SqlReader over a PostgreSQL schema, through libpq, in a read-only session.
#pragma once

#include <memory>
#include <string>

#include "omop/sql_reader.hpp"

namespace oncoshare::omop::detail {

// Errors: an unreachable server (io, quoting libpq without the password), a missing schema
// (bad_input naming it).
[[nodiscard]] core::Result<std::unique_ptr<SqlReader>> open_postgres_reader(const DatabaseUrl& url,
                                                                             const std::string& schema);

}  // namespace oncoshare::omop::detail
