// libpq connections and results as RAII handles, and errors in the project's form: they quote
// the server's message (terse, and without values for data errors) and name the database by
// its masked URL, never with its password.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "omop/database_url.hpp"

namespace oncoshare::omop::detail {

struct ConnectionCloser {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgConnection = std::unique_ptr<PGconn, ConnectionCloser>;
using PgResult = std::unique_ptr<PGresult, ResultClearer>;

// Connects with the URI, client encoding UTF8, terse errors and notices discarded. An
// unreachable server or a refused login is an io error naming url.text.
[[nodiscard]] core::Result<PgConnection> connect(const DatabaseUrl& url);

// The server's message for a failed result, safe to show: data errors (SQLSTATE class 22,
// whose messages quote the value) are replaced by their column and code.
[[nodiscard]] std::string result_message(const PGresult* result, PGconn* connection);

// "<url>: <doing>: <server message>": bad_input for data and constraint errors (SQLSTATE
// classes 22 and 23), io otherwise.
[[nodiscard]] core::Error failure(const DatabaseUrl& url, std::string_view doing,
                                  const PGresult* result, PGconn* connection);

// Runs `sql` (with text `parameters` as $1, $2...) and expects `expected`; otherwise failure().
[[nodiscard]] core::Result<PgResult> run(PGconn* connection, const DatabaseUrl& url,
                                         const std::string& sql, std::string_view doing,
                                         ExecStatusType expected = PGRES_COMMAND_OK,
                                         const std::vector<std::string>& parameters = {});

// Whether a schema of that name exists.
[[nodiscard]] core::Result<bool> schema_exists(PGconn* connection, const DatabaseUrl& url,
                                               const std::string& schema);

}  // namespace oncoshare::omop::detail
