#include "node/request_guard.hpp"

#include <fmt/format.h>

#include <sys/stat.h>

#include <atomic>
#include <thread>
#include <vector>

#include "node_test_support.hpp"

namespace oncoshare::node {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;
constexpr std::string_view kPeer = "subject=CN=alice,OU=researcher,O=Demo; issuer=CN=Federation";

// A guard whose nonces live in memory only.
RequestGuard memory_guard(RequestGuardOptions options = {}) {
  auto guard = RequestGuard::open(":memory:", "site_1", options);
  EXPECT_TRUE(guard) << (guard ? "" : guard.error().to_string());
  return std::move(*guard);
}

TEST(RequestGuard, AdmitsFreshRequestsInsideTheWindow) {
  RequestGuard guard = memory_guard();
  EXPECT_TRUE(guard.admit(kPeer, "nonce-0001", kNow, kNow));
  EXPECT_TRUE(guard.admit(kPeer, "nonce-0002", kNow - 300, kNow));  // edges are inside
  EXPECT_TRUE(guard.admit(kPeer, "nonce-0003", kNow + 300, kNow));
  EXPECT_EQ(guard.remembered(kPeer), 3u);
}

TEST(RequestGuard, RefusesExpiredAndFutureTimestamps) {
  RequestGuard guard = memory_guard();
  core::Status old = guard.admit(kPeer, "nonce-0001", kNow - 301, kNow);
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().code, core::ErrorCode::check_failed);
  EXPECT_EQ(old.error().message,
            "request expired: timestamp 1699999699 is 301 s before node time 1700000000 (window ±300 s)");
  core::Status future = guard.admit(kPeer, "nonce-0002", kNow + 301, kNow);
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().message,
            "request from the future: timestamp 1700000301 is 301 s after node time 1700000000 (window ±300 s)");
  EXPECT_EQ(guard.remembered(kPeer), 0u);  // refused requests do not use up their nonce
}

TEST(RequestGuard, ExtremeTimestampsDoNotOverflow) {
  RequestGuard guard = memory_guard();
  core::Status low = guard.admit(kPeer, "nonce-0001", INT64_MIN, kNow);
  ASSERT_FALSE(low);
  EXPECT_EQ(low.error().message,
            "request expired: timestamp -9223372036854775808 is 9223372038554775808 s before node time 1700000000 "
            "(window ±300 s)");
  core::Status high = guard.admit(kPeer, "nonce-0002", INT64_MAX, kNow);
  ASSERT_FALSE(high);
  EXPECT_EQ(high.error().message.rfind("request from the future: timestamp 9223372036854775807 is ", 0), 0u);
}

TEST(RequestGuard, RefusesReplayedNonce) {
  RequestGuard guard = memory_guard();
  ASSERT_TRUE(guard.admit(kPeer, "abcdefgh12", kNow, kNow));
  core::Status again = guard.admit(kPeer, "abcdefgh12", kNow, kNow + 10);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message,
            "request replayed: nonce 'abcdefgh12' was already used by a request with timestamp 1700000000");
}

TEST(RequestGuard, ForgetsNoncesOnceTheyCanOnlyBeRefusedAsExpired) {
  RequestGuard guard = memory_guard(RequestGuardOptions{std::chrono::seconds(60), 100});
  ASSERT_TRUE(guard.admit(kPeer, "nonce-old1", kNow, kNow));
  ASSERT_TRUE(guard.admit(kPeer, "nonce-new1", kNow + 30, kNow + 30));
  ASSERT_TRUE(guard.admit(kPeer, "nonce-new2", kNow + 61, kNow + 61));  // prunes nonce-old1
  EXPECT_EQ(guard.remembered(kPeer), 2u);
  core::Status replay = guard.admit(kPeer, "nonce-old1", kNow, kNow + 61);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().message.rfind("request expired:", 0), 0u) << replay.error().message;
}

TEST(RequestGuard, FailsClosedForAPeerWhoseShareIsFullAndOnlyForThem) {
  RequestGuard guard = memory_guard(RequestGuardOptions{std::chrono::seconds(60), 2});
  ASSERT_TRUE(guard.admit(kPeer, "nonce-aaaa", kNow, kNow));
  ASSERT_TRUE(guard.admit(kPeer, "nonce-bbbb", kNow, kNow));
  core::Status full = guard.admit(kPeer, "nonce-cccc", kNow, kNow);
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().message,
            "request refused: this certificate sent 2 requests in the last 60 s, as many as the node remembers per "
            "certificate (max_nonces_per_peer); retry later");
  EXPECT_TRUE(guard.admit("another peer", "nonce-cccc", kNow, kNow));  // the same nonce from someone else too
  EXPECT_TRUE(guard.admit(kPeer, "nonce-cccc", kNow + 61, kNow + 61));  // after expiry there is room
  EXPECT_EQ(guard.remembered(kPeer), 1u);
}

TEST(RequestGuard, NoncesOutliveTheProcessInAPrivateFile) {
  testing::ScratchDir dir;
  {
    auto guard = RequestGuard::open(dir / "replay.sqlite", "site_1");
    ASSERT_TRUE(guard) << guard.error().to_string();
    ASSERT_TRUE(guard->admit(kPeer, "nonce-kept-1", kNow, kNow));
  }
  struct stat info {};
  ASSERT_EQ(::stat((dir / "replay.sqlite").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto reopened = RequestGuard::open(dir / "replay.sqlite", "site_1");
  ASSERT_TRUE(reopened) << reopened.error().to_string();
  EXPECT_EQ(reopened->remembered(kPeer), 1u);
  core::Status replay = reopened->admit(kPeer, "nonce-kept-1", kNow, kNow + 1);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().message.rfind("request replayed:", 0), 0u) << replay.error().message;
  // Another node sharing the file keeps its own nonces.
  auto other = RequestGuard::open(dir / "replay.sqlite", "site_2");
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->admit(kPeer, "nonce-kept-1", kNow, kNow + 1));

  auto unwritable = RequestGuard::open(dir / "missing/replay.sqlite", "site_1");
  ASSERT_FALSE(unwritable);
  EXPECT_EQ(unwritable.error().where.file, dir / "missing/replay.sqlite");
}

TEST(RequestGuard, RejectsMalformedNonces) {
  RequestGuard guard = memory_guard();
  for (std::string_view bad : {"short", "has space!", ""}) {
    core::Status status = guard.admit(kPeer, bad, kNow, kNow);
    ASSERT_FALSE(status) << bad;
    EXPECT_EQ(status.error().code, core::ErrorCode::bad_input);
    EXPECT_EQ(status.error().message,
              fmt::format("invalid request nonce '{}' (8-128 characters of A-Z a-z 0-9 _ - + / =)", bad));
  }
}

TEST(RequestGuard, ConcurrentReplaysAdmitExactlyOnce) {
  RequestGuard guard = memory_guard();
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (guard.admit(kPeer, fmt::format("nonce-{:04d}", i), kNow, kNow)) ++admitted;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(admitted.load(), 200);
}

TEST(RequestGuard, SystemClockOverloadUsesNow) {
  RequestGuard guard = memory_guard();
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  EXPECT_TRUE(guard.admit(kPeer, "clock-nonce-1", now.count()));
  EXPECT_FALSE(guard.admit(kPeer, "clock-nonce-2", now.count() - 3600));
}

}  // namespace
}  // namespace oncoshare::node
