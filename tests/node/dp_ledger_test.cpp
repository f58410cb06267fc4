#include "node/dp_ledger.hpp"

#include <fmt/format.h>

#include <atomic>
#include <thread>

#include "node_test_support.hpp"

namespace oncoshare::node {
namespace {

using testing::ScratchDir;

MicroEpsilon eps(std::string_view text) {
  auto value = parse_epsilon(text);
  EXPECT_TRUE(value) << text;
  return value ? *value : -1;
}

TEST(Epsilon, ParsesAndFormatsExactly) {
  EXPECT_EQ(eps("1"), 1'000'000);
  EXPECT_EQ(eps("0.1"), 100'000);
  EXPECT_EQ(eps("0.000001"), 1);
  EXPECT_EQ(eps("12.5"), 12'500'000);
  EXPECT_EQ(format_epsilon(250'000), "0.25");
  EXPECT_EQ(format_epsilon(3'000'000), "3");
  EXPECT_EQ(format_epsilon(1), "0.000001");
  for (std::string_view bad : {"", "-1", "0.0000001", "1.", ".5", "1e-3", "abc"}) {
    auto value = parse_epsilon(bad);
    ASSERT_FALSE(value) << bad;
    EXPECT_EQ(value.error().message,
              fmt::format("invalid epsilon '{}' (expected a non-negative decimal with at most 6 decimals)", bad));
  }
}

TEST(DpLedger, TenTenthsSpendExactlyOneEpsilon) {
  ScratchDir dir;
  auto ledger = DpLedger::open(dir / "ledger.db", eps("1"));
  ASSERT_TRUE(ledger) << ledger.error().to_string();
  // 0.1 is not exact in binary floating point; ten of them must still exhaust 1.0 exactly.
  for (int i = 0; i < 10; ++i) {
    auto spent = ledger->spend("alice", "site1", eps("0.1"), "r" + std::to_string(i));
    ASSERT_TRUE(spent) << spent.error().to_string();
  }
  auto status = ledger->status("alice", "site1");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->spent, 1'000'000);
  EXPECT_EQ(status->remaining(), 0);
  auto over = ledger->spend("alice", "site1", 1, "r10");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, core::ErrorCode::check_failed);
  EXPECT_EQ(over.error().message,
            "privacy budget exceeded: requested 0.000001, remaining 0 of 1");
}

TEST(DpLedger, RefusalNamesRemainingBudgetAndChangesNothing) {
  ScratchDir dir;
  auto ledger = DpLedger::open(dir / "ledger.db", eps("1"));
  ASSERT_TRUE(ledger);
  ASSERT_TRUE(ledger->set_budget("bob", "site2", eps("0.5")));
  ASSERT_TRUE(ledger->spend("bob", "site2", eps("0.3"), "a"));
  auto over = ledger->spend("bob", "site2", eps("0.25"), "b");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().message,
            "privacy budget exceeded: requested 0.25, remaining 0.2 of 0.5");
  EXPECT_EQ(ledger->status("bob", "site2")->spent, eps("0.3"));
  // Other pairs have their own budget (the default).
  EXPECT_EQ(ledger->status("bob", "site3")->remaining(), eps("1"));
  EXPECT_TRUE(ledger->spend("bob", "site2", eps("0.2"), "c"));
}

TEST(DpLedger, RequestIdIsChargedOnce) {
  ScratchDir dir;
  auto ledger = DpLedger::open(dir / "ledger.db", eps("1"));
  ASSERT_TRUE(ledger);
  ASSERT_TRUE(ledger->spend("alice", "site1", eps("0.1"), "req-1"));
  auto again = ledger->spend("alice", "site1", eps("0.1"), "req-1");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message, "request 'req-1' was already charged to the privacy budget");
  EXPECT_EQ(ledger->status("alice", "site1")->spent, eps("0.1"));
}

TEST(DpLedger, RejectsNonPositiveSpends) {
  ScratchDir dir;
  auto ledger = DpLedger::open(dir / "ledger.db", eps("1"));
  ASSERT_TRUE(ledger);
  auto zero = ledger->spend("alice", "site1", 0, "z");
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().message, "epsilon to spend must be positive, got 0");
}

TEST(DpLedger, ModelRoundsAreCountedPerFitAndCapped) {
  ScratchDir dir;
  {
    auto ledger = DpLedger::open(dir / "ledger.db", eps("1"));
    ASSERT_TRUE(ledger) << ledger.error().to_string();
    EXPECT_EQ(*ledger->model_rounds("alice", "source", "f1"), 0);
    EXPECT_EQ(*ledger->count_model_round("alice", "source", "f1", 2), 1);
    EXPECT_EQ(*ledger->count_model_round("alice", "source", "f1", 2), 2);
    auto third = ledger->count_model_round("alice", "source", "f1", 2);
    ASSERT_FALSE(third);
    EXPECT_EQ(third.error().code, core::ErrorCode::check_failed);
    EXPECT_EQ(third.error().message, "fit 'f1' has had the 2 rounds a fit may ask of this node");
    // Another fit, researcher or source counts apart.
    EXPECT_EQ(*ledger->count_model_round("alice", "source", "f2", 2), 1);
    EXPECT_EQ(*ledger->count_model_round("bob", "source", "f1", 2), 1);
    EXPECT_EQ(*ledger->count_model_round("alice", "other", "f1", 2), 1);
  }
  // Kept across restarts: a restarted node does not hand a fit fresh rounds.
  auto reopened = DpLedger::open(dir / "ledger.db", eps("1"));
  ASSERT_TRUE(reopened);
  EXPECT_EQ(*reopened->model_rounds("alice", "source", "f1"), 2);
  EXPECT_FALSE(reopened->count_model_round("alice", "source", "f1", 2));
}

TEST(DpLedger, SurvivesRestart) {
  ScratchDir dir;
  {
    auto ledger = DpLedger::open(dir / "ledger.db", eps("2"));
    ASSERT_TRUE(ledger);
    ASSERT_TRUE(ledger->set_budget("carol", "site1", eps("0.75")));
    ASSERT_TRUE(ledger->spend("carol", "site1", eps("0.5"), "x1"));
    ASSERT_TRUE(ledger->spend("dave", "site1", eps("1.5"), "x2"));
  }
  auto ledger = DpLedger::open(dir / "ledger.db", eps("2"));
  ASSERT_TRUE(ledger);
  auto report = ledger->report();
  ASSERT_TRUE(report);
  ASSERT_EQ(report->size(), 2u);
  EXPECT_EQ((*report)[0].researcher, "carol");
  EXPECT_EQ((*report)[0].total, eps("0.75"));
  EXPECT_EQ((*report)[0].spent, eps("0.5"));
  EXPECT_EQ((*report)[1].researcher, "dave");
  EXPECT_EQ((*report)[1].remaining(), eps("0.5"));
  auto over = ledger->spend("carol", "site1", eps("0.3"), "x3");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().message,
            "privacy budget exceeded: requested 0.3, remaining 0.25 of 0.75");
  auto spends = ledger->spends();
  ASSERT_TRUE(spends);
  ASSERT_EQ(spends->size(), 2u);
  EXPECT_EQ((*spends)[0].request_id, "x1");
  EXPECT_EQ((*spends)[1].amount, eps("1.5"));
}

// Threads sharing one ledger, and threads each with their own connection to the same file:
// exactly budget / amount spends succeed, never more.
void expect_no_overspend(bool shared) {
  ScratchDir dir;
  const std::string path = dir / "ledger.db";
  auto shared_ledger = DpLedger::open(path, eps("1"));
  ASSERT_TRUE(shared_ledger);
  constexpr int kThreads = 8;
  constexpr int kAttempts = 40;  // 320 attempts of 0.01 against a budget of 1: 100 succeed
  std::atomic<int> granted{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto own = shared ? core::Result<DpLedger>(core::bad_input("unused")) : DpLedger::open(path, eps("1"));
      DpLedger& ledger = shared ? *shared_ledger : *own;
      for (int i = 0; i < kAttempts; ++i) {
        auto spent = ledger.spend("eve", "site1", eps("0.01"), fmt::format("t{}-{}", t, i));
        if (spent) {
          ++granted;
          EXPECT_GE(spent->remaining(), 0);
        } else if (spent.error().code == core::ErrorCode::check_failed) {
          ++refused;
        } else {
          ADD_FAILURE() << spent.error().to_string();
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(granted.load(), 100);
  EXPECT_EQ(refused.load(), kThreads * kAttempts - 100);
  EXPECT_EQ(shared_ledger->status("eve", "site1")->spent, 1'000'000);
}

TEST(DpLedger, ConcurrentSpendsOnOneLedgerNeverOverspend) { expect_no_overspend(true); }
TEST(DpLedger, ConcurrentSpendsOnSeparateConnectionsNeverOverspend) { expect_no_overspend(false); }

}  // namespace
}  // namespace oncoshare::node
