// Element-wise work on long ciphertext vectors (survival grids run to thousands of
// elements, each costing a few scalar multiplications) spread over the machine's cores.
// Short vectors (a count query's single cell) stay on the calling thread: starting threads
// would cost more than the work.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <limits>
#include <optional>
#include <thread>
#include <vector>

namespace oncoshare::secure::detail {

// Below this many elements per thread, splitting does not pay for the thread start.
inline constexpr std::size_t kMinElementsPerThread = 64;

// How many threads to use for `n` elements (at least 1).
[[nodiscard]] inline std::size_t worker_count(std::size_t n) {
  const std::size_t cores = std::max<std::size_t>(1, std::thread::hardware_concurrency());
  return std::clamp<std::size_t>(n / kMinElementsPerThread, 1, cores);
}

// Calls body(begin, end) on contiguous, disjoint ranges covering [0, n), concurrently, and
// returns when all are done. `body` must only write to its own range's elements.
template <class Body>
void parallel_ranges(std::size_t n, Body&& body) {
  const std::size_t workers = worker_count(n);
  if (workers == 1) {
    body(std::size_t{0}, n);
    return;
  }
  const std::size_t chunk = (n + workers - 1) / workers;
  std::vector<std::thread> threads;
  threads.reserve(workers - 1);
  for (std::size_t w = 1; w < workers; ++w) {
    const std::size_t begin = std::min(n, w * chunk);
    const std::size_t end = std::min(n, begin + chunk);
    threads.emplace_back([&body, begin, end] { body(begin, end); });
  }
  body(std::size_t{0}, std::min(n, chunk));
  for (std::thread& t : threads) t.join();
}

// Calls body(k) for k in [0, n) concurrently.
template <class Body>
void parallel_for(std::size_t n, Body&& body) {
  parallel_ranges(n, [&body](std::size_t begin, std::size_t end) {
    for (std::size_t k = begin; k < end; ++k) body(k);
  });
}

// The smallest k in [0, n) with !ok(k), or nullopt when every ok(k) holds. Checks run
// concurrently; once some k fails, indices above it are no longer checked, but every index
// below it is, so the answer is the same as a sequential scan's.
template <class Check>
[[nodiscard]] std::optional<std::size_t> first_failure(std::size_t n, Check&& ok) {
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::atomic<std::size_t> first{kNone};
  parallel_ranges(n, [&](std::size_t begin, std::size_t end) {
    for (std::size_t k = begin; k < end && k < first.load(std::memory_order_relaxed); ++k) {
      if (ok(k)) continue;
      std::size_t seen = first.load();
      while (k < seen && !first.compare_exchange_weak(seen, k)) {
      }
      return;
    }
  });
  const std::size_t found = first.load();
  return found == kNone ? std::nullopt : std::optional<std::size_t>(found);
}

}  // namespace oncoshare::secure::detail
