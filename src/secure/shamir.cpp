#include "secure/shamir.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "secure/lagrange.hpp"

namespace oncoshare::secure {

namespace {

// Σ λ_h f(h) at 0 over exactly the given shares.
core::Result<Scalar> interpolate(std::span<const ShamirShare> shares) {
  std::vector<std::uint32_t> set;
  set.reserve(shares.size());
  for (const ShamirShare& s : shares) set.push_back(s.holder);
  Scalar acc = Scalar::from_int(0);
  for (const ShamirShare& s : shares) {
    auto weight = lagrange_at_zero(s.holder, set);
    if (!weight) return core::fail(weight.error());
    acc = acc + *weight * s.value;
  }
  return acc;
}

}  // namespace

core::Result<std::vector<ShamirShare>> shamir_split(const Scalar& secret, std::uint32_t threshold,
                                                    std::span<const std::uint32_t> holders) {
  if (threshold == 0 || threshold > holders.size()) {
    return core::fail(core::bad_input(
        fmt::format("shamir: threshold {} must be in [1, {}] (the number of holders)", threshold, holders.size())));
  }
  for (std::size_t a = 0; a < holders.size(); ++a) {
    if (holders[a] == 0) return core::fail(core::bad_input("shamir: holder index 0 is reserved for the secret"));
    if (std::count(holders.begin(), holders.end(), holders[a]) > 1) {
      return core::fail(core::bad_input(fmt::format("shamir: holder {} appears twice", holders[a])));
    }
  }
  std::vector<SecretScalar> coefficients;  // a_1 .. a_{t-1}; a_0 is the secret
  for (std::uint32_t k = 1; k < threshold; ++k) coefficients.push_back(SecretScalar::random());
  std::vector<ShamirShare> out;
  out.reserve(holders.size());
  for (const std::uint32_t h : holders) {
    // Horner: ((a_{t-1}·h + a_{t-2})·h + ...)·h + a_0.
    const Scalar x = Scalar::from_int(h);
    Scalar acc = Scalar::from_int(0);
    for (auto it = coefficients.rbegin(); it != coefficients.rend(); ++it) acc = (acc + it->value()) * x;
    out.push_back({h, acc + secret});
    acc.wipe();
  }
  return out;
}

core::Result<Scalar> shamir_combine(std::span<const ShamirShare> shares, std::uint32_t threshold) {
  if (threshold == 0 || shares.size() < threshold) {
    return core::fail(core::Error{core::ErrorCode::check_failed,
                                  fmt::format("shamir: {} shares, at least {} needed", shares.size(), threshold)});
  }
  auto secret = interpolate(shares.first(threshold));
  if (!secret) return core::fail(secret.error());
  // Each extra share replaces the last of the first t: the same polynomial gives the same f(0).
  std::vector<ShamirShare> probe(shares.begin(), shares.begin() + threshold);
  for (std::size_t k = threshold; k < shares.size(); ++k) {
    probe.back() = shares[k];
    auto other = interpolate(probe);
    if (!other) return core::fail(other.error());
    const bool same = *other == *secret;
    other->wipe();
    if (!same) {
      for (ShamirShare& s : probe) s.value.wipe();
      std::vector<std::uint32_t> holders;
      for (const ShamirShare& s : shares) holders.push_back(s.holder);
      return core::fail(core::Error{
          core::ErrorCode::check_failed,
          fmt::format("shamir: the shares held by {} do not lie on one polynomial (at least one is wrong)",
                      fmt::join(holders, ", "))});
    }
  }
  for (ShamirShare& s : probe) s.value.wipe();
  return secret;
}

}  // namespace oncoshare::secure
