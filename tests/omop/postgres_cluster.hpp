// One private PostgreSQL 15 cluster per test process, started at first use: initdb with
// trust authentication in a mkdtemp folder, listening only on a Unix socket in that folder,
// run as the `postgres` user when the tests run as root (PostgreSQL refuses root), stopped
// (pg_ctl stop -m immediate) and removed when the process exits. fsync is off: the cluster
// dies with the tests. Missing server binaries make the test fail, naming what is missing.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace oncoshare::testing_support {

// Rows of a query's result, NULL as nullopt.
using QueryRows = std::vector<std::vector<std::optional<std::string>>>;

// Runs `sql` on the database at `uri`; a failure is recorded on the current test and gives no rows.
inline QueryRows postgres_query(const std::string& uri, const std::string& sql) {
  QueryRows rows;
  PGconn* connection = PQconnectdb(uri.c_str());
  if (PQstatus(connection) != CONNECTION_OK) {
    ADD_FAILURE() << "cannot connect to " << uri << ": " << PQerrorMessage(connection);
    PQfinish(connection);
    return rows;
  }
  PGresult* result = PQexec(connection, sql.c_str());
  const ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    ADD_FAILURE() << sql << ": " << PQerrorMessage(connection);
  } else {
    for (int r = 0; r < PQntuples(result); ++r) {
      auto& row = rows.emplace_back();
      for (int c = 0; c < PQnfields(result); ++c) {
        row.push_back(PQgetisnull(result, r, c)
                          ? std::nullopt
                          : std::optional<std::string>(PQgetvalue(result, r, c)));
      }
    }
  }
  PQclear(result);
  PQfinish(connection);
  return rows;
}

class PostgresCluster {
 public:
  // The cluster of this process, started on the first call.
  static PostgresCluster& instance() {
    static PostgresCluster cluster;
    return cluster;
  }

  // "" when the cluster runs, else why it does not.
  [[nodiscard]] const std::string& problem() const { return problem_; }
  [[nodiscard]] const std::string& socket_dir() const { return folder_; }
  [[nodiscard]] std::string uri(const std::string& database = "postgres") const {
    return "postgresql:///" + database + "?host=" + folder_ + "&user=postgres";
  }
  // A new, empty database; its URI.
  [[nodiscard]] std::string fresh_database() {
    const std::string name = "test_" + std::to_string(++databases_);
    postgres_query(uri(), "CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
    return uri(name);
  }

  ~PostgresCluster() {
    if (started_) run(pg_ctl() + " -D " + data() + " stop -m immediate");
    std::error_code ignored;
    if (!folder_.empty()) std::filesystem::remove_all(folder_, ignored);
  }
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

 private:
  PostgresCluster() {
    const char* bin_override = std::getenv("ONCOSHARE_POSTGRES_BIN");
    bin_ = bin_override != nullptr && *bin_override != '\0' ? bin_override
                                                            : "/usr/lib/postgresql/15/bin";
    for (const char* tool : {"initdb", "pg_ctl", "postgres"}) {
      if (::access((bin_ + "/" + tool).c_str(), X_OK) != 0) {
        problem_ = "PostgreSQL 15 server binaries are missing: no " + bin_ + "/" + tool +
                   " (scripts/bootstrap installs the postgresql package; ONCOSHARE_POSTGRES_BIN "
                   "names another folder)";
        return;
      }
    }
    // Its own mkdtemp folder, not the process scratch: the postgres user must be able to enter it.
    std::string pattern = "/tmp/oncoshare-pg-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      problem_ = "cannot create a folder for the PostgreSQL cluster";
      return;
    }
    folder_ = pattern;
    if (::geteuid() == 0) {
      const passwd* postgres = ::getpwnam("postgres");
      if (postgres == nullptr ||
          ::chown(folder_.c_str(), postgres->pw_uid, postgres->pw_gid) != 0) {
        problem_ =
            "running as root, but there is no postgres user to run the PostgreSQL cluster as";
        return;
      }
      as_user_ = "runuser -u postgres -- ";
    }
    if (!run(bin_ + "/initdb -D " + data() +
             " -U postgres -A trust -E UTF8 --locale=C --no-sync --no-instructions")) {
      problem_ = "initdb failed:\n" + log_tail("commands.log");
      return;
    }
    started_ =
        run(pg_ctl() + " -D " + data() + " -w -t 30 -o \"-c listen_addresses='' -k " + folder_ +
            " -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c "
            "max_connections=100\" start");
    if (!started_) problem_ = "the PostgreSQL cluster did not start:\n" + log_tail("server.log");
  }

  // The end of a log in the cluster's folder, which goes with the folder at exit.
  [[nodiscard]] std::string log_tail(const std::string& name) const {
    std::ifstream in(folder_ + "/" + name, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
  }
  [[nodiscard]] std::string data() const { return folder_ + "/data"; }
  [[nodiscard]] std::string pg_ctl() const {
    return bin_ + "/pg_ctl -l " + folder_ + "/server.log";
  }
  bool run(const std::string& command) const {
    return std::system((as_user_ + command + " >>" + folder_ + "/commands.log 2>&1").c_str()) == 0;
  }

  std::string bin_;
  std::string folder_;
  std::string as_user_;
  std::string problem_;
  bool started_ = false;
  std::atomic<int> databases_{0};
};

// The running cluster of this process; fails the current test (fatally) when it cannot run.
#define ONCOSHARE_POSTGRES_CLUSTER(name)                                  \
  auto& name = ::oncoshare::testing_support::PostgresCluster::instance(); \
  ASSERT_EQ(name.problem(), "") << "PostgreSQL tests need a private cluster"

}  // namespace oncoshare::testing_support
