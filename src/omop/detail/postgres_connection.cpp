#include "omop/detail/postgres_connection.hpp"

#include <fmt/format.h>

namespace oncoshare::omop::detail {

namespace {

void ignore_notice(void* /*unused*/, const char* /*message*/) {}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

core::Result<PgConnection> connect(const DatabaseUrl& url) {
  PgConnection connection(PQconnectdb(url.target.c_str()));
  if (!connection || PQstatus(connection.get()) != CONNECTION_OK) {
    const std::string why =
        connection ? trimmed(PQerrorMessage(connection.get())) : "out of memory";
    return core::fail(
        core::io_error(fmt::format("cannot connect to {}: {}", url.text, why), {"", 0, 0, "--db"}));
  }
  PQsetErrorVerbosity(connection.get(), PQERRORS_TERSE);
  PQsetNoticeProcessor(connection.get(), ignore_notice, nullptr);
  if (PQsetClientEncoding(connection.get(), "UTF8") != 0) {
    return core::fail(core::io_error(
        fmt::format("{}: cannot use UTF8: {}", url.text, trimmed(PQerrorMessage(connection.get()))),
        {"", 0, 0, "--db"}));
  }
  return connection;
}

std::string result_message(const PGresult* result, PGconn* connection) {
  if (result == nullptr) return trimmed(PQerrorMessage(connection));
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  if (state != nullptr && std::string_view(state).substr(0, 2) == "22") {
    const char* column = PQresultErrorField(result, PG_DIAG_COLUMN_NAME);
    return fmt::format("a value does not fit its column{} (SQLSTATE {})",
                       column != nullptr ? fmt::format(" {}", column) : "", state);
  }
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  return primary != nullptr ? std::string(primary) : trimmed(PQerrorMessage(connection));
}

core::Error failure(const DatabaseUrl& url, std::string_view doing, const PGresult* result,
                    PGconn* connection) {
  // Data and constraint errors (classes 22 and 23) are the rows' fault, the others the server's.
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string_view kind =
      state != nullptr ? std::string_view(state).substr(0, 2) : std::string_view();
  core::Error error{kind == "22" || kind == "23" ? core::ErrorCode::bad_input : core::ErrorCode::io,
                    fmt::format("{}: {}: {}", url.text, doing, result_message(result, connection)),
                    {"", 0, 0, "--db"}};
  return error;
}

core::Result<PgResult> run(PGconn* connection, const DatabaseUrl& url, const std::string& sql,
                           std::string_view doing, ExecStatusType expected,
                           const std::vector<std::string>& parameters) {
  std::vector<const char*> values;
  values.reserve(parameters.size());
  for (const std::string& parameter : parameters) values.push_back(parameter.c_str());
  PgResult result(PQexecParams(connection, sql.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0));
  if (!result || PQresultStatus(result.get()) != expected) {
    return core::fail(failure(url, doing, result.get(), connection));
  }
  return result;
}

core::Result<bool> schema_exists(PGconn* connection, const DatabaseUrl& url,
                                 const std::string& schema) {
  auto result = run(connection, url, "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1",
                    "looking for schema " + schema, PGRES_TUPLES_OK, {schema});
  if (!result) return core::fail(result.error());
  return PQntuples(result->get()) > 0;
}

}  // namespace oncoshare::omop::detail
