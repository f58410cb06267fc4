// A seeded, platform-independent random source for the synthetic cohort. The standard
// library's distributions are not used: their output differs between implementations,
// and the cohort must be byte-identical for a seed everywhere.
#pragma once

#include <cstdint>
#include <span>

namespace oncoshare::synth {

// xoshiro256** (Blackman & Vigna), seeded through SplitMix64. Not for cryptography.
class Rng {
 public:
  // A generator for `seed`; `stream` selects an independent sequence (e.g. one per
  // patient), so that drawing one patient never shifts the numbers of another.
  explicit Rng(std::uint64_t seed, std::uint64_t stream = 0);

  // 64 uniformly random bits.
  std::uint64_t next();
  // Uniform on [0, 1) with 53 bits of precision.
  double uniform();
  // Uniform on [lo, hi). Precondition: lo <= hi.
  double uniform(double lo, double hi);
  // Uniform integer on [lo, hi], unbiased. Precondition: lo <= hi.
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi);
  // True with probability p.
  bool bernoulli(double p);
  // Standard normal (Box-Muller; one value per call, so the sequence has no hidden state).
  double normal();
  double normal(double mean, double sd) { return mean + sd * normal(); }
  // Exponential with the given rate (> 0).
  double exponential(double rate);
  // Index i with probability weights[i] / sum(weights). Precondition: some weight > 0.
  std::size_t categorical(std::span<const double> weights);

 private:
  std::uint64_t s_[4];
};

// SplitMix64 step: mixes `x` into a well-spread 64-bit value.
[[nodiscard]] std::uint64_t splitmix64(std::uint64_t& x);

}  // namespace oncoshare::synth
