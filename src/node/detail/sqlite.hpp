// Small RAII layer over the SQLite C API: a connection, prepared statements, transactions.
// Errors are core::io_error values naming the database file and SQLite's message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace oncoshare::node::detail {

class Statement {
 public:
  // Binders are 1-based like SQLite's; they return *this so calls chain.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view value);
  Statement& bind_null(int index);
  Statement& bind_blob(int index, std::string_view bytes);

  // Runs one step: true when a row is available, false when done.
  [[nodiscard]] core::Result<bool> step();
  // Steps to completion, expecting no rows (INSERT/UPDATE/DELETE).
  [[nodiscard]] core::Status run();
  // Makes the statement reusable; bindings are cleared.
  void reset();

  [[nodiscard]] std::int64_t column_int64(int index) const;
  [[nodiscard]] std::string column_text(int index) const;
  [[nodiscard]] std::string column_blob(int index) const;
  [[nodiscard]] bool column_is_null(int index) const;

 private:
  friend class Database;
  struct Finalize { void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); } };
  Statement(sqlite3_stmt* stmt, const std::string* path) : stmt_(stmt), path_(path) {}
  std::unique_ptr<sqlite3_stmt, Finalize> stmt_;
  const std::string* path_;  // owned by the Database, which must outlive the statement
};

class Database {
 public:
  // Opens (creating if needed) `path` in WAL mode with a busy timeout, so several
  // connections (threads or processes) can share one file. Not thread-safe per connection:
  // callers serialise use of one Database.
  [[nodiscard]] static core::Result<Database> open(const std::string& path, int busy_timeout_ms = 10000);

  Database(Database&&) noexcept = default;
  Database& operator=(Database&&) noexcept = default;

  // Executes one or more statements without results (schema, pragmas).
  [[nodiscard]] core::Status exec(std::string_view sql);
  [[nodiscard]] core::Result<Statement> prepare(std::string_view sql);
  [[nodiscard]] const std::string& path() const { return *path_; }

  // The error for the connection's last failure, prefixed by `what`.
  [[nodiscard]] core::Error error(std::string_view what) const;

 private:
  struct Close { void operator()(sqlite3* db) const { sqlite3_close_v2(db); } };
  Database(sqlite3* db, std::string path)
      : db_(db), path_(std::make_unique<std::string>(std::move(path))) {}
  std::unique_ptr<sqlite3, Close> db_;
  std::unique_ptr<std::string> path_;  // stable address for statements
};

// BEGIN IMMEDIATE on construction (takes the write lock up front, so read-then-write
// decisions cannot race), ROLLBACK on destruction unless commit() succeeded.
class Transaction {
 public:
  [[nodiscard]] static core::Result<Transaction> begin(Database& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();
  [[nodiscard]] core::Status commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

}  // namespace oncoshare::node::detail
