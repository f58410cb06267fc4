#include "omop/detail/sqlite_reader.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>

#include "omop/sql_dialect.hpp"

namespace oncoshare::omop::detail {

namespace {

class SqliteReader final : public SqlReader {
 public:
  SqliteReader(sqlite3* db, std::string name) : db_(db), name_(std::move(name)) {}
  SqliteReader(const SqliteReader&) = delete;
  SqliteReader& operator=(const SqliteReader&) = delete;
  ~SqliteReader() override { sqlite3_close(db_); }

  [[nodiscard]] DatabaseKind kind() const override { return DatabaseKind::sqlite; }

  core::Result<std::vector<std::int64_t>> integers(const std::string& sql) override {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &statement, nullptr) != SQLITE_OK) {
      return failure();
    }
    std::vector<std::int64_t> row;
    const int step = sqlite3_step(statement);
    if (step == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(statement); ++i) row.push_back(sqlite3_column_int64(statement, i));
    }
    sqlite3_finalize(statement);
    if (step != SQLITE_ROW && step != SQLITE_DONE) return failure();
    if (step == SQLITE_DONE) return core::fail(core::io_error(fmt::format("{}: the query returned no row", name_)));
    return row;
  }

  bool has_table(const std::string& table) override { return answer_is_one(dialect_.table_exists(table)); }
  bool has_column(const std::string& table, const std::string& column) override {
    return answer_is_one(dialect_.column_exists(table, column));
  }

 private:
  core::Error failure() const { return core::io_error(fmt::format("{}: {}", name_, sqlite3_errmsg(db_))); }
  bool answer_is_one(const std::string& sql) {
    const auto row = integers(sql);
    return row && !row->empty() && row->front() == 1;
  }

  sqlite3* db_;
  std::string name_;
  SqlDialect dialect_{DatabaseKind::sqlite};
};

}  // namespace

core::Result<std::unique_ptr<SqlReader>> open_sqlite_reader(const DatabaseUrl& url) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(url.target, ec)) {
    return core::fail(core::bad_input(fmt::format("no SQLite database file '{}'", url.target), {url.target, 0, 0, "--db"}));
  }
  sqlite3* db = nullptr;
  const int opened = sqlite3_open_v2(url.target.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  if (opened != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(opened);
    sqlite3_close(db);
    return core::fail(core::io_error(fmt::format("cannot open SQLite database '{}': {}", url.target, message)));
  }
  return std::unique_ptr<SqlReader>(std::make_unique<SqliteReader>(db, url.text));
}

}  // namespace oncoshare::omop::detail
