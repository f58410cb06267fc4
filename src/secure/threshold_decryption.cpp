#include "secure/threshold_decryption.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "secure/detail/parallel.hpp"
#include "secure/detail/selection.hpp"
#include "secure/detail/solve_all.hpp"
#include "secure/lagrange.hpp"

namespace oncoshare::secure {

PartialDecryptor::PartialDecryptor(const KeyShare& share)
    : share_(share), verification_share_(base_mul(share.secret.value())) {
  ensure_sodium();
}

PartialDecryption PartialDecryptor::decrypt(const CiphertextVector& ciphertexts) const {
  PartialDecryption out{share_.index, std::vector<Point>(ciphertexts.size()),
                        std::vector<DecryptionProof>(ciphertexts.size())};
  const Scalar& x = share_.secret.value();
  detail::parallel_for(ciphertexts.size(), [&](std::size_t k) {
    out.shares[k] = x * ciphertexts[k].c1;
    out.proofs[k] = prove_decryption(share_.index, x, verification_share_, ciphertexts[k].c1, out.shares[k]);
  });
  return out;
}

core::Status verify(const CollectiveKey& key, const CiphertextVector& ciphertexts, const PartialDecryption& partial) {
  auto x_pub = key.verification_share(partial.node);
  if (!x_pub) return core::fail(x_pub.error());
  const core::Location where{.field = fmt::format("node {}", partial.node)};
  if (partial.shares.size() != ciphertexts.size() || partial.proofs.size() != ciphertexts.size()) {
    return core::fail(core::bad_input(fmt::format("{} shares and {} proofs for {} ciphertexts", partial.shares.size(),
                                                  partial.proofs.size(), ciphertexts.size()),
                                      where));
  }
  const auto bad = detail::first_failure(ciphertexts.size(), [&](std::size_t k) {
    return verify_decryption(partial.node, *x_pub, ciphertexts[k].c1, partial.shares[k], partial.proofs[k]);
  });
  if (bad) return core::fail(core::bad_input(fmt::format("decryption proof {} does not verify", *bad), where));
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
