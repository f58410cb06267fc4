#include "secure/encryption_pool.hpp"

#include <pthread.h>
#include <sched.h>
#include <sodium.h>

#include <algorithm>

#include "core/sodium.hpp"
#include "secure/detail/parallel.hpp"

namespace oncoshare::secure {

namespace {

void wipe(std::span<Ciphertext> pairs) { sodium_memzero(pairs.data(), pairs.size_bytes()); }

// Best effort: where SCHED_IDLE is refused the thread keeps its normal priority.
void run_only_when_idle() {
  sched_param param{};
  (void)pthread_setschedparam(pthread_self(), SCHED_IDLE, &param);
}

}  // namespace

EncryptionPool::EncryptionPool(const Point& public_key, std::size_t capacity)
    : public_key_(public_key), capacity_(capacity) {
  core::ensure_sodium();
  pairs_.reserve(capacity);
  if (capacity > 0) filler_ = std::thread([this] { refill(); });
}

EncryptionPool::~EncryptionPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wanted_.notify_all();
  if (filler_.joinable()) filler_.join();
  wipe(pairs_);
}

// One pair at a time: stopping never waits for more than one pair, however little CPU
// time the thread gets.
void EncryptionPool::refill() {
  run_only_when_idle();
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wanted_.wait(lock, [&] { return stopping_ || pairs_.size() < capacity_; });
      if (stopping_) return;
    }
    Ciphertext pair = encrypt_zero(public_key_);
    {
      std::lock_guard lock(mutex_);
      if (pairs_.size() < capacity_) pairs_.push_back(pair);  // reserved: never reallocates
    }
    wipe(std::span(&pair, 1));
  }
}

CiphertextVector EncryptionPool::take(std::size_t n) {
  CiphertextVector out(n);
  std::size_t from_pool = 0;
  {
    // The filling thread runs at idle priority: should it be descheduled while holding the
    // lock, compute everything here rather than wait for it.
    std::unique_lock lock(mutex_, std::try_to_lock);
    if (lock.owns_lock()) {
      from_pool = std::min(n, pairs_.size());
      const auto first = pairs_.end() - static_cast<std::ptrdiff_t>(from_pool);
      std::copy(first, pairs_.end(), out.begin());
      wipe(std::span(first, pairs_.end()));
      pairs_.erase(first, pairs_.end());
    }
  }
  wanted_.notify_one();
  detail::parallel_for(n - from_pool, [&](std::size_t k) { out[from_pool + k] = encrypt_zero(public_key_); });
  return out;
}

void EncryptionPool::fill() {
  const std::size_t missing = capacity_ - available();
  CiphertextVector fresh(missing);
  detail::parallel_for(missing, [&](std::size_t k) { fresh[k] = encrypt_zero(public_key_); });
  {
    std::lock_guard lock(mutex_);
    const std::size_t room = std::min(fresh.size(), capacity_ - pairs_.size());
    pairs_.insert(pairs_.end(), fresh.begin(), fresh.begin() + static_cast<std::ptrdiff_t>(room));
  }
  wipe(fresh);
}

CiphertextVector EncryptionPool::encrypt(std::span<const std::int64_t> values) {
  CiphertextVector out = take(values.size());
  detail::parallel_for(values.size(), [&](std::size_t k) { out[k] = add_plaintext(out[k], values[k]); });
  return out;
}

std::size_t EncryptionPool::available() const {
  std::lock_guard lock(mutex_);
  return pairs_.size();
}

}  // namespace oncoshare::secure
