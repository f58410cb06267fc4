// Encryptions made ahead of time: they decrypt to what was asked, are never handed out
// twice, and the pool refills itself to capacity.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "secure/encryption_pool.hpp"
#include "secure/key_switch.hpp"
#include "test_support.hpp"

namespace oncoshare::secure {
namespace {

// The filling thread only gets CPU time nothing else wants; a test machine running other
// tests has little, so this waits long (and the pools that must be full are filled first).
bool refills(const EncryptionPool& pool) {
  for (int i = 0; i < 6000 && pool.available() < pool.capacity(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return pool.available() == pool.capacity();
}

TEST(EncryptionPoolTest, PooledEncryptionsDecryptToTheValues) {
  const ResearcherKey key = ResearcherKey::generate();
  EncryptionPool pool(key.public_key(), 64);
  pool.fill();
  ASSERT_EQ(pool.available(), 64u);
  // 100 values from a pool of 64: the last 36 are computed on the spot.
  std::vector<std::int64_t> values;
  for (std::int64_t v = -50; v < 50; ++v) values.push_back(v % 7 == 0 ? 0 : v);
  const CiphertextVector c = pool.encrypt(values);
  auto opened = key.decrypt(c, test::small_table());
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_EQ(*opened, values);
}

TEST(EncryptionPoolTest, EveryPairIsHandedOutOnceAndThePoolRefills) {
  const ResearcherKey key = ResearcherKey::generate();
  EncryptionPool pool(key.public_key(), 16);
  pool.fill();
  std::set<std::array<std::uint8_t, kPointBytes>> seen;
  for (int round = 0; round < 3; ++round) {
    for (const Ciphertext& zero : pool.take(12)) {
      EXPECT_TRUE(seen.insert(zero.c1.bytes).second) << "a pair came out twice";
      EXPECT_EQ(zero.c2 - key.secret().value() * zero.c1, Point::identity());  // Enc(0)
    }
    EXPECT_TRUE(refills(pool)) << "the pool did not refill in 60 s";
  }
  EXPECT_EQ(seen.size(), 36u);
}

TEST(EncryptionPoolTest, CapacityZeroComputesEverythingWhenAsked) {
  const ResearcherKey key = ResearcherKey::generate();
  EncryptionPool pool(key.public_key(), 0);
  EXPECT_EQ(pool.available(), 0u);
  const std::vector<std::int64_t> values = {3, 0, -2};
  auto opened = key.decrypt(pool.encrypt(values), test::small_table());
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, values);
  EXPECT_EQ(pool.available(), 0u);
}

}  // namespace
}  // namespace oncoshare::secure
