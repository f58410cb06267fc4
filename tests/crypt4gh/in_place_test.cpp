// Encryption and decryption between two regular files, where every worker reads, seals or
// opens and writes its own segments in place (detail/in_place_segments.hpp): the results are
// those of the streaming path, from and to any offset of the descriptors, which are left just
// past what was read and written; errors are the streaming path's, with nothing of the
// refused segment or after it left in the output; sinks that cannot be written in place keep
// streaming.
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "crypt4gh/detail/batch_pipeline.hpp"
#include "crypt4gh/detail/in_place_segments.hpp"
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
  // Decrypts `in_path` into `out_path` (opened with `out_flags`) through descriptors; the
  // error message, or "" (offsets left in `offsets` when given).
  std::string decrypt_files(const std::string& in_path, const std::string& out_path, int out_flags,
                            std::pair<off_t, off_t>* offsets = nullptr) const {
    const int in_fd = ::open(in_path.c_str(), O_RDONLY | O_CLOEXEC);
    const int out_fd = ::open(out_path.c_str(), out_flags | O_CLOEXEC, 0600);
    EXPECT_GE(in_fd, 0);
    EXPECT_GE(out_fd, 0);
    FdSource in(in_fd, "in.c4gh");
    FdSink out(out_fd, out_path);
    const core::Result<DecryptSummary> summary = decrypt(in, out, reader_);
    if (offsets != nullptr) *offsets = {::lseek(in_fd, 0, SEEK_CUR), ::lseek(out_fd, 0, SEEK_CUR)};
    ::close(in_fd);
    ::close(out_fd);
    return summary ? "" : summary.error().to_string();
  }
  // The streaming path's error for the same bytes.
  std::string streamed_error(const std::string& sealed) const {
    core::Result<std::string> plain = test::decrypt_string(sealed, reader_);
    return plain ? "" : plain.error().to_string();
  }
  std::string sealed_copy(DataMethod method = DataMethod::chacha20_ietf_poly1305) const {
    return test::encrypt_string(plain_, writer_, {reader_.public_key()}, method);
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

TEST_F(InPlace, DecryptsAFileOfManyBatchesAndLeavesTheOffsetsAtTheEnds) {
  const std::string sealed = sealed_copy();
  const std::string in = write_file("sealed", sealed), out = dir_ + "/opened";
  std::pair<off_t, off_t> offsets;
  EXPECT_EQ(decrypt_files(in, out, O_WRONLY | O_CREAT | O_TRUNC, &offsets), "");
  EXPECT_TRUE(test::slurp(out) == plain_);
  EXPECT_EQ(offsets.first, static_cast<off_t>(sealed.size()));
  EXPECT_EQ(offsets.second, static_cast<off_t>(plain_.size()));
}

TEST_F(InPlace, ARefusedSegmentInALaterBatchIsNamedAndTheOutputEndsBeforeIt) {
  std::string sealed = sealed_copy();
  const std::uint64_t bad = 5 * 16 + 3;  // a segment of the 6th batch: later batches ran on the other worker
  sealed[124 + bad * kCipherSegmentBytes + 100] ^= 0x01;
  const std::string in = write_file("sealed", sealed), out = dir_ + "/opened";
  const std::string error = decrypt_files(in, out, O_WRONLY | O_CREAT | O_TRUNC);
  EXPECT_EQ(error, streamed_error(sealed));
  EXPECT_NE(error.find("data segment 83 (file offset"), std::string::npos) << error;
  EXPECT_TRUE(test::slurp(out) == plain_.substr(0, bad * kSegmentBytes)) << "bytes of or after the refused segment kept";
}

TEST_F(InPlace, ATruncatedLastSegmentAndAMissingFinalSegmentAreTheStreamingErrors) {
  const std::string sealed = sealed_copy();
  const std::string cut = sealed.substr(0, sealed.size() - (4321 + kSegmentOverheadBytes) + 10);
  const std::string out = dir_ + "/opened";
  const std::string error = decrypt_files(write_file("cut", cut), out, O_WRONLY | O_CREAT | O_TRUNC);
  EXPECT_EQ(error, streamed_error(cut));
  EXPECT_NE(error.find("truncated to 10 bytes"), std::string::npos) << error;

  const std::string boundary = plain_.substr(0, 3 * kBatchBytes);
  const std::string aead = test::encrypt_string(boundary, writer_, {reader_.public_key()},
                                                DataMethod::chacha20_ietf_poly1305_with_aead);
  const std::string without_final = aead.substr(0, aead.size() - kSegmentOverheadBytes);
  const std::string missing = decrypt_files(write_file("no-final", without_final), out, O_WRONLY | O_CREAT | O_TRUNC);
  EXPECT_EQ(missing, streamed_error(without_final));
  EXPECT_NE(missing.find("missing; the data ends on a segment boundary"), std::string::npos) << missing;
  EXPECT_EQ(decrypt_files(write_file("aead", aead), out, O_WRONLY | O_CREAT | O_TRUNC), "");
  EXPECT_TRUE(test::slurp(out) == boundary);
}

// The worker refusing segment 3 waits until the other worker has written segments of the
// next batch, so there is always something past the refused segment to cut off.
TEST_F(InPlace, SegmentsOtherWorkersWroteAfterARefusedOneAreCutOff) {
  if (detail::pipeline_threads() < 2) GTEST_SKIP() << "needs two workers (one core here)";
  const std::string in = write_file("plain", plain_), out = dir_ + "/copy";
  const int in_fd = ::open(in.c_str(), O_RDONLY | O_CLOEXEC);
  const int out_fd = ::open(out.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  detail::InPlaceJob job;  // a copy: sizes equal on both sides
  job.in = FilePosition{in_fd, 0, in};
  job.in_bytes = plain_.size();
  job.in_segment = job.out_segment = job.out_capacity = kSegmentBytes;
  job.out = FilePosition{out_fd, 0, out};
  constexpr std::uint64_t kRefused = 3;
  auto written_past_batch_one = [&] {
    struct stat st{};
    return ::fstat(out_fd, &st) == 0 && static_cast<std::uint64_t>(st.st_size) > kBatchBytes;
  };
  bool waited = false;
  const core::Result<detail::InPlaceRun> run = detail::run_in_place(
      job, [&](std::uint64_t index, std::span<const std::uint8_t> in_bytes, std::span<std::uint8_t> out_bytes)
               -> std::optional<std::size_t> {
        if (index != kRefused) {
          std::copy(in_bytes.begin(), in_bytes.end(), out_bytes.begin());
          return in_bytes.size();
        }
        for (int i = 0; i < 5000 && !written_past_batch_one(); ++i) ::usleep(1000);
        waited = written_past_batch_one();
        return std::nullopt;
      });
  ::close(in_fd);
  ::close(out_fd);
  ASSERT_TRUE(run) << run.error().to_string();
  EXPECT_TRUE(waited) << "the other worker never wrote past the first batch";
  EXPECT_EQ(run->refused, kRefused);
  EXPECT_EQ(run->segments, kRefused);
  EXPECT_EQ(run->out_end, kRefused * kSegmentBytes);
  EXPECT_TRUE(test::slurp(out) == plain_.substr(0, kRefused * kSegmentBytes));
}

TEST_F(InPlace, AnOutputWithBytesPastItsOffsetStreamsAndKeepsThem) {
  std::string sealed = sealed_copy();
  sealed[124 + 20 * kCipherSegmentBytes + 7] ^= 0x01;  // refused: in place, the bytes after it would be cut off
  const std::string out = write_file("opened", std::string(plain_.size() + 100, 'k'));
  EXPECT_EQ(decrypt_files(write_file("sealed", sealed), out, O_WRONLY), streamed_error(sealed));
  const std::string written = test::slurp(out);
  EXPECT_EQ(written.size(), plain_.size() + 100) << "the streaming path writes over, it does not cut";
  EXPECT_TRUE(written.substr(0, 20 * kSegmentBytes) == plain_.substr(0, 20 * kSegmentBytes));
}

}  // namespace
}  // namespace oncoshare::crypt4gh
