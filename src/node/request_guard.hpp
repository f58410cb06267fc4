// Replay protection for signed requests. A request carries a nonce and a timestamp, both
// covered by its signature; the guard admits it only when the timestamp lies within
// ±window of node time and the nonce has not been seen. Nonces are forgotten once their
// timestamp leaves the window (a replay would then be refused as expired), so memory is
// bounded by the request rate times the window, and by a hard cap (fail closed).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"

namespace oncoshare::node {

struct RequestGuardOptions {
  std::chrono::seconds window{300};  // accepted clock difference either way
  std::size_t max_nonces = 1'000'000;  // beyond this, new requests are refused until nonces expire
};

class RequestGuard {
 public:
  explicit RequestGuard(RequestGuardOptions options = {});

  // Admits a request with `nonce` (8-128 characters of [A-Za-z0-9_+/=-]) sent at
  // `timestamp` (Unix seconds), judged at `now` (Unix seconds). On refusal, a check_failed
  // error naming the reason: "request expired: ...", "request from the future: ...",
  // "request replayed: ...". Thread-safe.
  [[nodiscard]] core::Status admit(std::string_view nonce, std::int64_t timestamp, std::int64_t now);
  // As above at the system clock's time.
  [[nodiscard]] core::Status admit(std::string_view nonce, std::int64_t timestamp);

  // Nonces currently remembered (for monitoring and tests).
  [[nodiscard]] std::size_t remembered() const;

 private:
  void prune(std::int64_t now);

  RequestGuardOptions options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::int64_t> seen_;  // nonce -> request timestamp
  std::multimap<std::int64_t, std::string> by_time_;    // expiry order
};

}  // namespace oncoshare::node
