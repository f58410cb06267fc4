// Encryptions of zero under one public key, made ahead of time: Enc(0; r) = (r·G, r·X) for
// fresh random r. Adding m·G to the second component turns one into Enc(m; r), so a node
// that keeps a pool filled while idle answers a long query (a survival grid of thousands of
// cells) with point additions instead of two scalar multiplications per cell.
//
// Each pair is handed out once and wiped from the pool. A pair must stay secret until used
// (with it, C2 - r·X would show m·G): the pool lives in memory only. A background thread
// refills it whenever it falls below capacity, under SCHED_IDLE, so it only ever uses CPU
// time nothing else wants.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "secure/ciphertext.hpp"

namespace oncoshare::secure {

class EncryptionPool {
 public:
  // Starts the refilling thread (none with capacity 0: every take() computes).
  EncryptionPool(const Point& public_key, std::size_t capacity);
  ~EncryptionPool();  // stops the thread and wipes what is left
  EncryptionPool(const EncryptionPool&) = delete;
  EncryptionPool& operator=(const EncryptionPool&) = delete;

  // n fresh encryptions of zero: from the pool while it lasts, the rest computed now on all
  // cores. Never waits for the filling thread. Thread-safe.
  [[nodiscard]] CiphertextVector take(std::size_t n);
  // Tops the pool up now, on the calling thread and all cores, instead of waiting for idle
  // time (before a known large query; in tests, where the machine is never idle).
  void fill();
  // Enc(values[k]) for every k, each from its own pair.
  [[nodiscard]] CiphertextVector encrypt(std::span<const std::int64_t> values);

  [[nodiscard]] std::size_t available() const;
  [[nodiscard]] std::size_t capacity() const { return capacity_; }
  [[nodiscard]] const Point& public_key() const { return public_key_; }

 private:
  void refill();

  const Point public_key_;
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable wanted_;
  std::vector<Ciphertext> pairs_;
  bool stopping_ = false;
  std::thread filler_;
};

}  // namespace oncoshare::secure
