#include "secure/joint_decryption.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "core/sodium.hpp"
#include "secure/detail/batch.hpp"
#include "secure/detail/parallel.hpp"
#include "secure/detail/solve_all.hpp"
#include "secure/detail/transcript.hpp"
#include "secure/lagrange.hpp"
#include "secure/threshold_decryption.hpp"

namespace oncoshare::secure {

namespace {

constexpr std::string_view kWeightsDomain = "oncoshare.secure.v3.joint-decryption.weights";

// The same weights at every node and at the combiner: bound to the challenge and to every
// first component of the aggregate.
std::vector<Scalar> challenge_weights(const OpeningChallenge& challenge, std::span<const Point> c1) {
  detail::Transcript transcript(kWeightsDomain);
  transcript.append(challenge.bytes);
  detail::append_all(transcript, c1);
  return detail::batch_weights(transcript, c1.size());
}

// λ_node for `decryptors`, after checking the set is one the key can decrypt with.
core::Result<Scalar> lagrange_for(const CollectiveKey& key, std::uint32_t node, std::span<const std::uint32_t> decryptors) {
  if (decryptors.size() < key.params.threshold) {
    return core::fail(core::bad_input(fmt::format("node {}: {} decryptor(s) named, the key needs {}", node,
                                                  decryptors.size(), key.params.threshold)));
  }
  if (!std::is_sorted(decryptors.begin(), decryptors.end()) || decryptors.back() > key.params.participants) {
    return core::fail(core::bad_input(fmt::format("node {}: decryptors must be ascending indices 1..{}", node,
                                                  key.params.participants)));
  }
  auto lambda = lagrange_at_zero(node, decryptors);
  if (!lambda) return core::fail(core::bad_input(fmt::format("node {}: {}", node, lambda.error().message)));
  return lambda;
}

const CombinedShare* combined_of(std::span<const CombinedShare> combined, std::uint32_t node) {
  auto it = std::find_if(combined.begin(), combined.end(), [&](const CombinedShare& c) { return c.node == node; });
  return it == combined.end() ? nullptr : &*it;
}

core::Status check_messages(const CollectiveKey& key, std::size_t n, std::span<const DecryptionShares> shares,
                            std::span<const CombinedShare> combined) {
  if (shares.size() < key.params.threshold) {
    return core::fail(core::bad_input(fmt::format("{} node(s) sent decryption shares, the key needs {}", shares.size(),
                                                  key.params.threshold)));
  }
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const DecryptionShares& s = shares[i];
    if (s.shares.size() != n) {
      return core::fail(core::bad_input(fmt::format("node {}: {} shares for {} ciphertexts", s.node, s.shares.size(), n)));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (shares[j].node == s.node) return core::fail(core::bad_input(fmt::format("node {} sent shares twice", s.node)));
    }
    if (combined_of(combined, s.node) == nullptr) {
      return core::fail(core::bad_input(fmt::format("node {}: no round-2 proof", s.node)));
    }
  }
  for (const CombinedShare& c : combined) {
    if (std::count_if(shares.begin(), shares.end(), [&](const DecryptionShares& s) { return s.node == c.node; }) != 1 ||
        std::count_if(combined.begin(), combined.end(), [&](const CombinedShare& o) { return o.node == c.node; }) != 1) {
      return core::fail(core::bad_input(fmt::format("node {}: a round-2 proof without exactly one set of shares", c.node)));
    }
  }
  return {};
}

}  // namespace

OpeningChallenge OpeningChallenge::random() {
  core::ensure_sodium();
  OpeningChallenge c;
  randombytes_buf(c.bytes.data(), c.bytes.size());
  return c;
}

core::Result<DecryptionShares> JointDecryptor::decrypt(std::span<const Point> c1,
                                                       std::span<const std::uint32_t> decryptors) const {
  auto lambda = lagrange_for(share_.key, share_.index, decryptors);
  if (!lambda) return core::fail(lambda.error());
  const SecretScalar y(*lambda * share_.secret.value());
  DecryptionShares out{share_.index, {decryptors.begin(), decryptors.end()}, std::vector<Point>(c1.size())};
  detail::parallel_for(c1.size(), [&](std::size_t k) { out.shares[k] = y.value() * c1[k]; });
  return out;
}

core::Result<CombinedShare> JointDecryptor::prove(std::span<const Point> c1, std::span<const std::uint32_t> decryptors,
                                                  const OpeningChallenge& challenge) const {
  auto lambda = lagrange_for(share_.key, share_.index, decryptors);
  if (!lambda) return core::fail(lambda.error());
  const SecretScalar y(*lambda * share_.secret.value());
  const Point c_star = detail::weighted_sum(c1, challenge_weights(challenge, c1));
  const Point e = y.value() * c_star;
  return CombinedShare{share_.index, e,
                       prove_combined_decryption(share_.index, y.value(), base_mul(y.value()), c_star, e)};
}

core::Result<JointOpening> open_jointly(const CollectiveKey& key, const CiphertextVector& ciphertexts,
                                        std::span<const DecryptionShares> shares,
                                        std::span<const CombinedShare> combined, const OpeningChallenge& challenge,
                                        const DlogTable& table) {
  const std::size_t n = ciphertexts.size();
  ONCOSHARE_TRY(check_messages(key, n, shares, combined));
  JointOpening out;
  for (const DecryptionShares& s : shares) out.used.push_back(s.node);
  std::sort(out.used.begin(), out.used.end());

  const std::vector<Point> c1 = first_components(ciphertexts);
  const std::vector<Scalar> w = challenge_weights(challenge, c1);
  const Point c_star = detail::weighted_sum(c1, w);

  // Each node's proof, against the set it computed its shares for; then the factor taking
  // its shares from that set to the final one.
  std::vector<Scalar> ratio(shares.size());
  std::vector<const CombinedShare*> proof(shares.size());
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const DecryptionShares& s = shares[i];
    auto own = lagrange_for(key, s.node, s.decryptors);
    if (!own) return core::fail(own.error());
    auto now = lagrange_for(key, s.node, out.used);
    if (!now) return core::fail(now.error());
    auto x_pub = key.verification_share(s.node);
    if (!x_pub) return core::fail(x_pub.error());
    proof[i] = combined_of(combined, s.node);
    if (!verify_combined_decryption(s.node, *own * *x_pub, c_star, proof[i]->combined, proof[i]->proof)) {
      out.rejected.push_back({s.node, "its round-2 decryption proof does not verify"});
    }
    ratio[i] = *now * own->inverse();
  }
  if (!out.rejected.empty()) return out;

  const Scalar one = Scalar::from_int(1);
  std::vector<Point> total(n);
  detail::parallel_for(n, [&](std::size_t k) {
    Point sum;
    for (std::size_t i = 0; i < shares.size(); ++i) {
      const Point& d = shares[i].shares[k];
      sum = sum + (ratio[i] == one ? d : ratio[i] * d);
    }
    total[k] = sum;
  });
  Point expected;
  for (std::size_t i = 0; i < shares.size(); ++i) expected = expected + ratio[i] * proof[i]->combined;
  if (detail::weighted_sum(total, w) != expected) {
    for (std::size_t i = 0; i < shares.size(); ++i) {
      if (detail::weighted_sum(shares[i].shares, w) != proof[i]->combined) {
        out.rejected.push_back({shares[i].node, "its decryption shares do not match its proof"});
      }
    }
    if (out.rejected.empty()) return core::fail(core::bad_input("the decryption shares do not add up"));
    return out;
  }
  auto values = detail::solve_all(table, n, [&](std::size_t k) { return ciphertexts[k].c2 - total[k]; });
  if (!values) return core::fail(values.error());
  out.values = std::move(*values);
  return out;
}

}  // namespace oncoshare::secure
