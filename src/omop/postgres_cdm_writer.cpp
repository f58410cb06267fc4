// Rows of different tables arrive interleaved, and a connection runs one COPY at a time. So
// each table that receives rows gets a connection of its own, opened at its first row, whose
// COPY stays open until commit: memory holds one send buffer per table (kSendBuffer), however
// many rows are loaded, at the cost of one server connection per table in use (at most
// one per CDM table, about a dozen for a clinical export).
#include "omop/postgres_cdm_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <vector>

#include "omop/cdm_ddl.hpp"
#include "omop/cdm_row_check.hpp"
#include "omop/copy_text.hpp"
#include "omop/detail/postgres_connection.hpp"
#include "omop/detail/table_index.hpp"

namespace oncoshare::omop {

namespace {

using detail::PgConnection;

constexpr std::size_t kSendBuffer = 1u << 20;
// The load schema adds "_load_" and 16 hex digits; PostgreSQL names have at most 63 bytes.
constexpr std::size_t kMaxSchemaName = 40;

core::Status check_schema_name(const std::string& schema) {
  const bool valid =
      !schema.empty() && schema.size() <= kMaxSchemaName &&
      (std::islower(static_cast<unsigned char>(schema[0])) != 0 || schema[0] == '_') &&
      std::all_of(schema.begin(), schema.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) != 0 ||
               std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '_';
      });
  if (valid) return {};
  return core::fail(core::bad_input(
      fmt::format(
          "'{}' is no schema name: use lower-case letters, digits and '_', at most {} characters",
          schema, kMaxSchemaName),
      {"", 0, 0, "--schema"}));
}

core::Error schema_exists_error(const DatabaseUrl& url, const std::string& schema) {
  return core::bad_input(
      fmt::format("schema '{}' exists in {}: choose another --schema or drop it", schema, url.text),
      {"", 0, 0, "--schema"});
}

std::string random_hex() {
  std::random_device device;
  return fmt::format("{:08x}{:08x}", device(), device());
}

class PostgresCdmWriter final : public CdmWriter {
 public:
  PostgresCdmWriter(DatabaseUrl url, std::string target, std::string load, PgConnection main)
      : url_(std::move(url)),
        target_(std::move(target)),
        load_(std::move(load)),
        main_(std::move(main)),
        copies_(cdm_tables().size()) {}

  // Without commit: the COPYs are cancelled and the load schema dropped with all it holds.
  ~PostgresCdmWriter() override {
    if (committed_) return;
    for (TableCopy& copy : copies_) {
      if (copy.connection) {
        PQputCopyEnd(copy.connection.get(), "load abandoned");
        while (detail::PgResult(PQgetResult(copy.connection.get()))) {
        }
      }
    }
    copies_.clear();
    if (!main_) return;
    if (PQtransactionStatus(main_.get()) != PQTRANS_IDLE) (void)exec("ROLLBACK", "rolling back");
    (void)exec("DROP SCHEMA IF EXISTS " + quoted(load_) + " CASCADE", "dropping the load schema");
  }
  PostgresCdmWriter(const PostgresCdmWriter&) = delete;
  PostgresCdmWriter& operator=(const PostgresCdmWriter&) = delete;

  // The load schema and its tables, without keys: they come after the rows, as in OHDSI's DDL.
  core::Status start() {
    ONCOSHARE_TRY(exec("BEGIN", "starting"));
    ONCOSHARE_TRY(exec("CREATE SCHEMA " + quoted(load_), "creating schema " + load_));
    for (const CdmTable& table : cdm_tables()) {
      ONCOSHARE_TRY(exec(create_table_sql(table, SqlDialect::postgresql, load_),
                         "creating table " + std::string(table.name)));
    }
    return exec("COMMIT", "creating the tables");
  }

  core::Status add(const CdmTable& table, std::span<const Cell> row) override {
    ONCOSHARE_TRY(usable());
    ONCOSHARE_TRY(check_cdm_row(table, row));
    TableCopy& copy = copies_[detail::cdm_table_index(table)];
    if (!copy.connection) {
      if (auto status = start_copy(table, copy); !status) return fail_with(status.error());
    }
    append_copy_row(copy.buffer, row);
    if (copy.buffer.size() >= kSendBuffer) {
      if (auto status = send(table, copy); !status) return fail_with(status.error());
    }
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
  struct TableCopy {
    PgConnection connection;
    std::string buffer;
  };

  core::Status start_copy(const CdmTable& table, TableCopy& copy) {
    auto connection = detail::connect(url_);
    if (!connection) return core::fail(connection.error());
    std::string columns;
    for (const CdmField& field : table.fields)
      columns += (columns.empty() ? "" : ", ") + quoted(field.name);
    ONCOSHARE_TRY(
        detail::run(connection->get(), url_,
                    fmt::format("COPY {} ({}) FROM STDIN", qualified(load_, table.name), columns),
                    fmt::format("loading {}", table.name), PGRES_COPY_IN));
    copy.connection = std::move(*connection);
    copy.buffer.reserve(kSendBuffer + (64u << 10));
    return {};
  }

  core::Status send(const CdmTable& table, TableCopy& copy) {
    if (PQputCopyData(copy.connection.get(), copy.buffer.data(),
                      static_cast<int>(copy.buffer.size())) != 1) {
      return core::fail(detail::failure(url_, fmt::format("loading {}", table.name), nullptr,
                                        copy.connection.get()));
    }
    copy.buffer.clear();
    return {};
  }

  // Sends the rest of the table's rows and ends its COPY; the server checks the rows then.
  core::Status end_copy(const CdmTable& table, TableCopy& copy) {
    ONCOSHARE_TRY(send(table, copy));
    PGconn* connection = copy.connection.get();
    if (PQputCopyEnd(connection, nullptr) != 1) {
      return core::fail(
          detail::failure(url_, fmt::format("loading {}", table.name), nullptr, connection));
    }
    core::Status status;
    while (detail::PgResult result{PQgetResult(connection)}) {
      if (status && PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
        status = core::fail(
            detail::failure(url_, fmt::format("loading {}", table.name), result.get(), connection));
      }
    }
    copy.connection.reset();
    return status;
  }

  core::Status finish() {
    const auto tables = cdm_tables();
    for (std::size_t i = 0; i < tables.size(); ++i) {
      if (copies_[i].connection) ONCOSHARE_TRY(end_copy(tables[i], copies_[i]));
    }
    for (const std::string& sql : primary_key_sql(load_)) {
      ONCOSHARE_TRY(exec(sql, "adding a primary key"));
    }
    for (const std::string& sql : unique_key_sql(SqlDialect::postgresql, load_)) {
      ONCOSHARE_TRY(exec(sql, "adding a unique key"));
    }
    for (const ForeignKey& key : foreign_keys()) {
      ONCOSHARE_TRY(exec(
          foreign_key_sql(key, load_),
          fmt::format("adding foreign key {} ({}.{} -> {}.{})", key.name, key.table->name,
                      key.field->name, key.referenced_table->name, key.referenced_field->name)));
    }
    for (const std::string& sql : index_sql(load_)) ONCOSHARE_TRY(exec(sql, "creating an index"));
    return publish();
  }

  // One transaction: the target must still be free, then the load schema takes its name.
  core::Status publish() {
    ONCOSHARE_TRY(exec("BEGIN", "renaming the schema"));
    auto exists = detail::schema_exists(main_.get(), url_, target_);
    if (!exists) return core::fail(exists.error());
    if (*exists) {
      (void)exec("ROLLBACK", "renaming the schema");
      return core::fail(schema_exists_error(url_, target_));
    }
    auto renamed = exec(fmt::format("ALTER SCHEMA {} RENAME TO {}", quoted(load_), quoted(target_)),
                        "renaming the schema");
    if (renamed) renamed = exec("COMMIT", "renaming the schema");
    if (renamed) return {};
    // Another load may have taken the name between the check and the rename.
    (void)exec("ROLLBACK", "renaming the schema");
    auto taken = detail::schema_exists(main_.get(), url_, target_);
    return core::fail(taken && *taken ? schema_exists_error(url_, target_) : renamed.error());
  }

 private:
  core::Status exec(const std::string& sql, std::string_view doing) {
    ONCOSHARE_TRY(detail::run(main_.get(), url_, sql, doing));
    return {};
  }

  core::Status usable() const {
    if (!failed_ && !committed_) return {};
    return core::fail(
        core::Error{core::ErrorCode::internal,
                    fmt::format("{}: the writer {}", url_.text,
                                committed_ ? "has committed" : "failed earlier and is closed"),
                    {}});
  }
  core::Status fail_with(core::Error error) {
    failed_ = true;
    return core::fail(std::move(error));
  }

  DatabaseUrl url_;
  std::string target_;
  std::string load_;
  PgConnection main_;
  std::vector<TableCopy> copies_;  // by table index in cdm_tables()
  bool committed_ = false;
  bool failed_ = false;
};

}  // namespace

core::Result<std::unique_ptr<CdmWriter>> open_postgres_cdm_writer(const DatabaseUrl& url,
                                                                  const std::string& schema) {
  ONCOSHARE_TRY(check_schema_name(schema));
  auto connection = detail::connect(url);
  if (!connection) return core::fail(connection.error());
  auto exists = detail::schema_exists(connection->get(), url, schema);
  if (!exists) return core::fail(exists.error());
  if (*exists) return core::fail(schema_exists_error(url, schema));
  auto writer = std::make_unique<PostgresCdmWriter>(
      url, schema, fmt::format("{}_load_{}", schema, random_hex()), std::move(*connection));
  ONCOSHARE_TRY(writer->start());  // on failure the writer's destructor drops what was made
  return std::unique_ptr<CdmWriter>(std::move(writer));
}

}  // namespace oncoshare::omop
