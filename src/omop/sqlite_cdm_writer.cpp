#include "omop/sqlite_cdm_writer.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <vector>

#include "core/stale_temporaries.hpp"
#include "omop/cdm_ddl.hpp"
#include "omop/cdm_row_check.hpp"
#include "omop/detail/table_index.hpp"

namespace oncoshare::omop {

namespace {

struct DatabaseCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Database = std::unique_ptr<sqlite3, DatabaseCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

std::string parent_folder(const std::string& file) {
  const std::string parent = std::filesystem::path(file).parent_path().string();
  return parent.empty() ? "." : parent;
}

core::Status fsync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int error = errno;
    if (fd >= 0) ::close(fd);
    return core::fail(core::io_error(
        fmt::format("cannot sync '{}': {}", path, std::strerror(error)), {path, 0, 0, ""}));
  }
  ::close(fd);
  return {};
}

// Moves `from` to `to` unless `to` exists: renameat2(RENAME_NOREPLACE), or link() and
// unlink() where the file system lacks it. A file that appeared at `to` is left alone.
int rename_without_replacing(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return errno;
  if (::link(from.c_str(), to.c_str()) != 0) return errno;
  ::unlink(from.c_str());
  return 0;
}

class SqliteCdmWriter final : public CdmWriter {
 public:
  SqliteCdmWriter(std::string target, std::string temporary, Database db)
      : target_(std::move(target)),
        temporary_(std::move(temporary)),
        db_(std::move(db)),
        inserts_(cdm_tables().size()) {}

  ~SqliteCdmWriter() override {
    if (committed_) return;
    inserts_.clear();
    db_.reset();
    ::unlink(temporary_.c_str());
  }
  SqliteCdmWriter(const SqliteCdmWriter&) = delete;
  SqliteCdmWriter& operator=(const SqliteCdmWriter&) = delete;

  core::Status start() {
    // The temporary file is nobody's until commit: no journal, no syncing while loading.
    ONCOSHARE_TRY(
        exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; "
             "PRAGMA cache_size = -65536; BEGIN"));
    for (const CdmTable& table : cdm_tables())
      ONCOSHARE_TRY(exec(create_table_sql(table, SqlDialect::sqlite)));
    return {};
  }

  core::Status add(const CdmTable& table, std::span<const Cell> row) override {
    ONCOSHARE_TRY(usable());
    ONCOSHARE_TRY(check_cdm_row(table, row));
    auto statement = insert(table);
    if (!statement) return fail_with(statement.error());
    sqlite3_stmt* insert = *statement;
    for (std::size_t i = 0; i < row.size(); ++i)
      bind(insert, static_cast<int>(i) + 1, table.fields[i], row[i]);
    const int status = sqlite3_step(insert);
    sqlite3_reset(insert);
    if (status != SQLITE_DONE)
      return fail_with(database_error(fmt::format("a row of {}", table.name)));
    return {};
  }

  core::Status commit() override {
    ONCOSHARE_TRY(usable());
    auto status = finish();
    if (!status) return fail_with(status.error());
    committed_ = true;
    return {};
  }

 private:
  core::Status finish() {
    for (const std::string& sql : unique_key_sql(SqlDialect::sqlite, "")) ONCOSHARE_TRY(exec(sql));
    ONCOSHARE_TRY(check_foreign_keys());
    for (const std::string& sql : index_sql("")) ONCOSHARE_TRY(exec(sql));
    ONCOSHARE_TRY(exec("COMMIT"));
    inserts_.clear();
    if (sqlite3_close(db_.get()) != SQLITE_OK)
      return core::fail(database_error("closing the database"));
    db_.release();  // closed above
    ONCOSHARE_TRY(fsync_path(temporary_, O_RDONLY));
    if (const int error = rename_without_replacing(temporary_, target_); error != 0) {
      if (error == EEXIST) {
        return core::fail(core::bad_input(fmt::format("'{}' appeared while the OMOP database was "
                                                      "written: it is left as it is and the new "
                                                      "database was not kept",
                                                      target_),
                                          {target_, 0, 0, ""}));
      }
      return core::fail(core::io_error(
          fmt::format("cannot move the OMOP database to '{}': {}", target_, std::strerror(error)),
          {target_, 0, 0, ""}));
    }
    // The file is in place under its name now; its folder entry is made durable.
    (void)fsync_path(parent_folder(target_), O_RDONLY | O_DIRECTORY);
    return {};
  }

  // PRAGMA foreign_key_check lists every row whose reference names no row: the first names
  // the failing key, the count says how many rows break one.
  core::Status check_foreign_keys() {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.get(), "PRAGMA foreign_key_check", -1, &raw, nullptr) != SQLITE_OK) {
      return core::fail(database_error("checking the foreign keys"));
    }
    const Statement check(raw);
    std::string table;
    std::string parent;
    int key_id = -1;
    std::uint64_t violations = 0;
    int status = SQLITE_ROW;
    while ((status = sqlite3_step(check.get())) == SQLITE_ROW) {
      if (violations++ == 0) {
        table = reinterpret_cast<const char*>(sqlite3_column_text(check.get(), 0));
        parent = reinterpret_cast<const char*>(sqlite3_column_text(check.get(), 2));
        key_id = sqlite3_column_int(check.get(), 3);
      }
    }
    if (status != SQLITE_DONE) return core::fail(database_error("checking the foreign keys"));
    if (violations == 0) return {};
    const auto [field, parent_field] = foreign_key_columns(table, key_id);
    return core::fail(
        core::bad_input(fmt::format("foreign key fpk_{}_{} fails: {}.{} names no row of {}.{} ({} "
                                    "row(s) break a foreign key)",
                                    table, field, table, field, parent, parent_field, violations),
                        {target_, 0, 0, field}));
  }

  std::pair<std::string, std::string> foreign_key_columns(const std::string& table, int key_id) {
    sqlite3_stmt* raw = nullptr;
    std::pair<std::string, std::string> columns{"?", "?"};
    if (sqlite3_prepare_v2(db_.get(),
                           "SELECT \"from\", \"to\" FROM pragma_foreign_key_list(?1) WHERE id = ?2",
                           -1, &raw, nullptr) != SQLITE_OK) {
      return columns;
    }
    const Statement list(raw);
    sqlite3_bind_text(list.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(list.get(), 2, key_id);
    if (sqlite3_step(list.get()) == SQLITE_ROW) {
      columns = {reinterpret_cast<const char*>(sqlite3_column_text(list.get(), 0)),
                 reinterpret_cast<const char*>(sqlite3_column_text(list.get(), 1))};
    }
    return columns;
  }

  static void bind(sqlite3_stmt* insert, int position, const CdmField& field, const Cell& cell) {
    if (!cell) {
      sqlite3_bind_null(insert, position);
      return;
    }
    const std::string_view text = *cell;
    // check_cdm_row has checked the forms: the conversions cannot fail here.
    if (field.type == CdmType::integer || field.type == CdmType::bigint) {
      std::int64_t value = 0;
      std::from_chars(text.data(), text.data() + text.size(), value);
      sqlite3_bind_int64(insert, position, value);
    } else if (field.type == CdmType::floating) {
      double value = 0;
      std::from_chars(text.data(), text.data() + text.size(), value);
      sqlite3_bind_double(insert, position, value);
    } else {
      sqlite3_bind_text(insert, position, text.data(), static_cast<int>(text.size()),
                        SQLITE_STATIC);
    }
  }

  // The cached INSERT of `table`, prepared on its first row.
  core::Result<sqlite3_stmt*> insert(const CdmTable& table) {
    Statement& cached = inserts_[detail::cdm_table_index(table)];
    if (cached) return cached.get();
    std::string columns;
    std::string placeholders;
    for (const CdmField& field : table.fields) {
      columns += (columns.empty() ? "" : ", ") + quoted(field.name);
      placeholders += placeholders.empty() ? "?" : ", ?";
    }
    const std::string sql =
        fmt::format("INSERT INTO {} ({}) VALUES ({})", quoted(table.name), columns, placeholders);
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
      return core::fail(database_error(fmt::format("preparing the insert into {}", table.name)));
    }
    cached.reset(raw);
    return raw;
  }

  core::Status exec(const std::string& sql) {
    if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      return core::fail(database_error("setting up the database"));
    }
    return {};
  }

  // SQLite's messages name tables and columns, never values.
  [[nodiscard]] core::Error database_error(const std::string& doing) const {
    return core::io_error(
        fmt::format("sqlite:{}: {}: {}", target_, doing, sqlite3_errmsg(db_.get())),
        {target_, 0, 0, ""});
  }

  // After a failure the transaction may be half done: nothing more is accepted.
  core::Status usable() const {
    if (!failed_ && !committed_) return {};
    return core::fail(
        core::Error{core::ErrorCode::internal,
                    fmt::format("sqlite:{}: the writer {}", target_,
                                committed_ ? "has committed" : "failed earlier and is closed"),
                    {}});
  }
  core::Status fail_with(core::Error error) {
    failed_ = true;
    return core::fail(std::move(error));
  }

  std::string target_;
  std::string temporary_;
  Database db_;
  std::vector<Statement> inserts_;  // by table index in cdm_tables()
  bool committed_ = false;
  bool failed_ = false;
};

}  // namespace

core::Result<std::unique_ptr<CdmWriter>> open_sqlite_cdm_writer(const DatabaseUrl& url) {
  const std::string& target = url.target;
  struct stat existing {};
  if (::lstat(target.c_str(), &existing) == 0) {
    return core::fail(core::bad_input(fmt::format("'{}' exists: an OMOP database is never written "
                                                  "over an existing file; choose another file "
                                                  "or remove it",
                                                  target),
                                      {target, 0, 0, "--db"}));
  }
  if (errno != ENOENT) {
    return core::fail(
        core::io_error(fmt::format("cannot inspect '{}': {}", target, std::strerror(errno)),
                       {target, 0, 0, "--db"}));
  }
  core::remove_stale_temporaries(target);
  std::string temporary = core::temporary_template(target, "tmp");
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) {
    return core::fail(
        core::io_error(fmt::format("cannot create a file in '{}' for '{}': {}",
                                   parent_folder(target), target, std::strerror(errno)),
                       {target, 0, 0, "--db"}));
  }
  ::close(fd);
  sqlite3* raw = nullptr;
  const int status = sqlite3_open_v2(temporary.c_str(), &raw,
                                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  Database db(raw);
  if (status != SQLITE_OK) {
    ::unlink(temporary.c_str());
    return core::fail(
        core::io_error(fmt::format("sqlite:{}: cannot open: {}", target,
                                   raw != nullptr ? sqlite3_errmsg(raw) : "out of memory"),
                       {target, 0, 0, "--db"}));
  }
  auto writer = std::make_unique<SqliteCdmWriter>(target, std::move(temporary), std::move(db));
  ONCOSHARE_TRY(writer->start());  // on failure the writer's destructor removes the file
  return std::unique_ptr<CdmWriter>(std::move(writer));
}

}  // namespace oncoshare::omop
