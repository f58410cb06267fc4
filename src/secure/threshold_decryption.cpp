#include "secure/threshold_decryption.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/sodium.hpp"
#include "secure/detail/parallel.hpp"
#include "secure/detail/selection.hpp"
#include "secure/detail/solve_all.hpp"
#include "secure/lagrange.hpp"

namespace oncoshare::secure {

// base_mul initialises libsodium before the verification share is computed.
PartialDecryptor::PartialDecryptor(const KeyShare& share)
    : share_(share), verification_share_(base_mul(share.secret.value())) {}

PartialDecryption PartialDecryptor::decrypt(const CiphertextVector& ciphertexts) const {
  return decrypt(first_components(ciphertexts));
}

PartialDecryption PartialDecryptor::decrypt(std::span<const Point> c1) const {
  PartialDecryption out{share_.index, std::vector<Point>(c1.size()), {}};
  const Scalar& x = share_.secret.value();
  detail::parallel_for(c1.size(), [&](std::size_t k) { out.shares[k] = x * c1[k]; });
  out.proof = prove_decryption_batch(share_.index, x, verification_share_, c1, out.shares);
  return out;
}

std::vector<Point> first_components(const CiphertextVector& ciphertexts) {
  std::vector<Point> c1(ciphertexts.size());
  for (std::size_t k = 0; k < c1.size(); ++k) c1[k] = ciphertexts[k].c1;
  return c1;
}

core::Status verify(const CollectiveKey& key, const CiphertextVector& ciphertexts, const PartialDecryption& partial) {
  auto x_pub = key.verification_share(partial.node);
  if (!x_pub) return core::fail(x_pub.error());
  const core::Location where{.field = fmt::format("node {}", partial.node)};
  if (partial.shares.size() != ciphertexts.size()) {
    return core::fail(core::bad_input(
        fmt::format("{} shares for {} ciphertexts", partial.shares.size(), ciphertexts.size()), where));
  }
  if (!verify_decryption_batch(partial.node, *x_pub, first_components(ciphertexts), partial.shares, partial.proof)) {
    return core::fail(core::bad_input(
        fmt::format("decryption proof does not verify (one proof for all {} shares: the wrong one is not named)",
                    partial.shares.size()),
        where));
  }
  return {};
}

core::Result<std::vector<Point>> interpolate(const CiphertextVector& ciphertexts,
                                             std::span<const PartialDecryption> partials) {
  std::vector<std::uint32_t> set;
  for (const PartialDecryption& p : partials) set.push_back(p.node);
  std::vector<Scalar> lambdas;
  for (const PartialDecryption& p : partials) {
    auto lambda = lagrange_at_zero(p.node, set);
    if (!lambda) return core::fail(lambda.error());
    if (p.shares.size() != ciphertexts.size()) {
      return core::fail(core::bad_input(fmt::format("node {}: {} shares for {} ciphertexts", p.node, p.shares.size(),
                                                    ciphertexts.size())));
    }
    lambdas.push_back(*lambda);
  }
  std::vector<Point> out(ciphertexts.size());
  detail::parallel_for(out.size(), [&](std::size_t k) {
    Point m = ciphertexts[k].c2;
    for (std::size_t i = 0; i < partials.size(); ++i) m = m - lambdas[i] * partials[i].shares[k];
    out[k] = m;
  });
  return out;
}

core::Result<ThresholdDecryption> combine(const CollectiveKey& key, const CiphertextVector& ciphertexts,
                                          std::span<const PartialDecryption> partials, const DlogTable& table) {
  ThresholdDecryption result;
  auto chosen = detail::select_valid<PartialDecryption>(
      key, partials, [&](const PartialDecryption& p) { return verify(key, ciphertexts, p); }, "partial decryptions",
      result.used, result.rejected);
  if (!chosen) return core::fail(chosen.error());
  auto points = interpolate(ciphertexts, *chosen);
  if (!points) return core::fail(points.error());
  auto values = detail::solve_all(table, points->size(), [&](std::size_t k) { return (*points)[k]; });
  if (!values) return core::fail(values.error());
  result.values = std::move(*values);
  return result;
}

}  // namespace oncoshare::secure
