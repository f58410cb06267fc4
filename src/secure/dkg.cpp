#include "secure/dkg.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/sodium.hpp"
#include "secure/lagrange.hpp"

namespace oncoshare::secure {

namespace {

core::Status check_index(const DkgParams& params, std::uint32_t index, const char* field) {
  if (index < 1 || index > params.participants) {
    return core::fail(core::bad_input(fmt::format("index {} outside [1, {}]", index, params.participants),
                                      core::Location{.field = field}));
  }
  return {};
}

// Dealers whose broadcast is well-formed, unique and unchallenged, ascending.
core::Result<std::vector<std::uint32_t>> qualified_dealers(const DkgParams& params,
                                                           std::span<const DkgCommitments> commitments,
                                                           std::span<const DkgComplaint> complaints) {
  std::vector<int> seen(params.participants + 1, 0);
  std::vector<bool> bad(params.participants + 1, false);
  for (const DkgCommitments& c : commitments) {
    ONCOSHARE_TRY(check_index(params, c.dealer, "dealer"));
    ++seen[c.dealer];
    if (c.coefficients.size() != params.threshold) bad[c.dealer] = true;
  }
  for (const DkgComplaint& complaint : complaints) {
    ONCOSHARE_TRY(check_index(params, complaint.accuser, "accuser"));
    ONCOSHARE_TRY(check_index(params, complaint.dealer, "dealer"));
    bad[complaint.dealer] = true;
  }
  std::vector<std::uint32_t> qualified;
  for (std::uint32_t d = 1; d <= params.participants; ++d) {
    // Two different broadcasts from one dealer are equivocation: disqualify.
    if (seen[d] == 1 && !bad[d]) qualified.push_back(d);
  }
  if (qualified.size() < params.threshold) {
    return core::fail(core::bad_input(fmt::format("only {} of {} dealers qualified; at least {} are needed",
                                                  qualified.size(), params.participants, params.threshold)));
  }
  return qualified;
}

}  // namespace

core::Result<CollectiveKey> derive_collective_key(const DkgParams& params, std::span<const DkgCommitments> commitments,
                                                  std::span<const DkgComplaint> complaints) {
  ONCOSHARE_TRY(validate(params));
  auto qualified = qualified_dealers(params, commitments, complaints);
  if (!qualified) return core::fail(qualified.error());
  CollectiveKey key;
  key.params = params;
  key.qualified = *qualified;
  key.verification_shares.assign(params.participants, Point::identity());
  for (const DkgCommitments& c : commitments) {
    if (!std::binary_search(key.qualified.begin(), key.qualified.end(), c.dealer)) continue;
    key.public_key = key.public_key + c.coefficients[0];
    for (std::uint32_t i = 1; i <= params.participants; ++i) {
      key.verification_shares[i - 1] = key.verification_shares[i - 1] + evaluate_commitments(c.coefficients, i);
    }
  }
  return key;
}

core::Result<DkgParticipant> DkgParticipant::create(const DkgParams& params, std::uint32_t index) {
  ONCOSHARE_TRY(validate(params));
  ONCOSHARE_TRY(check_index(params, index, "index"));
  core::ensure_sodium();
  DkgParticipant p;
  p.params_ = params;
  p.index_ = index;
  p.commitments_.dealer = index;
  for (std::uint32_t k = 0; k < params.threshold; ++k) {
    p.coefficients_.push_back(SecretScalar::random());
    p.commitments_.coefficients.push_back(base_mul(p.coefficients_.back().value()));
  }
  return p;
}

core::Result<DkgShare> DkgParticipant::deal(std::uint32_t recipient) const {
  ONCOSHARE_TRY(check_index(params_, recipient, "recipient"));
  // Horner: f(j) = (...(a_{t-1}·j + a_{t-2})·j + ...) + a_0.
  const Scalar j = Scalar::from_int(recipient);
  DkgShare share{index_, recipient, SecretScalar{}};
  Scalar& acc = share.value.value();
  for (auto it = coefficients_.rbegin(); it != coefficients_.rend(); ++it) {
    Scalar next = acc * j + it->value();
    acc = next;
    next.wipe();
  }
  return share;
}

core::Result<std::optional<DkgComplaint>> DkgParticipant::receive(const DkgCommitments& dealer_commitments,
                                                                  DkgShare share) {
  ONCOSHARE_TRY(check_index(params_, share.dealer, "dealer"));
  if (share.recipient != index_) {
    return core::fail(core::bad_input(fmt::format("share addressed to node {}, this is node {}", share.recipient, index_),
                                      core::Location{.field = "recipient"}));
  }
  if (dealer_commitments.dealer != share.dealer) {
    return core::fail(core::bad_input(fmt::format("share from dealer {} checked against commitments of dealer {}",
                                                  share.dealer, dealer_commitments.dealer),
                                      core::Location{.field = "dealer"}));
  }
  const bool well_formed = dealer_commitments.coefficients.size() == params_.threshold;
  if (!well_formed || base_mul(share.value.value()) != evaluate_commitments(dealer_commitments.coefficients, index_)) {
    received_.erase(share.dealer);
    return std::optional<DkgComplaint>(DkgComplaint{index_, share.dealer});
  }
  received_.insert_or_assign(share.dealer, std::move(share.value));
  return std::optional<DkgComplaint>{};
}

core::Result<KeyShare> DkgParticipant::finish(std::span<const DkgCommitments> commitments,
                                              std::span<const DkgComplaint> complaints) const {
  auto key = derive_collective_key(params_, commitments, complaints);
  if (!key) return core::fail(key.error());
  KeyShare out{index_, SecretScalar{}, std::move(*key)};
  for (const std::uint32_t dealer : out.key.qualified) {
    const auto it = received_.find(dealer);
    if (it == received_.end()) {
      return core::fail(core::bad_input(
          fmt::format("node {} holds no verified share from qualified dealer {}; complain or wait", index_, dealer),
          core::Location{.field = "dealer"}));
    }
    out.secret.value() = out.secret.value() + it->second.value();
  }
  // Our own received share must match the public verification share (guards mixed-up inputs).
  if (base_mul(out.secret.value()) != out.key.verification_shares[index_ - 1]) {
    return core::fail(core::bad_input(
        fmt::format("node {}: key share does not match the broadcast commitments", index_)));
  }
  return out;
}

}  // namespace oncoshare::secure
