// Keyed pseudonyms: HMAC-SHA256 against RFC 4231 and the openssl CLI, two-stage
// composition, key files, date shifts.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "privacy/pseudonym.hpp"
#include "privacy_test_support.hpp"

namespace oncoshare::privacy {
namespace {

using test::make_key;
using test::TempDir;

// RFC 4231 test case 2 uses a 4-byte key ("Jefe"), but Key is fixed at 32 bytes; HMAC pads
// keys shorter than the block with zeros, so "Jefe" + 28 zero bytes is the same HMAC key.
TEST(Hmac, Rfc4231Case2) {
  std::array<std::uint8_t, kKeyBytes> bytes{};
  bytes[0] = 'J'; bytes[1] = 'e'; bytes[2] = 'f'; bytes[3] = 'e';
  EXPECT_EQ(pseudonym(make_key(bytes), "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// RFC 4231 test case 1: key = 20 x 0x0b (zero-padded to 32 bytes, same HMAC key).
TEST(Hmac, Rfc4231Case1) {
  std::array<std::uint8_t, kKeyBytes> bytes{};
  for (std::size_t i = 0; i < 20; ++i) bytes[i] = 0x0b;
  EXPECT_EQ(pseudonym(make_key(bytes), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

// RFC 4231 test case 4: key = 0x01..0x19 (25 bytes).
TEST(Hmac, Rfc4231Case4) {
  std::array<std::uint8_t, kKeyBytes> bytes{};
  for (std::size_t i = 0; i < 25; ++i) bytes[i] = static_cast<std::uint8_t>(i + 1);
  EXPECT_EQ(pseudonym(make_key(bytes), std::string(50, '\xcd')),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
}

std::string openssl_hmac(const std::string& hex_key, const std::string& message) {
  const std::string cmd = "printf '%s' '" + message +
                          "' | openssl dgst -sha256 -mac HMAC -macopt hexkey:" + hex_key +
                          " -r 2>/dev/null";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return {};
  char buffer[256] = {};
  std::string out;
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  pclose(pipe);
  return out.substr(0, out.find(' '));
}

TEST(Hmac, MatchesOpensslCliForARealIdentifier) {
  std::array<std::uint8_t, kKeyBytes> bytes{};
  std::string hex;
  for (std::size_t i = 0; i < kKeyBytes; ++i) {
    bytes[i] = static_cast<std::uint8_t>(0xa0 ^ (i * 7));
    hex += fmt::format("{:02x}", bytes[i]);
  }
  const std::string expected = openssl_hmac(hex, "HOSP-0042-BRCA");
  ASSERT_EQ(expected.size(), 64u) << "openssl dgst did not run";
  EXPECT_EQ(pseudonym(make_key(bytes), "HOSP-0042-BRCA"), expected);
}

TEST(Pseudonym, TwoStageIsTheCompositionAndDiffersFromOneStage) {
  const Key site = make_key(0x11);
  const Key project = make_key(0x22);
  const std::string two = pseudonym(site, project, "patient-7");
  EXPECT_EQ(two, pseudonym(project, pseudonym(site, "patient-7")));
  EXPECT_NE(two, pseudonym(site, "patient-7"));
  EXPECT_NE(two, pseudonym(project, "patient-7"));
  EXPECT_EQ(two.size(), 64u);
  EXPECT_NE(pseudonym(site, "patient-7"), pseudonym(site, "patient-8"));
}

TEST(KeyFile, RoundTripWithMode0600AndRefusesOverwrite) {
  TempDir dir;
  const std::string path = dir.path("site.key");
  const Key key = Key::generate();
  ASSERT_TRUE(key.save(path));
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto loaded = Key::load(path);
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_EQ(loaded->bytes(), key.bytes());
  EXPECT_EQ(pseudonym(*loaded, "x"), pseudonym(key, "x"));
  auto again = Key::generate().save(path);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().to_string(),
            path + ": already exists; refusing to replace a key or certificate (--force replaces it and keeps the "
                   "old file as " + std::filesystem::path(path).filename().string() + ".bak)");
  auto reloaded = Key::load(path);
  ASSERT_TRUE(reloaded);
  EXPECT_EQ(reloaded->bytes(), key.bytes());
}

TEST(KeyFile, RejectsGroupReadablePermissions) {
  TempDir dir;
  const std::string path = dir.path("open.key");
  ASSERT_TRUE(Key::generate().save(path));
  ::chmod(path.c_str(), 0644);
  auto loaded = Key::load(path);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().to_string(),
            path + ": key file: permissions 0644 allow group/other access; run 'chmod 600 " +
                path + "'");
  EXPECT_EQ(core::exit_code(loaded.error()), 2);
}

TEST(KeyFile, RejectsWrongSizeAndBadFormat) {
  TempDir dir;
  const std::string short_path = dir.path("short.key");
  test::write_secret(short_path, "oncoshare-key-v1 " + std::string(62, 'a') + "\n");
  auto loaded = Key::load(short_path);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().to_string(),
            short_path + ": key file: wrong size: expected 32 bytes (64 hex digits), found 62 "
                         "hex digits");

  const std::string bad_magic = dir.path("magic.key");
  test::write_secret(bad_magic, std::string(64, 'a') + "\n");
  loaded = Key::load(bad_magic);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().to_string(),
            bad_magic + ": key file: bad format: expected 'oncoshare-key-v1 <64 hex digits>'");

  const std::string bad_hex = dir.path("hex.key");
  test::write_secret(bad_hex, "oncoshare-key-v1 " + std::string(63, 'a') + "g\n");
  loaded = Key::load(bad_hex);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().to_string(),
            bad_hex + ": key file: bad format: the key is not 64 hexadecimal digits");

  loaded = Key::load(dir.path("missing.key"));
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().to_string(),
            dir.path("missing.key") + ": key file: cannot open: No such file or directory");
}

TEST(DateShift, DeterministicNonZeroBoundedAndKeyDependent) {
  const Key a = make_key(0x33);
  const Key b = make_key(0x44);
  std::set<std::int32_t> seen;
  int differs = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::string p = pseudonym(a, std::to_string(i));
    const std::int32_t d = date_shift_days(a, p, 10);
    EXPECT_EQ(d, date_shift_days(a, p, 10));
    EXPECT_NE(d, 0);
    EXPECT_GE(d, -10);
    EXPECT_LE(d, 10);
    seen.insert(d);
    if (date_shift_days(b, p, 10) != d) ++differs;
  }
  EXPECT_EQ(seen.size(), 20u);  // every value in [-10,-1] and [1,10] is reachable
  EXPECT_GT(differs, 1800);     // another key gives another shift (1/20 collide by chance)
  const std::int32_t one = date_shift_days(a, "p", 1);
  EXPECT_TRUE(one == -1 || one == 1);
}

}  // namespace
}  // namespace oncoshare::privacy
