#include "node/dp_ledger.hpp"

#include <chrono>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cstring>

namespace oncoshare::node {

namespace {

constexpr std::string_view kSchema = R"(
CREATE TABLE IF NOT EXISTS budget (
  researcher TEXT NOT NULL, source TEXT NOT NULL, total_micro INTEGER NOT NULL,
  PRIMARY KEY (researcher, source));
CREATE TABLE IF NOT EXISTS spend (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL UNIQUE,
  researcher TEXT NOT NULL, source TEXT NOT NULL, amount_micro INTEGER NOT NULL CHECK (amount_micro >= 0),
  time TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS spend_pair ON spend (researcher, source);
CREATE TABLE IF NOT EXISTS answered_subset (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL UNIQUE,
  researcher TEXT NOT NULL, source TEXT NOT NULL, patients BLOB NOT NULL, time TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS answered_subset_pair ON answered_subset (researcher, source);
CREATE TABLE IF NOT EXISTS model_fit (
  researcher TEXT NOT NULL, source TEXT NOT NULL, fit TEXT NOT NULL, rounds INTEGER NOT NULL,
  PRIMARY KEY (researcher, source, fit));
)";

std::string now_utc() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

core::Error refused(std::string message) {
  return core::Error{core::ErrorCode::check_failed, std::move(message)};
}

}  // namespace

core::Result<MicroEpsilon> parse_epsilon(std::string_view text) {
  auto bad = [text] { return core::bad_input(fmt::format("invalid epsilon '{}' (expected a non-negative decimal with at most 6 decimals)", text)); };
  std::size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 12 || fraction.size() > 6) return bad();
  if (dot != std::string_view::npos && fraction.empty()) return bad();
  MicroEpsilon value = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return bad();
    value = value * 10 + (c - '0');
  }
  MicroEpsilon micro = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    char c = i < fraction.size() ? fraction[i] : '0';
    if (c < '0' || c > '9') return bad();
    micro = micro * 10 + (c - '0');
  }
  return value * kMicroPerEpsilon + micro;
}

std::string format_epsilon(MicroEpsilon amount) {
  std::string sign = amount < 0 ? "-" : "";
  if (amount < 0) amount = -amount;
  std::string text = sign + std::to_string(amount / kMicroPerEpsilon);
  MicroEpsilon fraction = amount % kMicroPerEpsilon;
  if (fraction == 0) return text;
  std::string digits = fmt::format("{:06d}", fraction);
  digits.erase(digits.find_last_not_of('0') + 1);
  return text + "." + digits;
}

DpLedger::DpLedger(detail::Database db, MicroEpsilon default_total)
    : db_(std::move(db)), default_total_(default_total) {}

core::Result<DpLedger> DpLedger::open(const std::string& path, MicroEpsilon default_total) {
  if (default_total < 0) return core::bad_input("default privacy budget must not be negative");
  auto db = detail::Database::open(path);
  if (!db) return db.error();
  ONCOSHARE_TRY(db->exec(kSchema));
  return DpLedger(std::move(*db), default_total);
}

core::Status DpLedger::set_budget(const std::string& researcher, const std::string& source, MicroEpsilon total) {
  if (total < 0) return core::bad_input(fmt::format("privacy budget must not be negative, got {}", format_epsilon(total)));
  std::lock_guard lock(*mutex_);
  auto stmt = db_.prepare(
      "INSERT INTO budget (researcher, source, total_micro) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (researcher, source) DO UPDATE SET total_micro = excluded.total_micro");
  if (!stmt) return stmt.error();
  return stmt->bind(1, researcher).bind(2, source).bind(3, total).run();
}

core::Result<BudgetStatus> DpLedger::status_locked(const std::string& researcher, const std::string& source) {
  auto stmt = db_.prepare(
      "SELECT (SELECT total_micro FROM budget WHERE researcher = ?1 AND source = ?2), "
      "(SELECT COALESCE(SUM(amount_micro), 0) FROM spend WHERE researcher = ?1 AND source = ?2)");
  if (!stmt) return stmt.error();
  stmt->bind(1, researcher).bind(2, source);
  auto row = stmt->step();
  if (!row) return row.error();
  BudgetStatus status{researcher, source, default_total_, stmt->column_int64(1)};
  if (!stmt->column_is_null(0)) status.total = stmt->column_int64(0);
  return status;
}

core::Result<BudgetStatus> DpLedger::status(const std::string& researcher, const std::string& source) {
  std::lock_guard lock(*mutex_);
  return status_locked(researcher, source);
}

core::Result<BudgetStatus> DpLedger::spend(const std::string& researcher, const std::string& source,
                                           MicroEpsilon amount, const std::string& request_id) {
  if (amount <= 0) return core::bad_input(fmt::format("epsilon to spend must be positive, got {}", format_epsilon(amount)));
  if (request_id.empty()) return core::bad_input("a privacy budget spend needs a request id");
  std::lock_guard lock(*mutex_);
  // The write lock is taken before reading, so no other connection can spend in between.
  auto tx = detail::Transaction::begin(db_);
  if (!tx) return tx.error();
  auto seen = db_.prepare("SELECT researcher, source FROM spend WHERE request_id = ?1");
  if (!seen) return seen.error();
  auto row = seen->bind(1, request_id).step();
  if (!row) return row.error();
  if (*row) return refused(fmt::format("request '{}' was already charged to the privacy budget", request_id));

  auto current = status_locked(researcher, source);
  if (!current) return current.error();
  if (amount > current->remaining()) {
    return refused(fmt::format("privacy budget exceeded: requested {}, remaining {} of {}", format_epsilon(amount),
                               format_epsilon(std::max<MicroEpsilon>(current->remaining(), 0)),
                               format_epsilon(current->total)));
  }
  auto insert = db_.prepare(
      "INSERT INTO spend (request_id, researcher, source, amount_micro, time) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!insert) return insert.error();
  ONCOSHARE_TRY(insert->bind(1, request_id).bind(2, researcher).bind(3, source).bind(4, amount).bind(5, now_utc()).run());
  ONCOSHARE_TRY(tx->commit());
  current->spent += amount;
  return *current;
}

namespace {

// How many patients are in exactly one of two sorted digest lists, counting no further than `limit`.
std::int64_t difference_below(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b, std::int64_t limit) {
  std::int64_t d = 0;
  std::size_t i = 0, j = 0;
  while ((i < a.size() || j < b.size()) && d < limit) {
    if (j == b.size() || (i < a.size() && a[i] < b[j])) ++i, ++d;
    else if (i == a.size() || b[j] < a[i]) ++j, ++d;
    else ++i, ++j;
  }
  return d;
}

}  // namespace

core::Status DpLedger::admit_subset(const std::string& researcher, const std::string& source,
                                    const std::vector<std::uint64_t>& patients, std::int64_t min_difference,
                                    const std::string& request_id) {
  if (request_id.empty()) return core::bad_input("an answered subset needs a request id");
  std::lock_guard lock(*mutex_);
  auto tx = detail::Transaction::begin(db_);
  if (!tx) return tx.error();
  auto earlier = db_.prepare("SELECT request_id, patients FROM answered_subset WHERE researcher = ?1 AND source = ?2");
  if (!earlier) return earlier.error();
  earlier->bind(1, researcher).bind(2, source);
  // With a minimum difference of 1 nothing can be refused: the history is only recorded.
  for (bool scan = min_difference > 1; scan;) {
    auto row = earlier->step();
    if (!row) return row.error();
    if (!*row) break;
    const std::string blob = earlier->column_blob(1);
    std::vector<std::uint64_t> other(blob.size() / sizeof(std::uint64_t));
    std::memcpy(other.data(), blob.data(), other.size() * sizeof(std::uint64_t));
    const std::int64_t d = difference_below(patients, other, min_difference);
    if (d > 0 && d < min_difference) {
      return refused(fmt::format("the patients this query selects differ from those of an earlier answer (request '{}') "
                                 "by fewer than {}: the two answers together would describe those few",
                                 earlier->column_text(0), min_difference));
    }
  }
  auto insert = db_.prepare(
      "INSERT INTO answered_subset (request_id, researcher, source, patients, time) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!insert) return insert.error();
  const std::string blob(reinterpret_cast<const char*>(patients.data()), patients.size() * sizeof(std::uint64_t));
  ONCOSHARE_TRY(insert->bind(1, request_id).bind(2, researcher).bind(3, source).bind_blob(4, blob).bind(5, now_utc()).run());
  return tx->commit();
}

core::Result<std::int64_t> DpLedger::model_rounds(const std::string& researcher, const std::string& source,
                                                  const std::string& fit) {
  std::lock_guard lock(*mutex_);
  auto stmt = db_.prepare("SELECT rounds FROM model_fit WHERE researcher = ?1 AND source = ?2 AND fit = ?3");
  if (!stmt) return stmt.error();
  auto row = stmt->bind(1, researcher).bind(2, source).bind(3, fit).step();
  if (!row) return row.error();
  return *row ? stmt->column_int64(0) : std::int64_t{0};
}

core::Result<std::int64_t> DpLedger::count_model_round(const std::string& researcher, const std::string& source,
                                                       const std::string& fit, std::int64_t max_rounds) {
  std::lock_guard lock(*mutex_);
  auto tx = detail::Transaction::begin(db_);
  if (!tx) return tx.error();
  auto stmt = db_.prepare("SELECT rounds FROM model_fit WHERE researcher = ?1 AND source = ?2 AND fit = ?3");
  if (!stmt) return stmt.error();
  auto row = stmt->bind(1, researcher).bind(2, source).bind(3, fit).step();
  if (!row) return row.error();
  const std::int64_t rounds = *row ? stmt->column_int64(0) : 0;
  if (rounds >= max_rounds) {
    return refused(fmt::format("fit '{}' has had the {} rounds a fit may ask of this node", fit, max_rounds));
  }
  auto upsert = db_.prepare(
      "INSERT INTO model_fit (researcher, source, fit, rounds) VALUES (?1, ?2, ?3, 1) "
      "ON CONFLICT (researcher, source, fit) DO UPDATE SET rounds = rounds + 1");
  if (!upsert) return upsert.error();
  ONCOSHARE_TRY(upsert->bind(1, researcher).bind(2, source).bind(3, fit).run());
  ONCOSHARE_TRY(tx->commit());
  return rounds + 1;
}

core::Result<std::vector<BudgetStatus>> DpLedger::report() {
  std::lock_guard lock(*mutex_);
  auto stmt = db_.prepare(
      "SELECT researcher, source FROM budget UNION SELECT researcher, source FROM spend "
      "ORDER BY 1, 2");
  if (!stmt) return stmt.error();
  std::vector<BudgetStatus> rows;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    auto status = status_locked(stmt->column_text(0), stmt->column_text(1));
    if (!status) return status.error();
    rows.push_back(std::move(*status));
  }
  return rows;
}

core::Result<std::vector<SpendRecord>> DpLedger::spends() {
  std::lock_guard lock(*mutex_);
  auto stmt = db_.prepare("SELECT request_id, researcher, source, amount_micro, time FROM spend ORDER BY seq");
  if (!stmt) return stmt.error();
  std::vector<SpendRecord> rows;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    rows.push_back({stmt->column_text(0), stmt->column_text(1), stmt->column_text(2), stmt->column_int64(3),
                    stmt->column_text(4)});
  }
  return rows;
}

}  // namespace oncoshare::node
