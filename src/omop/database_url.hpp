// Where an OMOP database is: `sqlite:FILE` or a PostgreSQL URI (`postgresql://...`,
// `postgres://...`, passed to libpq as it is).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace oncoshare::omop {

enum class DatabaseKind : std::uint8_t { sqlite, postgresql };

struct DatabaseUrl {
  DatabaseKind kind = DatabaseKind::sqlite;
  std::string target;  // the SQLite file, or the libpq connection URI
  std::string text;    // as given, for messages (a password in it is masked)
};

// Errors (field `--db`): anything but the two forms, an empty file name.
[[nodiscard]] core::Result<DatabaseUrl> parse_database_url(std::string_view text);

}  // namespace oncoshare::omop
