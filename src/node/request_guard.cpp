#include "node/request_guard.hpp"

#include <fmt/format.h>

#include <cstdint>

namespace oncoshare::node {

namespace {

core::Error refused(std::string message) { return core::Error{core::ErrorCode::check_failed, std::move(message)}; }

bool valid_nonce(std::string_view nonce) {
  if (nonce.size() < 8 || nonce.size() > 128) return false;
  for (char c : nonce) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-' || c == '+' || c == '/' || c == '=';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

RequestGuard::RequestGuard(RequestGuardOptions options) : options_(options) {}

void RequestGuard::prune(std::int64_t now) {
  const std::int64_t oldest = now - options_.window.count();
  auto end = by_time_.lower_bound(oldest);
  for (auto it = by_time_.begin(); it != end; ++it) seen_.erase(it->second);
  by_time_.erase(by_time_.begin(), end);
}

core::Status RequestGuard::admit(std::string_view nonce, std::int64_t timestamp, std::int64_t now) {
  if (!valid_nonce(nonce)) {
    return core::bad_input(fmt::format("invalid request nonce '{}' (8-128 characters of A-Z a-z 0-9 _ - + / =)",
                                       nonce.substr(0, 140)));
  }
  const std::int64_t window = options_.window.count();
  // Unsigned differences: a hostile timestamp near INT64_MIN/MAX must not overflow.
  const auto gap = [](std::int64_t a, std::int64_t b) {
    return static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b);
  };
  if (timestamp < now && gap(now, timestamp) > static_cast<std::uint64_t>(window)) {
    return refused(fmt::format("request expired: timestamp {} is {} s before node time {} (window ±{} s)",
                               timestamp, gap(now, timestamp), now, window));
  }
  if (timestamp > now && gap(timestamp, now) > static_cast<std::uint64_t>(window)) {
    return refused(fmt::format("request from the future: timestamp {} is {} s after node time {} (window ±{} s)",
                               timestamp, gap(timestamp, now), now, window));
  }
  std::lock_guard lock(mutex_);
  prune(now);
  std::string key(nonce);
  if (auto it = seen_.find(key); it != seen_.end()) {
    return refused(fmt::format("request replayed: nonce '{}' was already used by a request with timestamp {}",
                               nonce, it->second));
  }
  if (seen_.size() >= options_.max_nonces) {
    return refused(fmt::format("request refused: {} nonces in the last {} s, the replay store is full",
                               seen_.size(), window));
  }
  seen_.emplace(key, timestamp);
  by_time_.emplace(timestamp, std::move(key));
  return {};
}

core::Status RequestGuard::admit(std::string_view nonce, std::int64_t timestamp) {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  return admit(nonce, timestamp, now.count());
}

std::size_t RequestGuard::remembered() const {
  std::lock_guard lock(mutex_);
  return seen_.size();
}

}  // namespace oncoshare::node
