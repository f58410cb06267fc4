#include "node/detail/sqlite.hpp"

#include <fmt/format.h>

#include "node/detail/private_file.hpp"

namespace oncoshare::node::detail {

namespace {

core::Error sqlite_error(sqlite3* db, std::string_view what, const std::string& path) {
  return core::io_error(fmt::format("sqlite: {}: {}", what, db ? sqlite3_errmsg(db) : "out of memory"),
                        {path});
}

}  // namespace

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_.get(), index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_.get(), index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_.get(), index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_.get(), index);
  return *this;
}

core::Result<bool> Statement::step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqlite_error(sqlite3_db_handle(stmt_.get()), "step", *path_);
}

core::Status Statement::run() {
  auto row = step();
  if (!row) return row.error();
  reset();
  return {};
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

std::int64_t Statement::column_int64(int index) const { return sqlite3_column_int64(stmt_.get(), index); }

std::string Statement::column_text(int index) const {
  auto* text = sqlite3_column_text(stmt_.get(), index);
  int size = sqlite3_column_bytes(stmt_.get(), index);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)) : std::string();
}

std::string Statement::column_blob(int index) const {
  const void* bytes = sqlite3_column_blob(stmt_.get(), index);
  int size = sqlite3_column_bytes(stmt_.get(), index);
  return bytes ? std::string(static_cast<const char*>(bytes), static_cast<std::size_t>(size)) : std::string();
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_.get(), index) == SQLITE_NULL;
}

core::Result<Database> Database::open(const std::string& path, int busy_timeout_ms) {
  // Created 0600 before SQLite sees it: its WAL and journal files then take the same mode.
  ONCOSHARE_TRY(make_private_file(path));
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  Database db(raw, path);
  if (rc != SQLITE_OK) return sqlite_error(raw, "cannot open database", path);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  ONCOSHARE_TRY(db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
  return db;
}

core::Status Database::exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  if (sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string reason = message ? message : "unknown error";
    sqlite3_free(message);
    return core::io_error(fmt::format("sqlite: {}", reason), {*path_});
  }
  return {};
}

core::Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    return error("prepare");
  }
  return Statement(stmt, path_.get());
}

core::Error Database::error(std::string_view what) const { return sqlite_error(db_.get(), what, *path_); }

core::Result<Transaction> Transaction::begin(Database& db) {
  ONCOSHARE_TRY(db.exec("BEGIN IMMEDIATE"));
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->exec("ROLLBACK");
}

core::Status Transaction::commit() {
  core::Status done = db_->exec("COMMIT");
  if (done) db_ = nullptr;
  return done;
}

}  // namespace oncoshare::node::detail
