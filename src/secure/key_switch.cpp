#include "secure/key_switch.hpp"

#include <fmt/format.h>

#include "core/sodium.hpp"
#include "secure/detail/parallel.hpp"
#include "secure/detail/selection.hpp"
#include "secure/detail/solve_all.hpp"
#include "secure/lagrange.hpp"

namespace oncoshare::secure {

// base_mul initialises libsodium before the verification share is computed.
KeySwitcher::KeySwitcher(const KeyShare& share) : share_(share), verification_share_(base_mul(share.secret.value())) {}

KeySwitchShare KeySwitcher::switch_key(const CiphertextVector& ciphertexts, const Point& target_key) const {
  return switch_key(first_components(ciphertexts), target_key);
}

KeySwitchShare KeySwitcher::switch_key(std::span<const Point> c1, const Point& target_key) const {
  const std::size_t n = c1.size();
  KeySwitchShare out{share_.index, target_key, std::vector<Point>(n), std::vector<Point>(n), {}};
  const Scalar& x = share_.secret.value();
  // The blindings stay secret and are wiped, but the batched proof needs Σ w_k·k_k.
  std::vector<SecretScalar> blinding(n);
  detail::parallel_for(n, [&](std::size_t i) {
    blinding[i] = SecretScalar::random();
    out.a[i] = base_mul(blinding[i].value());
    out.b[i] = blinding[i].value() * target_key - x * c1[i];
  });
  out.proof = prove_key_switch_batch(share_.index, x, blinding, verification_share_, target_key, c1, out.a, out.b);
  return out;
}

core::Status verify(const CollectiveKey& key, const CiphertextVector& ciphertexts, const Point& target_key,
                    const KeySwitchShare& share) {
  auto x_pub = key.verification_share(share.node);
  if (!x_pub) return core::fail(x_pub.error());
  const core::Location where{.field = fmt::format("node {}", share.node)};
  if (share.target_key != target_key) {
    return core::fail(core::bad_input("key-switch share targets a different public key", where));
  }
  const std::size_t n = ciphertexts.size();
  if (share.a.size() != n || share.b.size() != n) {
    return core::fail(core::bad_input(fmt::format("{}/{} a/b for {} ciphertexts", share.a.size(), share.b.size(), n),
                                      where));
  }
  if (!verify_key_switch_batch(share.node, *x_pub, target_key, first_components(ciphertexts), share.a, share.b,
                               share.proof)) {
    return core::fail(core::bad_input(
        fmt::format("key-switch proof does not verify (one proof for all {} elements: the wrong one is not named)", n),
        where));
  }
  return {};
}

core::Result<KeySwitchResult> combine_key_switch(const CollectiveKey& key, const CiphertextVector& ciphertexts,
                                                 const Point& target_key, std::span<const KeySwitchShare> shares) {
  KeySwitchResult result;
  auto chosen = detail::select_valid<KeySwitchShare>(
      key, shares, [&](const KeySwitchShare& s) { return verify(key, ciphertexts, target_key, s); },
      "key-switch shares", result.used, result.rejected);
  if (!chosen) return core::fail(chosen.error());
  std::vector<Scalar> lambdas;
  for (const KeySwitchShare& s : *chosen) {
    auto lambda = lagrange_at_zero(s.node, result.used);
    if (!lambda) return core::fail(lambda.error());
    lambdas.push_back(*lambda);
  }
  result.ciphertexts.assign(ciphertexts.size(), Ciphertext{});
  detail::parallel_for(ciphertexts.size(), [&](std::size_t k) {
    Ciphertext c{Point{}, ciphertexts[k].c2};
    for (std::size_t i = 0; i < chosen->size(); ++i) {
      c.c1 = c.c1 + lambdas[i] * (*chosen)[i].a[k];
      c.c2 = c.c2 + lambdas[i] * (*chosen)[i].b[k];
    }
    result.ciphertexts[k] = c;
  });
  return result;
}

ResearcherKey ResearcherKey::generate() {
  core::ensure_sodium();
  ResearcherKey key;
  key.secret_ = SecretScalar::random();
  key.public_key_ = base_mul(key.secret_.value());
  return key;
}

core::Result<ResearcherKey> ResearcherKey::from_bytes(std::span<const std::uint8_t> secret) {
  core::ensure_sodium();
  auto s = Scalar::from_bytes(secret);
  if (!s || s->is_zero()) {
    return core::fail(core::bad_input(fmt::format("expected a canonical non-zero {}-byte scalar", kScalarBytes),
                                      core::Location{.field = "secret_key"}));
  }
  ResearcherKey key;
  key.secret_ = SecretScalar(*s);
  s->wipe();
  key.public_key_ = base_mul(key.secret_.value());
  return key;
}

core::Result<std::vector<std::int64_t>> ResearcherKey::decrypt(const CiphertextVector& ciphertexts,
                                                               const DlogTable& table) const {
  return detail::solve_all(table, ciphertexts.size(),
                           [&](std::size_t k) { return ciphertexts[k].c2 - secret_.value() * ciphertexts[k].c1; });
}

}  // namespace oncoshare::secure
