#include "node/dp_ledger.hpp"

#include <chrono>
#include <fmt/chrono.h>
#include <fmt/format.h>

namespace oncoshare::node {

namespace {

constexpr std::string_view kSchema = R"(
CREATE TABLE IF NOT EXISTS dp_budget (
  researcher TEXT NOT NULL, dataset TEXT NOT NULL, total_micro INTEGER NOT NULL,
  PRIMARY KEY (researcher, dataset));
CREATE TABLE IF NOT EXISTS dp_spend (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL UNIQUE,
  researcher TEXT NOT NULL, dataset TEXT NOT NULL, amount_micro INTEGER NOT NULL CHECK (amount_micro >= 0),
  time TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS dp_spend_pair ON dp_spend (researcher, dataset);
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

core::Status DpLedger::set_budget(const std::string& researcher, const std::string& dataset, MicroEpsilon total) {
  if (total < 0) return core::bad_input(fmt::format("privacy budget must not be negative, got {}", format_epsilon(total)));
  std::lock_guard lock(*mutex_);
  auto stmt = db_.prepare(
      "INSERT INTO dp_budget (researcher, dataset, total_micro) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (researcher, dataset) DO UPDATE SET total_micro = excluded.total_micro");
  if (!stmt) return stmt.error();
  return stmt->bind(1, researcher).bind(2, dataset).bind(3, total).run();
}

core::Result<BudgetStatus> DpLedger::status_locked(const std::string& researcher, const std::string& dataset) {
  auto stmt = db_.prepare(
      "SELECT (SELECT total_micro FROM dp_budget WHERE researcher = ?1 AND dataset = ?2), "
      "(SELECT COALESCE(SUM(amount_micro), 0) FROM dp_spend WHERE researcher = ?1 AND dataset = ?2)");
  if (!stmt) return stmt.error();
  stmt->bind(1, researcher).bind(2, dataset);
  auto row = stmt->step();
  if (!row) return row.error();
  BudgetStatus status{researcher, dataset, default_total_, stmt->column_int64(1)};
  if (!stmt->column_is_null(0)) status.total = stmt->column_int64(0);
  return status;
}

core::Result<BudgetStatus> DpLedger::status(const std::string& researcher, const std::string& dataset) {
  std::lock_guard lock(*mutex_);
  return status_locked(researcher, dataset);
}

core::Result<BudgetStatus> DpLedger::spend(const std::string& researcher, const std::string& dataset,
                                           MicroEpsilon amount, const std::string& request_id) {
  if (amount <= 0) return core::bad_input(fmt::format("epsilon to spend must be positive, got {}", format_epsilon(amount)));
  if (request_id.empty()) return core::bad_input("a privacy budget spend needs a request id");
  std::lock_guard lock(*mutex_);
  // The write lock is taken before reading, so no other connection can spend in between.
  auto tx = detail::Transaction::begin(db_);
  if (!tx) return tx.error();
  auto seen = db_.prepare("SELECT researcher, dataset FROM dp_spend WHERE request_id = ?1");
  if (!seen) return seen.error();
  auto row = seen->bind(1, request_id).step();
  if (!row) return row.error();
  if (*row) return refused(fmt::format("request '{}' was already charged to the privacy budget", request_id));

  auto current = status_locked(researcher, dataset);
  if (!current) return current.error();
  if (amount > current->remaining()) {
    return refused(fmt::format("privacy budget exceeded for researcher '{}' on dataset '{}': requested {}, remaining {} of {}",
                               researcher, dataset, format_epsilon(amount),
                               format_epsilon(std::max<MicroEpsilon>(current->remaining(), 0)),
                               format_epsilon(current->total)));
  }
  auto insert = db_.prepare(
      "INSERT INTO dp_spend (request_id, researcher, dataset, amount_micro, time) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!insert) return insert.error();
  ONCOSHARE_TRY(insert->bind(1, request_id).bind(2, researcher).bind(3, dataset).bind(4, amount).bind(5, now_utc()).run());
  ONCOSHARE_TRY(tx->commit());
  current->spent += amount;
  return *current;
}

core::Result<std::vector<BudgetStatus>> DpLedger::report() {
  std::lock_guard lock(*mutex_);
  auto stmt = db_.prepare(
      "SELECT researcher, dataset FROM dp_budget UNION SELECT researcher, dataset FROM dp_spend "
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
  auto stmt = db_.prepare("SELECT request_id, researcher, dataset, amount_micro, time FROM dp_spend ORDER BY seq");
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
