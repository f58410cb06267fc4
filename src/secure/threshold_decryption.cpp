#include "secure/threshold_decryption.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "secure/detail/selection.hpp"
#include "secure/lagrange.hpp"

namespace oncoshare::secure {

PartialDecryptor::PartialDecryptor(const KeyShare& share)
    : share_(share), verification_share_(base_mul(share.secret.value())) {
  ensure_sodium();
}

PartialDecryption PartialDecryptor::decrypt(const CiphertextVector& ciphertexts) const {
  PartialDecryption out{share_.index, {}, {}};
  out.shares.reserve(ciphertexts.size());
  out.proofs.reserve(ciphertexts.size());
  const Scalar& x = share_.secret.value();
  for (const Ciphertext& c : ciphertexts) {
    out.shares.push_back(x * c.c1);
    out.proofs.push_back(prove_decryption(share_.index, x, verification_share_, c.c1, out.shares.back()));
  }
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
  for (std::size_t k = 0; k < ciphertexts.size(); ++k) {
    if (!verify_decryption(partial.node, *x_pub, ciphertexts[k].c1, partial.shares[k], partial.proofs[k])) {
      return core::fail(core::bad_input(fmt::format("decryption proof {} does not verify", k), where));
    }
  }
  return {};
}

core::Result<std::vector<Point>> interpolate(const CiphertextVector& ciphertexts,
                                             std::span<const PartialDecryption> partials) {
  std::vector<std::uint32_t> set;
  for (const PartialDecryption& p : partials) set.push_back(p.node);
  std::vector<Point> out;
  out.reserve(ciphertexts.size());
  for (const Ciphertext& c : ciphertexts) out.push_back(c.c2);
  for (const PartialDecryption& p : partials) {
    auto lambda = lagrange_at_zero(p.node, set);
    if (!lambda) return core::fail(lambda.error());
    if (p.shares.size() != ciphertexts.size()) {
      return core::fail(core::bad_input(fmt::format("node {}: {} shares for {} ciphertexts", p.node, p.shares.size(),
                                                    ciphertexts.size())));
    }
    for (std::size_t k = 0; k < out.size(); ++k) out[k] = out[k] - (*lambda) * p.shares[k];
  }
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
  result.values.reserve(points->size());
  for (std::size_t k = 0; k < points->size(); ++k) {
    auto m = table.solve((*points)[k]);
    if (!m) return core::fail(core::bad_input(fmt::format("element {}: {}", k, m.error().message)));
    result.values.push_back(*m);
  }
  return result;
}

}  // namespace oncoshare::secure
