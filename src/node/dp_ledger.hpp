// Differential-privacy budget ledger: each (researcher, dataset) pair has an epsilon
// budget; every release spends part of it and the ledger refuses to overspend. Amounts are
// integers in micro-epsilon (1e-6) so sums are exact. Persisted in SQLite (WAL, one
// transaction per spend): survives restarts and is safe across threads and processes.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "node/detail/sqlite.hpp"

namespace oncoshare::node {

using MicroEpsilon = std::int64_t;
inline constexpr MicroEpsilon kMicroPerEpsilon = 1'000'000;

// Exact decimal parse: "1", "0.25", "0.000001". At most 6 decimals, non-negative; errors
// name the raw text.
[[nodiscard]] core::Result<MicroEpsilon> parse_epsilon(std::string_view text);
// Shortest exact decimal: 250000 -> "0.25", 1000000 -> "1".
[[nodiscard]] std::string format_epsilon(MicroEpsilon amount);

struct BudgetStatus {
  std::string researcher;
  std::string dataset;
  MicroEpsilon total = 0;
  MicroEpsilon spent = 0;
  [[nodiscard]] MicroEpsilon remaining() const { return total - spent; }
};

struct SpendRecord {
  std::string request_id;
  std::string researcher;
  std::string dataset;
  MicroEpsilon amount = 0;
  std::string time;  // UTC, ISO 8601
};

class DpLedger {
 public:
  // Opens or creates the ledger at `path`. Pairs without an explicit budget get `default_total`.
  [[nodiscard]] static core::Result<DpLedger> open(const std::string& path, MicroEpsilon default_total);

  // Sets the total budget for a pair (it may be below what was spent: then nothing more is allowed).
  [[nodiscard]] core::Status set_budget(const std::string& researcher, const std::string& dataset,
                                        MicroEpsilon total);

  // Atomically charges `amount` to the pair. Refusal (check_failed) when it would exceed
  // the budget: "privacy budget exceeded for researcher 'r' on dataset 'd': requested 0.3,
  // remaining 0.2 of 1"; also when `request_id` was already charged. Returns the new status.
  [[nodiscard]] core::Result<BudgetStatus> spend(const std::string& researcher, const std::string& dataset,
                                                 MicroEpsilon amount, const std::string& request_id);

  [[nodiscard]] core::Result<BudgetStatus> status(const std::string& researcher, const std::string& dataset);
  // Every pair with a budget row or a spend, sorted by researcher then dataset.
  [[nodiscard]] core::Result<std::vector<BudgetStatus>> report();
  // Spends in the order they were made.
  [[nodiscard]] core::Result<std::vector<SpendRecord>> spends();

 private:
  DpLedger(detail::Database db, MicroEpsilon default_total);
  [[nodiscard]] core::Result<BudgetStatus> status_locked(const std::string& researcher, const std::string& dataset);

  detail::Database db_;
  MicroEpsilon default_total_;
  std::unique_ptr<std::mutex> mutex_ = std::make_unique<std::mutex>();  // one connection, many threads
};

}  // namespace oncoshare::node
