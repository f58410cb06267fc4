// Closed-loop load, as concurrent users make it: each client sends its next request as soon
// as the previous one is answered, for a fixed time. Shared by the node load bench and the
// load test, which also checks every answer.
#pragma once

#include <chrono>
#include <cstddef>
#include <thread>
#include <vector>

#include "latency.hpp"

namespace oncoshare::bench {

struct LoadRun {
  std::size_t answered = 0;  // request() returned true
  std::size_t failed = 0;    // request() returned false
  double seconds = 0;        // wall time of the whole run
  Latency latency;           // of the answered requests, in ms (refusals can be quicker)
  // Answered requests per second.
  [[nodiscard]] double per_second() const {
    return seconds > 0 ? static_cast<double>(answered) / seconds : 0;
  }
};

// Runs `clients` threads, each calling `request(client, i)` for i = 0, 1, ... until
// `duration` has passed (a request under way is finished). `request` returns whether the
// answer was the expected one; each client's calls come from one thread.
template <class Request>
LoadRun closed_loop(int clients, std::chrono::milliseconds duration, Request&& request) {
  using Clock = std::chrono::steady_clock;
  struct PerClient {
    std::vector<double> ms;
    std::size_t failed = 0;
  };
  std::vector<PerClient> per(static_cast<std::size_t>(clients));
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  const auto end = start + duration;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      PerClient& mine = per[static_cast<std::size_t>(c)];
      for (std::size_t i = 0; Clock::now() < end; ++i) {
        const auto sent = Clock::now();
        if (request(c, i)) {
          mine.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
        } else {
          ++mine.failed;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  LoadRun run;
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& p : per) {
    all.insert(all.end(), p.ms.begin(), p.ms.end());
    run.failed += p.failed;
  }
  run.answered = all.size();
  run.latency = summarize(std::move(all));
  return run;
}

}  // namespace oncoshare::bench
