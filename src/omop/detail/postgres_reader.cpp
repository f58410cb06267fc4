#include "omop/detail/postgres_reader.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <string_view>

#include "omop/sql_dialect.hpp"

namespace oncoshare::omop::detail {

namespace {

// libpq's message without a trailing newline and without the password, should a server or
// a future libpq ever echo it.
std::string libpq_message(PGconn* connection) {
  std::string message = PQerrorMessage(connection);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  const char* password = PQpass(connection);
  if (password != nullptr && *password != '\0') {
    const std::string secret = password;
    for (std::size_t at = message.find(secret); at != std::string::npos; at = message.find(secret, at)) {
      message.replace(at, secret.size(), "***");
    }
  }
  return message;
}

// The server's message for a failed query. A data exception (SQLSTATE class 22: a date or
// number that cannot be converted) quotes the stored value, which may be a patient's: only
// its code is kept.
std::string query_error(const PGresult* result) {
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  if (state != nullptr && std::string_view(state).starts_with("22")) {
    return fmt::format("a stored value cannot be read as the check needs (SQLSTATE {})", state);
  }
  std::string message = PQresultErrorMessage(result);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  return message;
}

class PostgresReader final : public SqlReader {
 public:
  PostgresReader(PGconn* connection, std::string name) : connection_(connection), name_(std::move(name)) {}
  PostgresReader(const PostgresReader&) = delete;
  PostgresReader& operator=(const PostgresReader&) = delete;
  ~PostgresReader() override { PQfinish(connection_); }

  [[nodiscard]] DatabaseKind kind() const override { return DatabaseKind::postgresql; }

  core::Result<std::vector<std::int64_t>> integers(const std::string& sql) override {
    PGresult* result = PQexec(connection_, sql.c_str());
    if (PQresultStatus(result) != PGRES_TUPLES_OK) {
      std::string message = query_error(result);
      PQclear(result);
      return core::fail(core::io_error(fmt::format("{}: {}", name_, message)));
    }
    if (PQntuples(result) < 1) {
      PQclear(result);
      return core::fail(core::io_error(fmt::format("{}: the query returned no row", name_)));
    }
    std::vector<std::int64_t> row;
    for (int i = 0; i < PQnfields(result); ++i) {
      std::int64_t value = 0;
      if (PQgetisnull(result, 0, i) == 0) {
        const char* text = PQgetvalue(result, 0, i);
        const auto parsed = std::from_chars(text, text + std::strlen(text), value);
        if (parsed.ec != std::errc{}) {
          PQclear(result);
          return core::fail(core::io_error(fmt::format("{}: column {} of the answer is no integer", name_, i + 1)));
        }
      }
      row.push_back(value);
    }
    PQclear(result);
    return row;
  }

  // Runs a statement that returns no rows (session settings).
  core::Status command(const std::string& sql) {
    PGresult* result = PQexec(connection_, sql.c_str());
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    if (!ok) return core::fail(core::io_error(fmt::format("{}: {}", name_, libpq_message(connection_))));
    return {};
  }

  bool has_table(const std::string& table) override { return answer_is_one(dialect_.table_exists(table)); }
  bool has_column(const std::string& table, const std::string& column) override {
    return answer_is_one(dialect_.column_exists(table, column));
  }

 private:
  bool answer_is_one(const std::string& sql) {
    const auto row = integers(sql);
    return row && !row->empty() && row->front() == 1;
  }

  PGconn* connection_;
  std::string name_;
  SqlDialect dialect_{DatabaseKind::postgresql};
};

}  // namespace

core::Result<std::unique_ptr<SqlReader>> open_postgres_reader(const DatabaseUrl& url, const std::string& schema) {
  PGconn* connection = PQconnectdb(url.target.c_str());
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string message = libpq_message(connection);
    PQfinish(connection);
    return core::fail(core::io_error(fmt::format("cannot connect to {}: {}", url.text, message)));
  }
  auto reader = std::make_unique<PostgresReader>(connection, url.text);
  const auto found = reader->integers(
      fmt::format("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = {}", sql_string(schema)));
  if (!found) return core::fail(found.error());
  if (found->empty() || found->front() == 0) {
    return core::fail(core::bad_input(fmt::format("schema '{}' does not exist in {}", schema, url.text),
                                      {"", 0, 0, "--schema"}));
  }
  char* quoted = PQescapeIdentifier(connection, schema.c_str(), schema.size());
  if (quoted == nullptr) return core::fail(core::bad_input(fmt::format("schema '{}' is no valid name", schema)));
  const std::string search_path = fmt::format("SET search_path TO {}", quoted);
  PQfreemem(quoted);
  // The checks only read: a read-only session makes that a guarantee.
  core::Status set = reader->command(search_path);
  if (set) set = reader->command("SET default_transaction_read_only = on");
  if (!set) return core::fail(set.error());
  return std::unique_ptr<SqlReader>(std::move(reader));
}

}  // namespace oncoshare::omop::detail
