#include "crypt4gh/detail/in_place_segments.hpp"

#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <mutex>
#include <thread>
#include <vector>

#include "crypt4gh/detail/batch_pipeline.hpp"
#include "crypt4gh/detail/segment_batches.hpp"

namespace oncoshare::crypt4gh::detail {

namespace {

core::Error io_failure(const char* what, const std::string& file) {
  return core::io_error(fmt::format("{} failed: {}", what, std::strerror(errno)), core::Location{file});
}

// Fills `buffer` from `offset`; an error when the file ends first (it shrank while read).
core::Status read_exactly(int fd, std::span<std::uint8_t> buffer, std::uint64_t offset, const std::string& name) {
  for (std::size_t done = 0; done < buffer.size();) {
    const ssize_t n = ::pread(fd, buffer.data() + done, buffer.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_failure("read", name);
    if (n == 0) return core::io_error("the file ended early: it changed while it was read", core::Location{name});
    done += static_cast<std::size_t>(n);
  }
  return {};
}

core::Status write_exactly(int fd, std::span<const std::uint8_t> bytes, std::uint64_t offset, const std::string& name) {
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_failure("write", name);
    done += static_cast<std::size_t>(n);
  }
  return {};
}

// What the workers share: the next batch to take, the first failure, the last segment's size.
class Shared {
 public:
  explicit Shared(std::uint64_t segments) : segments_(segments) {}

  [[nodiscard]] std::uint64_t segments() const { return segments_; }

  // First segment of the next batch, or nullopt when none is left or an I/O error stopped the run.
  std::optional<std::uint64_t> take_batch() {
    const std::uint64_t first = next_batch_.fetch_add(1) * kSegmentsPerBatch;
    if (first >= segments_ || stopped_.load()) return std::nullopt;
    return first;
  }
  // Segments after a refused one need no work: the output ends before them.
  [[nodiscard]] bool after_refusal(std::uint64_t index) const { return index > refused_.load(); }
  void refuse(std::uint64_t index) {
    std::uint64_t seen = refused_.load();
    while (index < seen && !refused_.compare_exchange_weak(seen, index)) {
    }
  }
  void fail(core::Error error) {
    const std::lock_guard lock(mutex_);
    if (!error_) error_ = std::move(error);
    stopped_ = true;
  }
  [[nodiscard]] std::optional<core::Error> error() const { return error_; }
  [[nodiscard]] std::optional<std::uint64_t> refused() const {
    const std::uint64_t index = refused_.load();
    return index == kNone ? std::nullopt : std::optional(index);
  }
  // Output bytes of the stream's last segment, once written (the others are full).
  std::atomic<std::size_t> last_out_bytes{0};

 private:
  static constexpr std::uint64_t kNone = ~std::uint64_t{0};
  std::uint64_t segments_;
  std::atomic<std::uint64_t> next_batch_{0};
  std::atomic<std::uint64_t> refused_{kNone};
  std::atomic<bool> stopped_{false};
  std::mutex mutex_;
  std::optional<core::Error> error_;  // read after the workers joined
};

void run_worker(const InPlaceJob& job, const SegmentTransform& transform, Shared& shared) {
  std::vector<std::uint8_t> in(job.in_segment);
  std::vector<std::uint8_t> out(job.out_capacity);
  while (const std::optional<std::uint64_t> first = shared.take_batch()) {
    const std::uint64_t end = std::min(shared.segments(), *first + kSegmentsPerBatch);
    for (std::uint64_t index = *first; index < end && !shared.after_refusal(index); ++index) {
      const std::uint64_t at = index * job.in_segment;
      const auto size = static_cast<std::size_t>(std::min<std::uint64_t>(job.in_segment, job.in_bytes - at));
      const std::span<std::uint8_t> piece = std::span(in).first(size);
      if (core::Status read = read_exactly(job.in.fd, piece, job.in.offset + at, job.in.name); !read) {
        shared.fail(read.error());
        break;
      }
      const std::optional<std::size_t> produced = transform(index, piece, out);
      if (!produced) {
        shared.refuse(index);
        break;
      }
      const std::span<const std::uint8_t> result = std::span(out).first(*produced);
      if (core::Status written = write_exactly(job.out.fd, result, job.out.offset + index * job.out_segment, job.out.name);
          !written) {
        shared.fail(written.error());
        break;
      }
      if (index + 1 == shared.segments()) shared.last_out_bytes = *produced;
    }
  }
  sodium_memzero(in.data(), in.size());  // plaintext on one side or the other
  sodium_memzero(out.data(), out.size());
}

}  // namespace

core::Result<std::uint64_t> file_size(const FilePosition& file) {
  struct stat st{};
  if (::fstat(file.fd, &st) != 0) return core::io_error("cannot read the file's size", core::Location{file.name});
  return static_cast<std::uint64_t>(st.st_size);
}

core::Result<InPlaceRun> run_in_place(const InPlaceJob& job, const SegmentTransform& transform) {
  const std::uint64_t segments = segments_in(job.in_bytes, job.in_segment);
  Shared shared(segments);
  const std::uint64_t batches = segments_in(segments, kSegmentsPerBatch);
  const auto helpers = static_cast<unsigned>(std::min<std::uint64_t>(pipeline_threads(), batches)) - (batches > 0 ? 1 : 0);
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < helpers; ++i) {
    workers.emplace_back([&] { run_worker(job, transform, shared); });
  }
  run_worker(job, transform, shared);  // the calling thread works too
  for (std::thread& worker : workers) worker.join();
  if (std::optional<core::Error> error = shared.error()) return *error;

  InPlaceRun run;
  run.refused = shared.refused();
  run.segments = run.refused.value_or(segments);
  if (run.segments > 0) {
    const std::uint64_t last = run.segments - 1;
    run.last_in_bytes = static_cast<std::size_t>(std::min<std::uint64_t>(job.in_segment, job.in_bytes - last * job.in_segment));
    // A refused segment cut the output short, after a full segment; else the last may be short.
    const std::size_t last_out = run.refused ? job.out_segment : shared.last_out_bytes.load();
    run.out_end = job.out.offset + last * job.out_segment + last_out;
  } else {
    run.out_end = job.out.offset;
  }
  if (run.refused && ::ftruncate(job.out.fd, static_cast<off_t>(run.out_end)) != 0) {
    return io_failure("cutting off the segments after a refused one", job.out.name);
  }
  const std::uint64_t in_end = job.in.offset + std::min<std::uint64_t>(job.in_bytes, run.segments * job.in_segment);
  if (::lseek(job.in.fd, static_cast<off_t>(in_end), SEEK_SET) < 0) return io_failure("seek", job.in.name);
  if (::lseek(job.out.fd, static_cast<off_t>(run.out_end), SEEK_SET) < 0) return io_failure("seek", job.out.name);
  return run;
}

}  // namespace oncoshare::crypt4gh::detail
