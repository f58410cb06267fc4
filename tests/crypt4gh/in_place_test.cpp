// Encryption between two regular files, where every worker reads, seals and writes its own
// segments in place (detail/in_place_segments.hpp): the result opens to the same plaintext as
// the streaming path gives, from and to any offset of the descriptors, which are left just
// past what was read and written; sinks that cannot be written in place keep streaming.
#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "crypt4gh/test_support.hpp"

namespace oncoshare::crypt4gh {
namespace {

constexpr std::size_t kBatchBytes = 16 * kSegmentBytes;  // detail::kSegmentsPerBatch segments

class InPlace : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/c4gh_in_place_" + std::to_string(::getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(dir_);
    plain_.resize(7 * kBatchBytes + 3 * kSegmentBytes + 4321);  // batches for both workers, a short last segment
    randombytes_buf(plain_.data(), plain_.size());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write_file(const std::string& name, const std::string& bytes) const {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  // Encrypts between descriptors of `in_path` (from `in_offset`) and `out_path` (opened with
  // `out_flags`, from `out_offset`); returns the two offsets left.
  std::pair<off_t, off_t> encrypt_files(const std::string& in_path, off_t in_offset, const std::string& out_path,
                                        int out_flags, off_t out_offset, DataMethod method = DataMethod::chacha20_ietf_poly1305,
                                        const Range& range = {}) const {
    const int in_fd = ::open(in_path.c_str(), O_RDONLY | O_CLOEXEC);
    const int out_fd = ::open(out_path.c_str(), out_flags | O_CLOEXEC, 0600);
    EXPECT_GE(in_fd, 0);
    EXPECT_GE(out_fd, 0);
    ::lseek(in_fd, in_offset, SEEK_SET);
    ::lseek(out_fd, out_offset, SEEK_SET);
    FdSource in(in_fd, in_path);
    FdSink out(out_fd, out_path);
    const PublicKey to[] = {reader_.public_key()};
    const core::Status status = encrypt(in, out, writer_, to, range, method);
    EXPECT_TRUE(status) << status.error().to_string();
    const std::pair<off_t, off_t> offsets{::lseek(in_fd, 0, SEEK_CUR), ::lseek(out_fd, 0, SEEK_CUR)};
    ::close(in_fd);
    ::close(out_fd);
    return offsets;
  }
  std::string opened(std::string_view sealed) const {
    core::Result<std::string> plain = test::decrypt_string(sealed, reader_);
    EXPECT_TRUE(plain) << plain.error().to_string();
    return plain ? *plain : "";
  }

  std::string dir_;
  std::string plain_;
  const SecretKey reader_ = SecretKey::generate();
  const SecretKey writer_ = SecretKey::generate();
};

TEST_F(InPlace, AFileOfManyBatchesOpensToItsPlaintextWithTheStreamedLayout) {
  const std::string in = write_file("plain", plain_), out = dir_ + "/sealed";
  const auto [in_at, out_at] = encrypt_files(in, 0, out, O_WRONLY | O_CREAT | O_TRUNC, 0);
  const std::string sealed = test::slurp(out);
  EXPECT_EQ(sealed.size(), test::encrypt_string(plain_, writer_, {reader_.public_key()}).size());
  EXPECT_EQ(in_at, static_cast<off_t>(plain_.size()));
  EXPECT_EQ(out_at, static_cast<off_t>(sealed.size()));
  EXPECT_TRUE(opened(sealed) == plain_);
}

TEST_F(InPlace, StartsAtTheDescriptorsOffsetsAndKeepsWhatPrecedesTheOutput) {
  const std::string prefix = "bytes before the data";
  const std::string in = write_file("plain", prefix + plain_);
  const std::string out = write_file("sealed", "kept header of another tool\n");
  const auto [in_at, out_at] = encrypt_files(in, static_cast<off_t>(prefix.size()), out, O_WRONLY, 28);
  const std::string written = test::slurp(out);
  ASSERT_GT(written.size(), 28U);
  EXPECT_EQ(written.substr(0, 28), "kept header of another tool\n");
  EXPECT_EQ(in_at, static_cast<off_t>(prefix.size() + plain_.size()));
  EXPECT_EQ(out_at, static_cast<off_t>(written.size()));
  EXPECT_TRUE(opened(std::string_view(written).substr(28)) == plain_);
}

TEST_F(InPlace, ARangeAcrossBatchesIsExactAndAStartPastTheEndSealsNothing) {
  const std::string in = write_file("plain", plain_), out = dir_ + "/sealed";
  const Range range{kBatchBytes - 10, 2 * kBatchBytes + 20};
  const auto offsets = encrypt_files(in, 0, out, O_WRONLY | O_CREAT | O_TRUNC, 0, DataMethod::chacha20_ietf_poly1305, range);
  EXPECT_EQ(offsets.first, static_cast<off_t>(range.start + *range.length));
  EXPECT_TRUE(opened(test::slurp(out)) == plain_.substr(range.start, *range.length));

  encrypt_files(in, 0, out, O_WRONLY | O_CREAT | O_TRUNC, 0, DataMethod::chacha20_ietf_poly1305,
                Range{plain_.size() + 5, std::nullopt});
  EXPECT_EQ(opened(test::slurp(out)), "");
}

TEST_F(InPlace, MethodOneEndingOnABatchBoundaryGetsItsEmptySegmentAfterTheLastWorker) {
  const std::string boundary = plain_.substr(0, 4 * kBatchBytes);
  const std::string in = write_file("plain", boundary), out = dir_ + "/sealed";
  encrypt_files(in, 0, out, O_WRONLY | O_CREAT | O_TRUNC, 0, DataMethod::chacha20_ietf_poly1305_with_aead);
  const std::string sealed = test::slurp(out);
  const std::size_t segments = boundary.size() / kSegmentBytes;
  EXPECT_EQ(sealed.size(), 132 + segments * kCipherSegmentBytes + kSegmentOverheadBytes);
  EXPECT_TRUE(opened(sealed) == boundary);
}

TEST_F(InPlace, AnAppendingSinkStreamsAndStillAppends) {
  const std::string in = write_file("plain", plain_), out = write_file("sealed", "earlier line\n");
  encrypt_files(in, 0, out, O_WRONLY | O_APPEND, 0);
  const std::string written = test::slurp(out);
  EXPECT_EQ(written.substr(0, 13), "earlier line\n");
  EXPECT_TRUE(opened(std::string_view(written).substr(13)) == plain_);
}

TEST_F(InPlace, AnInputThatCannotBeReadIsNamed) {
  const std::string in = write_file("plain", plain_), out = dir_ + "/sealed";
  const int in_fd = ::open(in.c_str(), O_WRONLY | O_CLOEXEC);  // a regular file, but not readable through this descriptor
  const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  FdSource source(in_fd, in);
  FdSink sink(out_fd, out);
  const PublicKey to[] = {reader_.public_key()};
  const core::Status status = encrypt(source, sink, writer_, to, {}, DataMethod::chacha20_ietf_poly1305);
  ::close(in_fd);
  ::close(out_fd);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().to_string(), in + ": read failed: Bad file descriptor");
}

}  // namespace
}  // namespace oncoshare::crypt4gh
