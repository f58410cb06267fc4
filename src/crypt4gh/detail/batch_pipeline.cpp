#include "crypt4gh/detail/batch_pipeline.hpp"

#include <sodium.h>

#include <algorithm>

namespace oncoshare::crypt4gh::detail {

namespace {
// Batches in flight per worker: enough that a worker finding its next batch already read
// rarely waits on the I/O thread, few enough to keep memory small.
constexpr std::size_t kBatchesPerWorker = 4;
// 16 cores of ChaCha20-Poly1305 outrun any disk or pipe; more would only add memory.
constexpr unsigned kMaxWorkers = 16;
}  // namespace

unsigned pipeline_threads() { return std::clamp(std::thread::hardware_concurrency(), 1U, kMaxWorkers); }

BatchPipeline::BatchPipeline(Work work, std::size_t in_bytes, std::size_t out_bytes)
    : work_(std::move(work)),
      in_bytes_(in_bytes),
      out_bytes_(out_bytes),
      ring_(pipeline_threads() * kBatchesPerWorker),
      done_(ring_.size(), 0) {}

BatchPipeline::~BatchPipeline() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;  // workers finish every submitted batch before they leave
  }
  work_ready_.notify_all();
  for (std::thread& worker : workers_) worker.join();
  for (SegmentBatch& batch : ring_) {
    sodium_memzero(batch.in.data(), batch.in.size());
    sodium_memzero(batch.out.data(), batch.out.size());
  }
}

SegmentBatch& BatchPipeline::slot() {
  SegmentBatch& batch = ring_[(head_ + in_flight_) % ring_.size()];
  if (batch.in.empty()) {  // first use: a small file never allocates the whole ring
    batch.in.resize(in_bytes_);
    batch.out.resize(out_bytes_);
  }
  batch.in_bytes = batch.out_bytes = 0;
  batch.segments_done = 0;
  batch.failed = false;
  return batch;
}

void BatchPipeline::submit() {
  if (workers_.empty()) start_workers();
  ++in_flight_;
  {
    const std::lock_guard lock(mutex_);
    ++submitted_;
  }
  work_ready_.notify_one();
}

SegmentBatch& BatchPipeline::oldest() {
  const std::size_t at = head_ % ring_.size();
  std::unique_lock lock(mutex_);
  work_done_.wait(lock, [&] { return done_[at] != 0; });
  return ring_[at];
}

void BatchPipeline::pop() {
  {
    const std::lock_guard lock(mutex_);
    done_[head_ % ring_.size()] = 0;
  }
  ++head_;
  --in_flight_;
}

void BatchPipeline::start_workers() {
  const std::size_t threads = std::min<std::size_t>(pipeline_threads(), ring_.size());
  for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { run_worker(); });
}

void BatchPipeline::run_worker() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_ready_.wait(lock, [&] { return stopping_ || started_ < submitted_; });
    if (started_ == submitted_) return;  // stopping, and nothing left
    const std::size_t at = started_++ % ring_.size();
    lock.unlock();
    work_(ring_[at]);
    lock.lock();
    done_[at] = 1;
    work_done_.notify_all();
  }
}

}  // namespace oncoshare::crypt4gh::detail
