// Data encryption method 1 (chacha20_ietf_poly1305_with_AEAD): layout, round trips, and the
// tampering method 0 cannot see (reordered full segments, truncation at a segment boundary).
#include <fmt/format.h>

#include <limits>

#include "crypt4gh/detail/bytes.hpp"
#include "crypt4gh/test_support.hpp"

namespace oncoshare::crypt4gh {
namespace {

constexpr DataMethod kAead = DataMethod::chacha20_ietf_poly1305_with_aead;
constexpr std::size_t kHeader = 132;  // preamble 16 + length 4 + method 4 + K_pw 32 + nonce 12 + 48 + MAC 16
constexpr std::size_t kEmptySegment = kSegmentOverheadBytes;

std::string auth_failed(std::size_t segment, std::size_t offset) {
  return fmt::format("in.c4gh: data segment {} (file offset {}): authentication failed (wrong key, or the segment "
                     "was modified, truncated or moved)", segment, offset);
}

std::string missing(std::size_t segment, std::size_t offset) {
  return fmt::format("in.c4gh: data segment {} (file offset {}): missing; the data ends on a segment boundary "
                     "without its final segment (truncated)", segment, offset);
}

std::size_t segment_at(std::size_t index) { return kHeader + index * kCipherSegmentBytes; }

class Aead : public ::testing::Test {
 protected:
  const std::string plain_ = test::slurp(test::data("plain.bin"));        // 150000 bytes: 2 full + 1 short
  const std::string boundary_ = test::slurp(test::data("boundary.bin"));  // 131072 bytes: 2 full
  const SecretKey alice_ = test::fixture_secret("alice.sec");
  const SecretKey writer_ = SecretKey::generate();

  std::string encrypt_aead(std::string_view plain, const Range& range = {}) {
    return test::encrypt_string(plain, writer_, {alice_.public_key()}, kAead, range);
  }
  std::string error_of(const std::string& bytes) {
    core::Result<std::string> r = test::decrypt_string(bytes, alice_);
    return r ? "decrypted" : r.error().to_string();
  }
};

TEST_F(Aead, HeaderCarriesMethodOneAndARandomSequenceNumber) {
  const std::string a = encrypt_aead(plain_);
  EXPECT_EQ(detail::get_le(a.substr(16), 4), kHeader - 16);  // one packet, 8 bytes longer than method 0's
  const Header header = test::read_header(a, alice_);
  ASSERT_EQ(header.data_keys.size(), 1u);
  EXPECT_EQ(header.data_keys[0].method, kAead);
  const Header other = test::read_header(encrypt_aead(plain_), alice_);
  EXPECT_NE(header.data_keys[0].sequence, other.data_keys[0].sequence);
}

TEST_F(Aead, RoundTripsAndAppendsAnEmptySegmentOnlyAtABoundary) {
  struct Case {
    std::string_view plain;
    std::size_t data_bytes;
  };
  for (const Case& c : {Case{plain_, plain_.size() + 3 * kSegmentOverheadBytes},
                        Case{boundary_, 2 * kCipherSegmentBytes + kEmptySegment}, Case{"", kEmptySegment},
                        Case{"x", 1 + kSegmentOverheadBytes}}) {
    SCOPED_TRACE(c.plain.size());
    const std::string sealed = encrypt_aead(c.plain);
    EXPECT_EQ(sealed.size(), kHeader + c.data_bytes);
    StringSource in(sealed, "in.c4gh");
    StringSink out;
    core::Result<DecryptSummary> summary = decrypt(in, out, alice_);
    ASSERT_TRUE(summary) << summary.error().to_string();
    EXPECT_EQ(out.str(), c.plain);
    EXPECT_EQ(summary->method, kAead);
    EXPECT_EQ(summary->segments, (c.data_bytes + kCipherSegmentBytes - 1) / kCipherSegmentBytes);
  }
  // --range on encryption: exactly one full segment, then the terminator.
  const std::string first = encrypt_aead(plain_, Range{0, kSegmentBytes});
  EXPECT_EQ(first.size(), kHeader + kCipherSegmentBytes + kEmptySegment);
  EXPECT_EQ(*test::decrypt_string(first, alice_), plain_.substr(0, kSegmentBytes));
  // Decryption ranges work as with method 0.
  EXPECT_EQ(*test::decrypt_string(encrypt_aead(plain_), alice_, std::nullopt, Range{65530, 20}),
            plain_.substr(65530, 20));
}

TEST_F(Aead, SwappedFullSegmentsAreDetectedUnlikeMethodZero) {
  const std::string file = encrypt_aead(plain_);
  const std::string seg0 = file.substr(segment_at(0), kCipherSegmentBytes);
  const std::string seg1 = file.substr(segment_at(1), kCipherSegmentBytes);
  const std::string swapped = file.substr(0, kHeader) + seg1 + seg0 + file.substr(segment_at(2));
  EXPECT_EQ(error_of(swapped), auth_failed(0, segment_at(0)));
  // Segment 1 moved to position 2 (and the short one to 1): the first misplaced one is named.
  const std::string rotated = file.substr(0, segment_at(1)) + file.substr(segment_at(2)) + seg1;
  EXPECT_EQ(error_of(rotated), auth_failed(1, segment_at(1)));

  // The same swap in a method 0 file authenticates and yields reordered plaintext.
  const std::string old = test::encrypt_string(plain_, writer_, {alice_.public_key()});
  const std::size_t h = 124;
  const std::string old_swapped = old.substr(0, h) + old.substr(h + kCipherSegmentBytes, kCipherSegmentBytes) +
                                  old.substr(h, kCipherSegmentBytes) + old.substr(h + 2 * kCipherSegmentBytes);
  core::Result<std::string> undetected = test::decrypt_string(old_swapped, alice_);
  ASSERT_TRUE(undetected);
  EXPECT_NE(*undetected, plain_);
}

TEST_F(Aead, TruncationAtASegmentBoundaryIsDetected) {
  const std::string file = encrypt_aead(plain_);
  EXPECT_EQ(error_of(file.substr(0, segment_at(2))), missing(2, segment_at(2)));
  EXPECT_EQ(error_of(file.substr(0, segment_at(1))), missing(1, segment_at(1)));
  EXPECT_EQ(error_of(file.substr(0, kHeader)), missing(0, kHeader));
  // Removing the final empty segment of boundary-aligned data.
  const std::string aligned = encrypt_aead(boundary_);
  ASSERT_EQ(error_of(aligned), "decrypted");
  EXPECT_EQ(error_of(aligned.substr(0, aligned.size() - kEmptySegment)), missing(2, segment_at(2)));
  // Cut inside the empty segment, or inside a data segment.
  EXPECT_EQ(error_of(aligned.substr(0, aligned.size() - 1)),
            fmt::format("in.c4gh: data segment 2 (file offset {}): truncated to 27 bytes (a segment has at least 28)",
                        segment_at(2)));
  EXPECT_EQ(error_of(file.substr(0, file.size() - 1)), auth_failed(2, segment_at(2)));
  // The empty final segment moved before the end fails at its new position.
  const std::string spliced = aligned.substr(0, segment_at(1)) + aligned.substr(segment_at(2)) +
                              aligned.substr(segment_at(1), kCipherSegmentBytes);
  EXPECT_EQ(error_of(spliced), auth_failed(1, segment_at(1)));
}

TEST_F(Aead, FlippedBitsAreDetectedEverywhere) {
  const std::string aligned = encrypt_aead(boundary_);
  for (std::size_t segment = 0; segment < 3; ++segment) {
    for (std::size_t at : {std::size_t{0}, std::size_t{20}, kEmptySegment - 1}) {  // nonce, data or MAC, MAC
      SCOPED_TRACE(fmt::format("segment {} byte {}", segment, at));
      std::string bytes = aligned;
      bytes[segment_at(segment) + at] ^= 0x10;
      EXPECT_EQ(error_of(bytes), auth_failed(segment, segment_at(segment)));
    }
  }
  // The sequence number (plaintext bytes 40..47 of the sealed packet) is authenticated too.
  std::string bytes = aligned;
  bytes[20 + 4 + 32 + 12 + 40] ^= 0x01;
  EXPECT_EQ(error_of(bytes), "in.c4gh: none of the 1 header packet(s) could be decrypted with this private key "
                             "(wrong key, wrong sender, or a modified header)");
}

TEST_F(Aead, TheSequenceNumberIsPartOfEachSegmentsAad) {
  const std::string file = encrypt_aead(plain_);
  Header header = test::read_header(file, alice_);
  DataKey shifted = std::move(header.data_keys[0]);
  shifted.sequence += 1;
  // A validly sealed header with the wrong sequence number: segment 0 no longer authenticates.
  const std::string forged = HeaderWriter(writer_, {alice_.public_key()}).write(shifted) + file.substr(kHeader);
  EXPECT_EQ(error_of(forged), auth_failed(0, kHeader));
}

TEST_F(Aead, SequenceNumbersWrapAround) {
  DataKey key = DataKey::generate(kAead);
  key.sequence = std::numeric_limits<std::uint64_t>::max();
  DataKey copy{SymmetricKey(), kAead, key.sequence};
  std::copy(key.key.bytes().begin(), key.key.bytes().end(), copy.key.bytes().begin());
  const SegmentEncryptor encryptor(std::move(key));
  std::vector<std::uint8_t> plain{1, 2, 3}, sealed(3 + kSegmentOverheadBytes), out(3);
  ASSERT_EQ(encryptor.encrypt(1, plain, sealed), sealed.size());  // AAD = le_uint64(0)
  std::vector<DataKey> keys;
  keys.push_back(std::move(copy));
  const SegmentDecryptor decryptor(std::move(keys));
  EXPECT_FALSE(decryptor.decrypt(0, sealed, out).has_value());
  EXPECT_EQ(decryptor.decrypt(1, sealed, out).value_or(0), 3u);
  EXPECT_EQ(out, plain);
}

TEST_F(Aead, MixedMethodsAreRejected) {
  const HeaderWriter writer(writer_, {alice_.public_key()});
  std::vector<std::string> packets = writer.seal(make_data_key_packet(DataKey::generate(DataMethod::chacha20_ietf_poly1305)));
  const std::vector<std::string> second = writer.seal(make_data_key_packet(DataKey::generate(kAead)));
  packets.insert(packets.end(), second.begin(), second.end());
  EXPECT_EQ(error_of(serialize_header(packets)),
            "in.c4gh: header packet 1: data encryption method 1 differs from the method 0 of an earlier data key "
            "(mixed methods are not allowed)");
}

TEST_F(Aead, ReencryptKeepsMethodSequenceAndSegments) {
  const std::string file = encrypt_aead(plain_);
  StringSource in(file, "in.c4gh");
  StringSink out;
  const SecretKey bob = test::fixture_secret("bob.sec");
  ASSERT_TRUE(reencrypt(in, out, alice_, std::vector<PublicKey>{bob.public_key()}, true));
  EXPECT_EQ(out.str().substr(kHeader), file.substr(kHeader));
  const Header before = test::read_header(file, alice_);
  const Header after = test::read_header(out.str(), bob);
  EXPECT_EQ(after.data_keys[0].method, kAead);
  EXPECT_EQ(after.data_keys[0].sequence, before.data_keys[0].sequence);
  EXPECT_EQ(*test::decrypt_string(out.str(), bob), plain_);
}

TEST_F(Aead, RearrangeShiftsTheSequenceAndTerminatesTheKeptSegments) {
  struct Case {
    std::string_view plain;
    Range range;
    std::size_t data_bytes;  // segments kept (+ a new empty final segment when they end on a boundary)
  };
  const std::size_t short_segment = plain_.size() - 2 * kSegmentBytes + kSegmentOverheadBytes;
  for (const Case& c : {Case{plain_, Range{70000, 70000}, kCipherSegmentBytes + short_segment},
                        Case{plain_, Range{65536, 10}, kCipherSegmentBytes + kEmptySegment},
                        Case{plain_, Range{10, 20}, kCipherSegmentBytes + kEmptySegment},
                        Case{boundary_, Range{70000, {}}, kCipherSegmentBytes + kEmptySegment},
                        Case{boundary_, Range{140000, {}}, kEmptySegment}}) {
    SCOPED_TRACE(fmt::format("{} bytes from {}", c.plain.size(), c.range.start));
    const std::string file = encrypt_aead(c.plain);
    StringSource in(file, "in.c4gh");
    StringSink out;
    ASSERT_TRUE(rearrange(in, out, alice_, c.range));
    // Plus the edit list packet: length, method, K_pw, nonce, type, count, 8 per length, MAC.
    const std::size_t header = kHeader + 4 + 4 + 32 + 12 + 8 + 8 * (c.range.length ? 2 : 1) + 16;
    EXPECT_EQ(out.str().size(), header + c.data_bytes);
    core::Result<std::string> got = test::decrypt_string(out.str(), alice_);
    ASSERT_TRUE(got) << got.error().to_string();
    const std::string_view rest = c.plain.substr(std::min<std::size_t>(c.range.start, c.plain.size()));
    EXPECT_EQ(*got, rest.substr(0, c.range.length.value_or(rest.size())));
    if (c.data_bytes >= kCipherSegmentBytes + kEmptySegment && c.data_bytes % kCipherSegmentBytes == kEmptySegment) {
      EXPECT_EQ(error_of(out.str().substr(0, out.str().size() - kEmptySegment)),
                missing(c.data_bytes / kCipherSegmentBytes, header + c.data_bytes - kEmptySegment));
    }
  }
}

}  // namespace
}  // namespace oncoshare::crypt4gh
