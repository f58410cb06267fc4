// SqlReader over a SQLite file opened read-only.
#pragma once

#include <memory>

#include "omop/sql_reader.hpp"

namespace oncoshare::omop::detail {

// Errors: a missing file (bad_input naming it), a file SQLite cannot open (io).
[[nodiscard]] core::Result<std::unique_ptr<SqlReader>> open_sqlite_reader(const DatabaseUrl& url);

}  // namespace oncoshare::omop::detail
