// Tampering and misuse: every modification is detected, with the segment named, and no
// plaintext of a failing segment is ever written.
#include <fmt/format.h>

#include "crypt4gh/test_support.hpp"

namespace oncoshare::crypt4gh {
namespace {

class Tamper : public ::testing::Test {
 protected:
  const std::string file_ = test::slurp(test::data("ref.alice.c4gh"));  // 124-byte header, 3 segments
  const SecretKey alice_ = test::fixture_secret("alice.sec");
  std::string error_of(const std::string& bytes) {
    core::Result<std::string> r = test::decrypt_string(bytes, alice_);
    return r ? "decrypted" : r.error().to_string();
  }
};

std::string flip(std::string bytes, std::size_t offset) {
  bytes[offset] = static_cast<char>(bytes[offset] ^ 0x01);
  return bytes;
}

TEST_F(Tamper, UntouchedFileDecrypts) { EXPECT_EQ(error_of(file_), "decrypted"); }

TEST_F(Tamper, FlippedBitInTheHeaderPacketIsDetected) {
  const std::string expected = "in.c4gh: none of the 1 header packet(s) could be decrypted with this private key "
                               "(wrong key, wrong sender, or a modified header)";
  EXPECT_EQ(error_of(flip(file_, 20)), "in.c4gh: unsupported header packet encryption method 1 (only 0, X25519 + "
                                       "ChaCha20-Poly1305, is supported)");
  for (std::size_t offset : {24u, 60u, 70u, 100u, 123u}) {  // K_pw, nonce, payload, MAC
    SCOPED_TRACE(offset);
    EXPECT_EQ(error_of(flip(file_, offset)), expected);
  }
  EXPECT_EQ(error_of(flip(file_, 0)), "in.c4gh: not a Crypt4GH file (the first 8 bytes are not \"crypt4gh\")");
  EXPECT_EQ(error_of(flip(file_, 8)), "in.c4gh: unsupported Crypt4GH version 0 (expected 1)");
  EXPECT_EQ(error_of(flip(file_, 16)), expected);  // packet length 109: the packet no longer authenticates
}

TEST_F(Tamper, ForgedPacketLengthIsReported) {
  std::string bytes = file_;
  bytes[16] = 0x07;  // packet length 7 < 8
  EXPECT_EQ(error_of(bytes), "in.c4gh: header packet 0: invalid length 7");
  bytes[16] = static_cast<char>(0xff);
  bytes[17] = static_cast<char>(0xff);
  bytes[18] = 0x20;  // 0x20ffff bytes: longer than the file
  EXPECT_EQ(error_of(bytes), "in.c4gh: truncated header: header packet 0 needs 2162683 bytes, only 150188 left");
  bytes[19] = 0x7f;
  EXPECT_EQ(error_of(bytes), "in.c4gh: header packet 0: invalid length 2132869119");
}

TEST_F(Tamper, FlippedBitInEachSegmentNamesTheSegment) {
  const std::size_t header = 124;
  for (std::size_t segment = 0; segment < 3; ++segment) {
    const std::size_t offset = header + segment * kCipherSegmentBytes;
    for (std::size_t at : {std::size_t{0}, std::size_t{40}, std::size_t{1000}}) {  // nonce, data, data
      EXPECT_EQ(error_of(flip(file_, offset + at)),
                fmt::format("in.c4gh: data segment {} (file offset {}): authentication failed (wrong key, or the "
                            "segment was modified, truncated or moved)", segment, offset));
    }
  }
  // The MAC of the last segment is the last 16 bytes of the file.
  EXPECT_EQ(error_of(flip(file_, file_.size() - 1)),
            fmt::format("in.c4gh: data segment 2 (file offset {}): authentication failed (wrong key, or the "
                        "segment was modified, truncated or moved)", header + 2 * kCipherSegmentBytes));
}

TEST_F(Tamper, TruncationIsDetected) {
  const std::size_t last = 124 + 2 * kCipherSegmentBytes;
  EXPECT_EQ(error_of(file_.substr(0, file_.size() - 1)),
            fmt::format("in.c4gh: data segment 2 (file offset {}): authentication failed (wrong key, or the "
                        "segment was modified, truncated or moved)", last));
  EXPECT_EQ(error_of(file_.substr(0, last + 20)),
            fmt::format("in.c4gh: data segment 2 (file offset {}): truncated to 20 bytes (a segment has at least 29)", last));
  EXPECT_EQ(error_of(file_.substr(0, 100)), "in.c4gh: truncated header: header packet 0 needs 104 bytes, only 80 left");
}

TEST_F(Tamper, MovedShortSegmentIsDetected) {
  const std::size_t header = 124;
  // Swap the short last segment in front of segment 1.
  const std::string seg0 = file_.substr(header, kCipherSegmentBytes);
  const std::string seg1 = file_.substr(header + kCipherSegmentBytes, kCipherSegmentBytes);
  const std::string seg2 = file_.substr(header + 2 * kCipherSegmentBytes);
  const std::string moved = file_.substr(0, header) + seg0 + seg2 + seg1;
  EXPECT_EQ(error_of(moved), fmt::format("in.c4gh: data segment 1 (file offset {}): authentication failed (wrong key, "
                                         "or the segment was modified, truncated or moved)", header + kCipherSegmentBytes));
}

TEST_F(Tamper, WrongKeyIsReported) {
  const SecretKey bob = test::fixture_secret("bob.sec");
  core::Result<std::string> r = test::decrypt_string(file_, bob);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "none of the 1 header packet(s) could be decrypted with this private key "
                               "(wrong key, wrong sender, or a modified header)");
}

TEST_F(Tamper, NoPlaintextOfAFailingSegmentIsWritten) {
  const std::string bad = flip(file_, 124 + kCipherSegmentBytes + 500);
  StringSource in(bad, "in.c4gh");
  StringSink out;
  ASSERT_FALSE(decrypt(in, out, alice_));
  EXPECT_EQ(out.str(), test::slurp(test::data("plain.bin")).substr(0, kSegmentBytes));  // segment 0 only
}

TEST_F(Tamper, UnsupportedMethodsAndPacketsAreRejected) {
  const SecretKey writer = SecretKey::generate();
  const HeaderWriter header_writer(writer, {alice_.public_key()});
  // Data method 2 does not exist; method 1 needs its 8-byte sequence number after the key.
  std::string packet = make_data_key_packet(DataKey::generate(DataMethod::chacha20_ietf_poly1305));
  packet[4] = 2;
  EXPECT_EQ(error_of(serialize_header(header_writer.seal(packet))),
            "in.c4gh: header packet 0: unsupported data encryption method 2");
  packet[4] = 1;
  EXPECT_EQ(error_of(serialize_header(header_writer.seal(packet))), "in.c4gh: header packet 0: data key too short");
  std::string odd = std::string("\x07\x00\x00\x00\x00\x00\x00\x00", 8);
  EXPECT_EQ(error_of(serialize_header(header_writer.seal(odd))), "in.c4gh: header packet 0: unsupported packet type 7");
  std::vector<std::string> packets =
      header_writer.seal(make_data_key_packet(DataKey::generate(DataMethod::chacha20_ietf_poly1305)));
  const std::vector<std::uint64_t> edits{1, 2};
  for (int i = 0; i < 2; ++i) packets.push_back(header_writer.seal(make_edit_list_packet(edits)).front());
  EXPECT_EQ(error_of(serialize_header(packets)), "in.c4gh: invalid header: more than one edit list packet");
  // Header packet encryption method 1 (unknown): reported when nothing else opens.
  std::string header = test::slurp(test::data("ref.alice.c4gh")).substr(0, 124);
  header[20] = 1;
  EXPECT_EQ(error_of(header), "in.c4gh: unsupported header packet encryption method 1 (only 0, X25519 + "
                              "ChaCha20-Poly1305, is supported)");
}

TEST(EditListTest, AppliesDiscardKeepAndTheRest) {
  const std::string text = "0123456789";
  auto run = [&](std::vector<std::uint64_t> lengths, std::size_t chunk) {
    EditList edits(std::move(lengths));
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += chunk) {
      const std::string_view part = std::string_view(text).substr(i, chunk);
      edits.apply(std::span(reinterpret_cast<const std::uint8_t*>(part.data()), part.size()),
                  [&](std::span<const std::uint8_t> b) { out.append(reinterpret_cast<const char*>(b.data()), b.size()); });
    }
    return out;
  };
  EXPECT_EQ(run({2, 3}, 1), "234");
  EXPECT_EQ(run({2, 3}, 4), "234");
  EXPECT_EQ(run({2, 3, 1}, 3), "2346789");
  EXPECT_EQ(run({0, 1, 8, 1}, 10), "09");
  EXPECT_EQ(run({7}, 2), "789");
}

TEST(RangeTest, ParsesAndRejects) {
  core::Result<Range> r = parse_range("10-25");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->start, 10u);
  EXPECT_EQ(r->length, 15u);
  EXPECT_FALSE(parse_range("7")->length.has_value());
  EXPECT_EQ(parse_range("9-9").error().to_string(), "field '--range': invalid range '9-9': END must be greater than START");
  EXPECT_EQ(parse_range("a-9").error().message, "invalid range 'a-9' (expected START-END or START, in bytes)");
}

}  // namespace
}  // namespace oncoshare::crypt4gh
