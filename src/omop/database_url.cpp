#include "omop/database_url.hpp"

#include <fmt/format.h>

namespace oncoshare::omop {

namespace {

constexpr std::string_view kSqlite = "sqlite:";

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// postgresql://user:secret@host/db -> postgresql://user:***@host/db, so messages never
// carry a password.
// A `password=` parameter is cut (with whatever follows it) for the same reason.
std::string masked(std::string_view uri) {
  std::string text(uri);
  const std::size_t scheme = text.find("://");
  if (scheme != std::string::npos) {
    const std::size_t authority = scheme + 3;
    const std::size_t at = text.find('@', authority);
    const std::size_t slash = text.find('/', authority);
    const std::size_t colon = text.find(':', authority);
    if (at != std::string::npos && (slash == std::string::npos || at < slash) && colon < at) {
      text = text.substr(0, colon + 1) + "***" + text.substr(at);
    }
  }
  const std::size_t password = text.find("password=");
  return password == std::string::npos ? text : text.substr(0, password) + "password=***";
}

}  // namespace

core::Result<DatabaseUrl> parse_database_url(std::string_view text) {
  if (starts_with(text, kSqlite)) {
    std::string file(text.substr(kSqlite.size()));
    if (file.empty()) {
      return core::fail(core::bad_input("sqlite: needs a file name (sqlite:cdm.sqlite)", {"", 0, 0, "--db"}));
    }
    return DatabaseUrl{DatabaseKind::sqlite, std::move(file), std::string(text)};
  }
  if (starts_with(text, "postgresql://") || starts_with(text, "postgres://")) {
    return DatabaseUrl{DatabaseKind::postgresql, std::string(text), masked(text)};
  }
  return core::fail(core::bad_input(
      fmt::format("'{}' is no database: use sqlite:FILE or postgresql://[user@]host[:port]/database", masked(text)),
      {"", 0, 0, "--db"}));
}

}  // namespace oncoshare::omop
