// Differential-privacy budget ledger: each (researcher identity, data source) pair has an
// epsilon budget; every release spends part of it and the ledger refuses to overspend. The
// identity is the certificate's subject and issuer (pki.hpp researcher_identity), the
// source the content of the exports a dataset loads (store.hpp source_sha256), so neither
// a second dataset id over the same records nor another CN under the same subject starts
// afresh. Amounts are integers in micro-epsilon (1e-6) so sums are exact. The ledger also
// keeps the patients each exact answer covered (as record-id digests), for the overlap
// control, and the rounds each model fit asked (a fit is charged once, its rounds capped). Persisted in SQLite (WAL, one transaction per spend): survives restarts and is
// safe across threads and processes.
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
  std::string researcher;  // identity
  std::string source;
  MicroEpsilon total = 0;
  MicroEpsilon spent = 0;
  [[nodiscard]] MicroEpsilon remaining() const { return total - spent; }
};

struct SpendRecord {
  std::string request_id;
  std::string researcher;
  std::string source;
  MicroEpsilon amount = 0;
  std::string time;  // UTC, ISO 8601
};

class DpLedger {
 public:
  // Opens or creates the ledger at `path`. Pairs without an explicit budget get `default_total`.
  [[nodiscard]] static core::Result<DpLedger> open(const std::string& path, MicroEpsilon default_total);

  // Sets the total budget for a pair (it may be below what was spent: then nothing more is allowed).
  [[nodiscard]] core::Status set_budget(const std::string& researcher, const std::string& source,
                                        MicroEpsilon total);

  // Atomically charges `amount` to the pair. Refusal (check_failed) when it would exceed
  // the budget: "privacy budget exceeded: requested 0.3, remaining 0.2 of 1"; also when
  // `request_id` was already charged. Returns the new status.
  [[nodiscard]] core::Result<BudgetStatus> spend(const std::string& researcher, const std::string& source,
                                                 MicroEpsilon amount, const std::string& request_id);

  // Overlap control for exact answers: refuses (check_failed) when `patients` (sorted
  // record-id digests) differs from a subset answered earlier for the pair by more than
  // nothing and fewer than `min_difference` patients (the difference of the two answers
  // would describe those few); else records it under `request_id`.
  [[nodiscard]] core::Status admit_subset(const std::string& researcher, const std::string& source,
                                          const std::vector<std::uint64_t>& patients, std::int64_t min_difference,
                                          const std::string& request_id);

  // Rounds of model fit `fit` the pair has asked so far (0: a new fit, not yet charged).
  [[nodiscard]] core::Result<std::int64_t> model_rounds(const std::string& researcher, const std::string& source,
                                                        const std::string& fit);
  // Counts one more round of `fit` for the pair and returns the rounds counted, this one
  // included; refuses (check_failed) when the fit already had `max_rounds`.
  [[nodiscard]] core::Result<std::int64_t> count_model_round(const std::string& researcher, const std::string& source,
                                                             const std::string& fit, std::int64_t max_rounds);

  [[nodiscard]] core::Result<BudgetStatus> status(const std::string& researcher, const std::string& source);
  // Every pair with a budget row or a spend, sorted by researcher then source.
  [[nodiscard]] core::Result<std::vector<BudgetStatus>> report();
  // Spends in the order they were made.
  [[nodiscard]] core::Result<std::vector<SpendRecord>> spends();

 private:
  DpLedger(detail::Database db, MicroEpsilon default_total);
  [[nodiscard]] core::Result<BudgetStatus> status_locked(const std::string& researcher, const std::string& source);

  detail::Database db_;
  MicroEpsilon default_total_;
  std::unique_ptr<std::mutex> mutex_ = std::make_unique<std::mutex>();  // one connection, many threads
};

}  // namespace oncoshare::node
