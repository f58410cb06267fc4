// OMOP export timed as users run it: `oncoshare omop --dates shift ... --db sqlite:FILE` and
// `--db postgresql://...` as whole processes, each next to a bare load of the same rows in
// the same run: the CDM tables it wrote, exported to CSV files, then loaded into empty
// tables by `sqlite3` (.import) or by `psql` (\copy, the COPY protocol oncoshare uses too),
// once into bare tables and once with oncoshare's keys and indexes (what they cost). The
// command's CPU time is printed next to its wall time: the rest it waited on the database.
// Two sizes, N/10 and N patients: peak memory should not grow with the number of patients.
// Usage: omop_bench [patients=1000000] [sqlite|postgresql|both]
//   The exports (two sites, no defects) are written by `oncoshare synth`; PostgreSQL is a
//   private cluster started by the bench (postgres_server.hpp), default settings.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "postgres_server.hpp"
#include "scratch_dir.hpp"
#include "synthetic_cohort.hpp"
#include "throughput_table.hpp"

namespace bench = oncoshare::bench;
using bench::FigureKind;

namespace {

// Runs a setup step (not timed); exits with the end of `log` when it fails.
void setup(const std::vector<std::string>& argv, const std::string& log, const bench::Redirect& redirect = {}) {
  bench::require_success(bench::run_process(argv, log, redirect), argv[0] + " " + argv[1], log);
}

std::vector<std::string> lines_of(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::string read_file(const std::string& path) {
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// The rows `oncoshare omop` wrote: the sum of its summary's table rows.
double rows_written(const std::string& summary_path) {
  const auto summary = nlohmann::json::parse(std::ifstream(summary_path));
  double rows = 0;
  for (const auto& [table, entry] : summary.at("tables").items()) rows += entry.at("rows").get<double>();
  return rows;
}

double megabytes_of(const std::string& path) {
  std::uint64_t bytes = 0;
  if (std::filesystem::is_directory(path)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path))
      if (entry.is_regular_file()) bytes += entry.file_size();
  } else {
    bytes = std::filesystem::file_size(path);
  }
  return static_cast<double>(bytes) / 1e6;
}

// What one `oncoshare omop` run wrote, and its process figures.
struct Written {
  double rows = 0;
  bench::ProcessRun run;

  // What the process computed itself; the rest of its wall time it waited (disk, server).
  [[nodiscard]] std::string cpu_share() const {
    return fmt::format("oncoshare used {:.1f} s of CPU (user + system) in {:.1f} s", run.cpu_seconds,
                       run.wall_ms / 1e3);
  }
};

// One size of the bench: the cohort, the command without --db, and where its files go.
struct Round {
  std::string dir;  // scratch for this size
  std::string log;
  std::vector<std::string> command;

  [[nodiscard]] std::string summary() const { return dir + "/summary.json"; }
  [[nodiscard]] std::string csv(const std::string& table) const { return dir + "/csv/" + table + ".csv"; }

  // Times the command into `db` (plus `extra` options) as the table's COMMAND line and sets
  // the table's work to the rows it wrote.
  Written time_command(bench::ThroughputTable& table, const std::string& label, const std::string& db,
                      const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> argv = command;
    argv.insert(argv.end(), {"--db", db});
    argv.insert(argv.end(), extra.begin(), extra.end());
    const bench::ProcessRun run = table.run(FigureKind::command, label, argv, log, {.stdout_path = summary()});
    const double rows = rows_written(summary());
    table.set_work(rows, 0);
    return {rows, run};
  }

  // Of `tables`, those whose CSV export holds rows; the others stay out of the baseline.
  [[nodiscard]] std::vector<std::string> non_empty(const std::vector<std::string>& tables) const {
    std::vector<std::string> kept;
    for (const auto& t : tables)
      if (std::filesystem::file_size(csv(t)) > 0) kept.push_back(t);
    return kept;
  }
};

// The SQL of `db`'s schema objects of `type` (table, index), one statement each.
std::string sqlite_schema(const Round& round, const std::string& db, const std::string& type) {
  const std::string out = round.dir + "/" + type + ".sql";
  setup({"sqlite3", db, fmt::format("SELECT sql || ';' FROM sqlite_master WHERE type = '{}' AND sql IS NOT NULL", type)},
        round.log, {.stdout_path = out});
  return read_file(out);
}

void bench_sqlite(const Round& round) {
  const std::string db = round.dir + "/cdm.sqlite";
  const std::string bare = round.dir + "/bare.sqlite";
  const std::string keyed = round.dir + "/keyed.sqlite";
  bench::ThroughputTable table("rows", 0, 0, 1);
  const Written written = round.time_command(table, "oncoshare omop ... --db sqlite:FILE", "sqlite:" + db);

  setup({"sqlite3", db, "SELECT name FROM sqlite_master WHERE type = 'table'"}, round.log,
        {.stdout_path = round.dir + "/tables.txt"});
  std::vector<std::string> tables = lines_of(round.dir + "/tables.txt");
  for (const auto& t : tables)
    setup({"sqlite3", "-csv", db, fmt::format("SELECT * FROM \"{}\"", t)}, round.log, {.stdout_path = round.csv(t)});
  tables = round.non_empty(tables);
  // Bare: empty tables with the same columns, no keys or indexes. Keyed: oncoshare's own
  // tables (primary keys), its indexes made after the rows, as oncoshare makes them.
  std::string bare_tables = fmt::format("ATTACH '{}' AS cdm;\n", db);
  std::string load;
  for (const auto& t : tables) {
    bare_tables += fmt::format("CREATE TABLE main.\"{0}\" AS SELECT * FROM cdm.\"{0}\" WHERE 0;\n", t);
    load += fmt::format(".import --csv {} {}\n", round.csv(t), t);
  }
  write_file(round.dir + "/bare.sql", bare_tables);
  write_file(round.dir + "/keyed.sql", sqlite_schema(round, db, "table"));
  // One transaction each, as oncoshare loads: the same number of commits.
  write_file(round.dir + "/load.sql", "BEGIN;\n" + load + "COMMIT;\n");
  write_file(round.dir + "/load_keyed.sql", "BEGIN;\n" + load + sqlite_schema(round, db, "index") + "COMMIT;\n");
  setup({"sqlite3", bare}, round.log, {.stdin_path = round.dir + "/bare.sql"});
  setup({"sqlite3", keyed}, round.log, {.stdin_path = round.dir + "/keyed.sql"});
  table.run(FigureKind::baseline, "sqlite3 .import of the same rows (CSV, bare tables)", {"sqlite3", bare}, round.log,
            {.stdin_path = round.dir + "/load.sql"});
  table.run(FigureKind::baseline, "sqlite3 .import into the same tables, then its indexes", {"sqlite3", keyed},
            round.log, {.stdin_path = round.dir + "/load_keyed.sql"});

  fmt::print("\nSQLite: {:.0f} rows in {} tables, database {:.1f} MB, CSV {:.1f} MB; {}\n", written.rows,
             tables.size(), megabytes_of(db), megabytes_of(round.dir + "/csv"), written.cpu_share());
  table.print();
  for (const auto& file : {db, bare, keyed}) std::filesystem::remove(file);
}

void bench_postgresql(const Round& round, const bench::PostgresServer& server, std::uint64_t patients) {
  // New schema names for every run: `oncoshare omop` refuses an existing schema.
  const std::string schema = fmt::format("cdm_{}", patients);
  const std::string bare = fmt::format("bare_{}", patients);
  const std::string keyed = fmt::format("keyed_{}", patients);
  const std::vector<std::string> psql{"psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", server.uri()};
  auto with = [&](std::vector<std::string> args) {
    std::vector<std::string> argv = psql;
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  };
  bench::ThroughputTable table("rows", 0, 0, 1);
  const Written written =
      round.time_command(table, "oncoshare omop ... --db postgresql://... (COPY)", server.uri(), {"--schema", schema});

  setup(with({"-c", fmt::format("SELECT table_name FROM information_schema.tables WHERE table_schema = '{}' "
                                "ORDER BY 1",
                                schema)}),
        round.log, {.stdout_path = round.dir + "/tables.txt"});
  const std::vector<std::string> all_tables = lines_of(round.dir + "/tables.txt");
  std::string save;
  for (const auto& t : all_tables) save += fmt::format("\\copy {}.{} TO '{}' CSV\n", schema, t, round.csv(t));
  write_file(round.dir + "/save.sql", save);
  setup(with({"-f", round.dir + "/save.sql"}), round.log);
  const std::vector<std::string> tables = round.non_empty(all_tables);
  // Empty tables with the same columns (LIKE: no keys, no indexes), every one so that the
  // keyed load can add oncoshare's foreign keys; rows only where oncoshare wrote some.
  std::string create = fmt::format("CREATE SCHEMA {}; CREATE SCHEMA {};\n", bare, keyed);
  for (const auto& t : all_tables) {
    create += fmt::format("CREATE TABLE {0}.{2} (LIKE {1}.{2});\n", bare, schema, t);
    create += fmt::format("CREATE TABLE {0}.{2} (LIKE {1}.{2});\n", keyed, schema, t);
  }
  write_file(round.dir + "/create.sql", create);
  setup(with({"-f", round.dir + "/create.sql"}), round.log);
  auto load_into = [&](const std::string& target) {
    std::string load;
    for (const auto& t : tables) load += fmt::format("\\copy {}.{} FROM '{}' CSV\n", target, t, round.csv(t));
    return load;
  };
  // oncoshare's keys, foreign keys and indexes as pg_dump writes them, on the keyed schema.
  setup({"pg_dump", "--schema-only", "--section=post-data", "-n", schema, "-d", server.uri()}, round.log,
        {.stdout_path = round.dir + "/keys.sql"});
  const std::string keys = replace_all(read_file(round.dir + "/keys.sql"), schema + ".", keyed + ".");
  write_file(round.dir + "/load.sql", load_into(bare));
  write_file(round.dir + "/load_keyed.sql", load_into(keyed) + keys);
  table.run(FigureKind::baseline, "psql -f: \\copy of the same rows (CSV, bare tables)",
            with({"-f", round.dir + "/load.sql"}), round.log);
  table.run(FigureKind::baseline, "psql -f: the same \\copy, then oncoshare's keys and indexes",
            with({"-f", round.dir + "/load_keyed.sql"}), round.log);

  fmt::print("\nPostgreSQL: {:.0f} rows in {} tables, CSV {:.1f} MB; {}\n", written.rows, tables.size(),
             megabytes_of(round.dir + "/csv"), written.cpu_share());
  table.print();
  setup(with({"-c", fmt::format("DROP SCHEMA {} CASCADE; DROP SCHEMA {} CASCADE; DROP SCHEMA {} CASCADE", schema,
                                bare, keyed)}),
        round.log);
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t patients = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const std::string target = argc > 2 ? argv[2] : "both";
  const bool sqlite = target == "sqlite" || target == "both";
  const bool postgresql = target == "postgresql" || target == "both";
  if (!sqlite && !postgresql) {
    fmt::print(stderr, "usage: omop_bench [patients=1000000] [sqlite|postgresql|both]\n");
    return 2;
  }
  const bench::ScratchDir scratch("omop-bench");
  const std::string& dir = scratch.path();
  const std::string key = dir + "/site.key";
  bench::require_success(bench::run_process({ONCOSHARE_BINARY, "keygen", "--out", key}, dir + "/keygen.log"),
                         "oncoshare keygen", dir + "/keygen.log");
  std::unique_ptr<bench::PostgresServer> server;
  if (postgresql) server = std::make_unique<bench::PostgresServer>();
  // One run of each: a database must be new, and a million patients take minutes.
  fmt::print("omop_bench: {}, dates shifted, 2 sites, one run each\n", target);
  for (const std::uint64_t n : {std::max<std::uint64_t>(patients / 10, 1), patients}) {
    const auto cohort = bench::SyntheticCohort::make(fmt::format("{}/cohort_{}", dir, n), n, 2, true);
    Round round{fmt::format("{}/run_{}", dir, n), fmt::format("{}/run_{}.log", dir, n), {}};
    std::filesystem::create_directories(round.dir + "/csv");
    round.command = {ONCOSHARE_BINARY, "omop",  "--dictionary", cohort.dictionary, "--mapping", cohort.mapping,
                     "--key-file",     key,     "--dates",      "shift"};
    for (const auto& data : cohort.exports) round.command.insert(round.command.end(), {"--data", data});
    fmt::print("\n{} patients: {} rows, {:.1f} MB in\n", n, cohort.rows, cohort.megabytes);
    if (sqlite) bench_sqlite(round);
    if (postgresql) bench_postgresql(round, *server, n);
    std::filesystem::remove_all(round.dir);
    std::filesystem::remove_all(cohort.dir);
  }
  return 0;
}
