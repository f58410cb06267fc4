#include "node/request_guard.hpp"

#include <fmt/format.h>

#include <atomic>
#include <thread>
#include <vector>

#include "node_test_support.hpp"

namespace oncoshare::node {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

TEST(RequestGuard, AdmitsFreshRequestsInsideTheWindow) {
  RequestGuard guard;
  EXPECT_TRUE(guard.admit("nonce-0001", kNow, kNow));
  EXPECT_TRUE(guard.admit("nonce-0002", kNow - 300, kNow));  // edges are inside
  EXPECT_TRUE(guard.admit("nonce-0003", kNow + 300, kNow));
  EXPECT_EQ(guard.remembered(), 3u);
}

TEST(RequestGuard, RefusesExpiredAndFutureTimestamps) {
  RequestGuard guard;
  core::Status old = guard.admit("nonce-0001", kNow - 301, kNow);
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().code, core::ErrorCode::check_failed);
  EXPECT_EQ(old.error().message,
            "request expired: timestamp 1699999699 is 301 s before node time 1700000000 (window ±300 s)");
  core::Status future = guard.admit("nonce-0002", kNow + 301, kNow);
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().message,
            "request from the future: timestamp 1700000301 is 301 s after node time 1700000000 (window ±300 s)");
  EXPECT_EQ(guard.remembered(), 0u);  // refused requests do not use up their nonce
}

TEST(RequestGuard, ExtremeTimestampsDoNotOverflow) {
  RequestGuard guard;
  core::Status low = guard.admit("nonce-0001", INT64_MIN, kNow);
  ASSERT_FALSE(low);
  EXPECT_EQ(low.error().message,
            "request expired: timestamp -9223372036854775808 is 9223372038554775808 s before node time 1700000000 "
            "(window ±300 s)");
  core::Status high = guard.admit("nonce-0002", INT64_MAX, kNow);
  ASSERT_FALSE(high);
  EXPECT_EQ(high.error().message.rfind("request from the future: timestamp 9223372036854775807 is ", 0), 0u);
}

TEST(RequestGuard, RefusesReplayedNonce) {
  RequestGuard guard;
  ASSERT_TRUE(guard.admit("abcdefgh12", kNow, kNow));
  core::Status again = guard.admit("abcdefgh12", kNow, kNow + 10);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message,
            "request replayed: nonce 'abcdefgh12' was already used by a request with timestamp 1700000000");
}

TEST(RequestGuard, ForgetsNoncesOnceTheyCanOnlyBeRefusedAsExpired) {
  RequestGuard guard(RequestGuardOptions{std::chrono::seconds(60), 100});
  ASSERT_TRUE(guard.admit("nonce-old1", kNow, kNow));
  ASSERT_TRUE(guard.admit("nonce-new1", kNow + 30, kNow + 30));
  ASSERT_TRUE(guard.admit("nonce-new2", kNow + 61, kNow + 61));  // prunes nonce-old1
  EXPECT_EQ(guard.remembered(), 2u);
  core::Status replay = guard.admit("nonce-old1", kNow, kNow + 61);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().message.rfind("request expired:", 0), 0u) << replay.error().message;
}

TEST(RequestGuard, FailsClosedWhenTheStoreIsFull) {
  RequestGuard guard(RequestGuardOptions{std::chrono::seconds(60), 2});
  ASSERT_TRUE(guard.admit("nonce-aaaa", kNow, kNow));
  ASSERT_TRUE(guard.admit("nonce-bbbb", kNow, kNow));
  core::Status full = guard.admit("nonce-cccc", kNow, kNow);
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().message, "request refused: 2 nonces in the last 60 s, the replay store is full");
  EXPECT_TRUE(guard.admit("nonce-cccc", kNow + 61, kNow + 61));  // after expiry there is room
}

TEST(RequestGuard, RejectsMalformedNonces) {
  RequestGuard guard;
  for (std::string_view bad : {"short", "has space!", ""}) {
    core::Status status = guard.admit(bad, kNow, kNow);
    ASSERT_FALSE(status) << bad;
    EXPECT_EQ(status.error().code, core::ErrorCode::bad_input);
    EXPECT_EQ(status.error().message,
              fmt::format("invalid request nonce '{}' (8-128 characters of A-Z a-z 0-9 _ - + / =)", bad));
  }
}

TEST(RequestGuard, ConcurrentReplaysAdmitExactlyOnce) {
  RequestGuard guard;
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (guard.admit(fmt::format("nonce-{:04d}", i), kNow, kNow)) ++admitted;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(admitted.load(), 200);
}

TEST(RequestGuard, SystemClockOverloadUsesNow) {
  RequestGuard guard;
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  EXPECT_TRUE(guard.admit("clock-nonce-1", now.count()));
  EXPECT_FALSE(guard.admit("clock-nonce-2", now.count() - 3600));
}

}  // namespace
}  // namespace oncoshare::node
