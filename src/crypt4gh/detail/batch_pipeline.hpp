// Runs the per-segment crypto of a stream on every core while the calling thread does the
// I/O. Segments are independent (each has its own nonce), so consecutive segments are
// grouped into batches, each batch is sealed or opened by one worker, and the caller takes
// the batches back in the order it submitted them. A fixed ring of batches bounds memory:
// 4 batches per worker (at most 16 workers), whatever the stream's length.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace oncoshare::crypt4gh::detail {

// Consecutive segments read together; the work function fills `out` from `in`.
struct SegmentBatch {
  std::uint64_t first_index = 0;  // stream index of the batch's first segment
  std::vector<std::uint8_t> in;   // sized at construction; in_bytes of it are used
  std::size_t in_bytes = 0;
  std::vector<std::uint8_t> out;
  std::size_t out_bytes = 0;
  std::uint64_t segments_done = 0;  // segments processed before any failure
  bool failed = false;              // segment first_index + segments_done failed (then nothing after it ran)
};

class BatchPipeline {
 public:
  using Work = std::function<void(SegmentBatch&)>;

  // `work` runs on worker threads, one batch at a time per thread; it must not touch other
  // batches. Batches hold in_bytes / out_bytes of capacity, allocated when first used.
  // Workers start at the first submit.
  BatchPipeline(Work work, std::size_t in_bytes, std::size_t out_bytes);
  // Waits for the batches in flight, stops the workers and wipes every buffer (plaintext).
  ~BatchPipeline();
  BatchPipeline(const BatchPipeline&) = delete;
  BatchPipeline& operator=(const BatchPipeline&) = delete;

  // True when every slot is in flight: take oldest() out before asking for slot().
  [[nodiscard]] bool full() const { return in_flight_ == ring_.size(); }
  [[nodiscard]] bool empty() const { return in_flight_ == 0; }
  // The free slot to fill next (its sizes and flags reset). Precondition: !full().
  [[nodiscard]] SegmentBatch& slot();
  // Hands slot() to the workers.
  void submit();
  // The oldest batch in flight, once its work is done. Precondition: !empty().
  [[nodiscard]] SegmentBatch& oldest();
  // Frees oldest() for reuse.
  void pop();

 private:
  void start_workers();
  void run_worker();

  Work work_;
  std::size_t in_bytes_;
  std::size_t out_bytes_;
  std::vector<SegmentBatch> ring_;
  std::vector<char> done_;        // per slot, guarded by mutex_
  std::uint64_t head_ = 0;        // sequence number of the oldest batch in flight
  std::size_t in_flight_ = 0;     // caller's side only
  std::uint64_t submitted_ = 0;   // guarded by mutex_
  std::uint64_t started_ = 0;     // guarded by mutex_
  bool stopping_ = false;         // guarded by mutex_
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable work_done_;
  std::vector<std::thread> workers_;
};

// Worker threads used: one per core, at most 16.
[[nodiscard]] unsigned pipeline_threads();

}  // namespace oncoshare::crypt4gh::detail
