// Files of many batches (segments are sealed and opened on worker threads, 16 to a batch,
// a few batches in flight): the output keeps segment order, ranges and edit lists cut across
// batch boundaries, and errors name the first bad segment in file order with nothing of it
// or after it written.
#include <fmt/format.h>
#include <sodium.h>

#include "crypt4gh/test_support.hpp"

namespace oncoshare::crypt4gh {
namespace {

constexpr std::size_t kBatchSegments = 16;  // detail::kSegmentsPerBatch

// Random bytes: 20 MiB and a bit is more batches than are ever in flight at once.
std::string random_bytes(std::size_t n) {
  std::string bytes(n, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  return bytes;
}

std::string flip(std::string bytes, std::size_t offset) {
  bytes[offset] = static_cast<char>(bytes[offset] ^ 0x01);
  return bytes;
}

class Parallel : public ::testing::Test {
 protected:
  const SecretKey reader_ = SecretKey::generate();
  const SecretKey writer_ = SecretKey::generate();
  const std::string plain_ = random_bytes(20 * kBatchSegments * kSegmentBytes + 12345);
  const std::uint64_t segments_ = plain_.size() / kSegmentBytes + 1;
  std::string sealed_ = test::encrypt_string(plain_, writer_, {reader_.public_key()});
  const std::size_t header_ = sealed_.size() - plain_.size() - segments_ * kSegmentOverheadBytes;

  std::string error_of(const std::string& bytes, StringSink& out) {
    StringSource in(bytes, "in.c4gh");
    core::Result<DecryptSummary> r = decrypt(in, out, reader_);
    return r ? "decrypted" : r.error().to_string();
  }
  std::size_t offset_of(std::uint64_t segment) const { return header_ + segment * kCipherSegmentBytes; }
};

TEST_F(Parallel, ManyBatchesRoundTripInOrder) {
  EXPECT_EQ(header_, 124U);  // one recipient, method 0
  StringSink out;
  StringSource in(sealed_, "in.c4gh");
  core::Result<DecryptSummary> summary = decrypt(in, out, reader_);
  ASSERT_TRUE(summary) << summary.error().to_string();
  EXPECT_EQ(summary->segments, segments_);
  EXPECT_EQ(summary->plaintext_bytes, plain_.size());
  EXPECT_TRUE(out.str() == plain_);
}

TEST_F(Parallel, ARangeAcrossBatchBoundariesIsExact) {
  const std::uint64_t start = kBatchSegments * kSegmentBytes - 10;  // 10 bytes before the 2nd batch
  const std::uint64_t length = 3 * kBatchSegments * kSegmentBytes + 20;
  core::Result<std::string> part = test::decrypt_string(sealed_, reader_, std::nullopt, Range{start, length});
  ASSERT_TRUE(part) << part.error().to_string();
  EXPECT_TRUE(*part == plain_.substr(start, length));
}

TEST_F(Parallel, AnEditListAcrossBatchBoundariesIsExact) {
  const Range range{5 * kBatchSegments * kSegmentBytes + 7, 2 * kBatchSegments * kSegmentBytes + 1};
  StringSource in(sealed_, "in.c4gh");
  StringSink rearranged;
  ASSERT_TRUE(rearrange(in, rearranged, reader_, range));
  core::Result<std::string> part = test::decrypt_string(rearranged.str(), reader_);
  ASSERT_TRUE(part) << part.error().to_string();
  EXPECT_TRUE(*part == plain_.substr(range.start, *range.length));
}

TEST_F(Parallel, EncryptingARangeSpanningBatchesKeepsOnlyIt) {
  const Range range{3 * kSegmentBytes + 1, 4 * kBatchSegments * kSegmentBytes};
  const std::string sealed = test::encrypt_string(plain_, writer_, {reader_.public_key()},
                                                  DataMethod::chacha20_ietf_poly1305, range);
  core::Result<std::string> part = test::decrypt_string(sealed, reader_);
  ASSERT_TRUE(part) << part.error().to_string();
  EXPECT_TRUE(*part == plain_.substr(range.start, *range.length));
}

TEST_F(Parallel, AFailedSegmentInALaterBatchIsNamedAndNothingFromItOnIsWritten) {
  const std::uint64_t bad = 9 * kBatchSegments + 3;  // past the first window of batches
  StringSink out;
  EXPECT_EQ(error_of(flip(sealed_, offset_of(bad) + 100), out),
            fmt::format("in.c4gh: data segment {} (file offset {}): authentication failed (wrong key, or the "
                        "segment was modified, truncated or moved)", bad, offset_of(bad)));
  EXPECT_EQ(out.str().size(), bad * kSegmentBytes);
  EXPECT_TRUE(out.str() == plain_.substr(0, bad * kSegmentBytes));
}

TEST_F(Parallel, ErrorsComeInFileOrder) {
  // A bad segment early, and the file cut short later: the bad segment is reported.
  const std::uint64_t bad = kBatchSegments + 1;
  std::string damaged = flip(sealed_, offset_of(bad) + 50);
  damaged.resize(offset_of(segments_ - 3) + 10);
  StringSink out;
  EXPECT_EQ(error_of(damaged, out),
            fmt::format("in.c4gh: data segment {} (file offset {}): authentication failed (wrong key, or the "
                        "segment was modified, truncated or moved)", bad, offset_of(bad)));
  // Only the cut: the truncated segment is named once every segment before it is written.
  std::string cut = sealed_.substr(0, offset_of(segments_ - 3) + 10);
  StringSink all_before;
  EXPECT_EQ(error_of(cut, all_before),
            fmt::format("in.c4gh: data segment {} (file offset {}): truncated to 10 bytes (a segment has at least 29)",
                        segments_ - 3, offset_of(segments_ - 3)));
  EXPECT_EQ(all_before.str().size(), (segments_ - 3) * kSegmentBytes);
}

TEST_F(Parallel, MethodOneOnABatchBoundaryEndsWithAnEmptySegment) {
  const std::string plain = plain_.substr(0, 2 * kBatchSegments * kSegmentBytes);
  const std::string sealed =
      test::encrypt_string(plain, writer_, {reader_.public_key()}, DataMethod::chacha20_ietf_poly1305_with_aead);
  const std::size_t header = sealed.size() - plain.size() - (2 * kBatchSegments + 1) * kSegmentOverheadBytes;
  EXPECT_EQ(header, 132U);  // the data key packet also carries the sequence number
  core::Result<std::string> back = test::decrypt_string(sealed, reader_);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_TRUE(*back == plain);
  // Without the empty final segment the data ends on a boundary: truncation.
  core::Result<std::string> cut = test::decrypt_string(sealed.substr(0, sealed.size() - kSegmentOverheadBytes), reader_);
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().to_string(),
            fmt::format("in.c4gh: data segment 32 (file offset {}): missing; the data ends on a segment boundary "
                        "without its final segment (truncated)", header + 32 * kCipherSegmentBytes));
}

}  // namespace
}  // namespace oncoshare::crypt4gh
