// A private PostgreSQL 15 cluster for one bench run: initdb (trust authentication) in a
// mkdtemp folder, listening only on a Unix socket in that folder, run as the `postgres`
// user when the bench runs as root (PostgreSQL refuses root), stopped and removed at the
// end. The server keeps its default settings (fsync and WAL on): every load the bench times
// against it, oncoshare's and the baseline's, pays the same durability costs.
#pragma once

#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace oncoshare::bench {

class PostgresServer {
 public:
  // Starts the cluster; exits naming the log when it cannot.
  PostgresServer() {
    // Its own folder, not the bench scratch: the postgres user must be able to enter it.
    std::string pattern = "/tmp/oncoshare-bench-pg-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) die("cannot create a folder for the PostgreSQL cluster");
    folder_ = pattern;
    if (::geteuid() == 0) {
      const passwd* postgres = ::getpwnam("postgres");
      if (postgres == nullptr || ::chown(folder_.c_str(), postgres->pw_uid, postgres->pw_gid) != 0) {
        die("running as root, but there is no postgres user to run the cluster as");
      }
      as_user_ = "runuser -u postgres -- ";
    }
    const std::string bin = "/usr/lib/postgresql/15/bin";
    if (!run(bin + "/initdb -D " + data() + " -U postgres -A trust -E UTF8 --locale=C --no-instructions")) {
      die("initdb failed (scripts/bootstrap installs the postgresql package)");
    }
    pg_ctl_ = bin + "/pg_ctl -D " + data() + " -l " + folder_ + "/server.log";
    started_ = run(pg_ctl_ + " -w -t 60 -o \"-c listen_addresses='' -k " + folder_ + "\" start");
    if (!started_) die("the PostgreSQL cluster did not start");
  }
  ~PostgresServer() {
    if (started_) run(pg_ctl_ + " -w stop -m fast");
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  }
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // The libpq URI of database `postgres`, as `oncoshare omop --db` and `psql` take it.
  [[nodiscard]] std::string uri() const { return "postgresql:///postgres?host=" + folder_ + "&user=postgres"; }

 private:
  [[nodiscard]] std::string data() const { return folder_ + "/data"; }
  bool run(const std::string& command) const {
    return std::system((as_user_ + command + " >>" + folder_ + "/commands.log 2>&1").c_str()) == 0;
  }
  [[noreturn]] void die(const std::string& why) const {
    std::fprintf(stderr, "PostgreSQL cluster: %s (see %s/commands.log)\n", why.c_str(), folder_.c_str());
    std::exit(1);
  }

  std::string folder_;
  std::string as_user_;
  std::string pg_ctl_;
  bool started_ = false;
};

}  // namespace oncoshare::bench
