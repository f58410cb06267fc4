// Interoperability with the reference implementation, through the committed fixtures:
// files the reference wrote must decrypt to the bytes it decrypted, and files oncoshare
// wrote (which the reference decrypted when the fixtures were made) must still decrypt
// to those bytes and keep the structure the reference accepted.
#include <sstream>

#include "crypt4gh/detail/bytes.hpp"
#include "crypt4gh/test_support.hpp"

namespace oncoshare::crypt4gh {
namespace {

struct Record {
  std::string file, key, sha256;
};

std::vector<Record> records() {
  std::vector<Record> out;
  std::istringstream in(test::slurp(test::data("records.txt")));
  Record r;
  while (in >> r.file >> r.key >> r.sha256) out.push_back(r);
  return out;
}

TEST(Interop, RecordsCoverBothDirectionsAndAllKeyKinds) {
  const std::vector<Record> all = records();
  EXPECT_EQ(all.size(), 32u);
  std::size_t by_reference = 0;
  for (const Record& r : all) by_reference += r.file.starts_with("ref.");
  EXPECT_EQ(by_reference, 17u);
}

TEST(Interop, EveryRecordedFileDecryptsToTheReferencePlaintext) {
  for (const Record& r : records()) {
    SCOPED_TRACE(r.file + " with " + r.key);
    const SecretKey sk = test::fixture_secret(r.key);
    core::Result<std::string> plain = test::decrypt_string(test::slurp(test::data(r.file)), sk);
    ASSERT_TRUE(plain) << plain.error().to_string();
    EXPECT_EQ(test::sha256(*plain), r.sha256);
  }
}

TEST(Interop, RangesAndEditListsSelectTheExpectedBytes) {
  const std::string plain = test::slurp(test::data("plain.bin"));
  ASSERT_EQ(plain.size(), 150000u);
  const SecretKey alice = test::fixture_secret("alice.sec");
  // The reference's --range 70000-140001 and oncoshare's 70000-140000 are the same 70000 bytes.
  for (const char* file : {"ref.range.c4gh", "ref.rearranged.c4gh", "osh.rearranged.c4gh"}) {
    SCOPED_TRACE(file);
    core::Result<std::string> got = test::decrypt_string(test::slurp(test::data(file)), alice);
    ASSERT_TRUE(got);
    EXPECT_EQ(*got, plain.substr(70000, 70000));
  }
  core::Result<std::string> window =
      test::decrypt_string(test::slurp(test::data("ref.alice.c4gh")), alice, std::nullopt, Range{65530, 20});
  ASSERT_TRUE(window);
  EXPECT_EQ(*window, plain.substr(65530, 20));
}

// The layout the reference accepted: 16-byte preamble, 108-byte packets, 65564-byte segments.
TEST(Interop, OncoshareFilesHaveTheReferenceLayout) {
  struct Expect {
    const char* file;
    std::uint32_t packets;
    std::size_t header;
    std::size_t data;
  };
  const std::size_t data_150000 = 2 * kCipherSegmentBytes + (150000 - 2 * kSegmentBytes) + 28;
  for (const Expect& e : {Expect{"osh.alice.c4gh", 1, 124, data_150000}, Expect{"osh.multi.c4gh", 2, 232, data_150000},
                          Expect{"osh.boundary.c4gh", 1, 124, 2 * kCipherSegmentBytes},
                          Expect{"osh.empty.c4gh", 1, 124, 0},
                          // data key packet + edit list packet (4+4+2*8 plaintext -> 92 bytes sealed),
                          // segments 1 and 2 kept (bytes 70000..139999)
                          Expect{"osh.rearranged.c4gh", 2, 124 + 92, kCipherSegmentBytes + (150000 - 2 * kSegmentBytes) + 28}}) {
    SCOPED_TRACE(e.file);
    const std::string bytes = test::slurp(test::data(e.file));
    EXPECT_EQ(bytes.substr(0, 12), std::string("crypt4gh\x01\x00\x00\x00", 12));
    EXPECT_EQ(detail::get_le(bytes.substr(12), 4), e.packets);
    EXPECT_EQ(detail::get_le(bytes.substr(16), 4), 108u);
    EXPECT_EQ(bytes.size(), e.header + e.data);
  }
}

TEST(Interop, SenderCheckAcceptsTheWriterAndRejectsOthers) {
  const std::string file = test::slurp(test::data("ref.alice.c4gh"));  // written with bob.sec
  const SecretKey alice = test::fixture_secret("alice.sec");
  EXPECT_TRUE(test::decrypt_string(file, alice, test::fixture_public("bob.pub")));
  core::Result<std::string> wrong = test::decrypt_string(file, alice, test::fixture_public("alice.pub"));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message, "none of the 1 header packet(s) could be decrypted with this private key "
                                   "(wrong key, wrong sender, or a modified header)");
}

}  // namespace
}  // namespace oncoshare::crypt4gh
