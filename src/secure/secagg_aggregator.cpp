#include <sodium.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/sodium.hpp"
#include "secure/secagg.hpp"
#include "secure/secagg_crypto.hpp"
#include "secure/shamir.hpp"

namespace oncoshare::secure {

namespace {

core::Error failed(std::string message) {
  return core::Error{core::ErrorCode::check_failed, "secure aggregation: " + std::move(message)};
}

bool contains(const std::vector<std::uint32_t>& sorted, std::uint32_t v) {
  return std::binary_search(sorted.begin(), sorted.end(), v);
}

template <class Map>
std::vector<std::uint32_t> keys(const Map& map) {
  std::vector<std::uint32_t> out;
  for (const auto& item : map) out.push_back(item.first);
  return out;
}

// "only 2 of 5 ... (missing 3, 4, 5)": who is gone is what an operator needs to know.
core::Status require_threshold(const std::vector<std::uint32_t>& present, const std::vector<std::uint32_t>& expected,
                               std::uint32_t threshold, const char* what) {
  if (present.size() >= threshold) return {};
  std::vector<std::uint32_t> missing;
  std::set_difference(expected.begin(), expected.end(), present.begin(), present.end(), std::back_inserter(missing));
  return core::fail(failed(fmt::format("only {} of {} participants {} (missing {}); threshold {}", present.size(),
                                       expected.size(), what, fmt::join(missing, ", "), threshold)));
}

constexpr const char* kStageNames[] = {"advertise", "share keys", "masked input", "unmask", "finished"};

}  // namespace

core::Result<SecAggAggregator> SecAggAggregator::create(const SecAggParams& params) {
  core::ensure_sodium();
  ONCOSHARE_TRY(validate(params));
  auto codec = FixedPoint::create(params.fractional_bits);
  if (!codec) return core::fail(codec.error());
  return SecAggAggregator(params, *codec);
}

core::Status SecAggAggregator::expect(Stage stage, const char* what, const std::string& aggregation) const {
  if (aggregation != params_.aggregation_id) {
    return core::fail(core::bad_input(fmt::format("secure aggregation: {} of aggregation \"{}\" refused, this is \"{}\"",
                                                  what, aggregation, params_.aggregation_id),
                                      core::Location{.field = "aggregation"}));
  }
  if (stage_ != stage) {
    return core::fail(failed(fmt::format("{} refused: the current round is {}", what,
                                         kStageNames[static_cast<int>(stage_)])));
  }
  return {};
}

core::Status SecAggAggregator::receive(const AdvertiseKeys& m) {
  ONCOSHARE_TRY(expect(Stage::advertise, "an advertisement", m.aggregation));
  if (m.index < 1 || m.index > params_.participants || keys_.count(m.index) != 0) {
    return core::fail(failed(fmt::format("advertisement with a bad or repeated index {}", m.index)));
  }
  keys_.emplace(m.index, m);
  return {};
}

core::Result<std::vector<AdvertiseKeys>> SecAggAggregator::close_advertise() {
  ONCOSHARE_TRY(expect(Stage::advertise, "closing the advertise round", params_.aggregation_id));
  std::vector<std::uint32_t> all(params_.participants);
  for (std::uint32_t i = 0; i < params_.participants; ++i) all[i] = i + 1;
  ONCOSHARE_TRY(require_threshold(keys(keys_), all, params_.threshold, "advertised keys"));
  std::vector<AdvertiseKeys> out;
  for (const auto& item : keys_) out.push_back(item.second);
  stage_ = Stage::shares;
  return out;
}

core::Status SecAggAggregator::receive(const EncryptedShares& m) {
  ONCOSHARE_TRY(expect(Stage::shares, "an encrypted share", m.aggregation));
  if (keys_.count(m.from) == 0 || keys_.count(m.to) == 0 || !contains(holders_of(params_, m.from), m.to)) {
    return core::fail(failed(fmt::format("shares from {} to {}: not an advertised sender and holder", m.from, m.to)));
  }
  if (!shares_[m.from].emplace(m.to, m).second) {
    return core::fail(failed(fmt::format("shares from {} to {} received twice", m.from, m.to)));
  }
  return {};
}

core::Result<std::vector<std::uint32_t>> SecAggAggregator::close_shares() {
  ONCOSHARE_TRY(expect(Stage::shares, "closing the share round", params_.aggregation_id));
  u2_.clear();
  for (const auto& [from, sent] : shares_) {
    std::size_t expected = 0;
    for (const std::uint32_t h : holders_of(params_, from)) expected += keys_.count(h);
    if (sent.size() == expected) u2_.push_back(from);  // a partial sender counts as dropped
  }
  ONCOSHARE_TRY(require_threshold(u2_, keys(keys_), params_.threshold, "shared keys"));
  stage_ = Stage::inputs;
  return u2_;
}

std::vector<std::uint32_t> SecAggAggregator::senders_to(std::uint32_t recipient) const {
  std::vector<std::uint32_t> out;
  if (!contains(u2_, recipient)) return out;
  for (const std::uint32_t from : u2_) {
    if (shares_.at(from).count(recipient) != 0) out.push_back(from);
  }
  return out;
}

core::Result<std::vector<EncryptedShares>> SecAggAggregator::shares_for(std::uint32_t recipient) const {
  if (stage_ < Stage::inputs) return core::fail(failed("shares requested before the share round closed"));
  if (!contains(u2_, recipient)) {
    return core::fail(failed(fmt::format("participant {} did not complete the share round", recipient)));
  }
  std::vector<EncryptedShares> out;
  for (const std::uint32_t from : senders_to(recipient)) out.push_back(shares_.at(from).at(recipient));
  return out;
}

core::Status SecAggAggregator::receive(const MaskedInput& m) {
  ONCOSHARE_TRY(expect(Stage::inputs, "a masked input", m.aggregation));
  if (!contains(u2_, m.index) || inputs_.count(m.index) != 0) {
    return core::fail(failed(fmt::format("masked input from {}: not in the share round, or repeated", m.index)));
  }
  if (m.data.size() != params_.length) {
    return core::fail(failed(fmt::format("masked input from {} has {} elements, expected {}", m.index,
                                         m.data.size(), params_.length)));
  }
  inputs_.emplace(m.index, m);
  return {};
}

core::Result<UnmaskRequest> SecAggAggregator::close_inputs() {
  ONCOSHARE_TRY(expect(Stage::inputs, "closing the input round", params_.aggregation_id));
  u3_ = keys(inputs_);
  ONCOSHARE_TRY(require_threshold(u3_, u2_, params_.threshold, "sent masked inputs"));
  stage_ = Stage::unmask;
  return UnmaskRequest{params_.aggregation_id, u3_};
}

core::Status SecAggAggregator::receive(const UnmaskShares& m) {
  ONCOSHARE_TRY(expect(Stage::unmask, "unmask shares", m.aggregation));
  if (!contains(u3_, m.index) || unmasks_.count(m.index) != 0) {
    return core::fail(failed(fmt::format("unmask shares from {}: not a survivor, or repeated", m.index)));
  }
  // Only shares this participant holds, of the one kind each owner needs, each owner once.
  const std::vector<std::uint32_t> held = senders_to(m.index);
  auto check = [&](const std::vector<RevealedShare>& list, bool survivors, const char* kind) -> core::Status {
    for (std::size_t k = 0; k < list.size(); ++k) {
      const std::uint32_t owner = list[k].owner;
      if (!contains(held, owner) || contains(u3_, owner) != survivors || (k > 0 && list[k - 1].owner >= owner)) {
        return core::fail(failed(fmt::format("unmask shares from {}: unexpected {} share of participant {}", m.index,
                                             kind, owner)));
      }
    }
    return {};
  };
  ONCOSHARE_TRY(check(m.seed_shares, true, "seed"));
  ONCOSHARE_TRY(check(m.key_shares, false, "mask-key"));
  unmasks_.emplace(m.index, m);
  return {};
}

core::Result<std::vector<u128>> SecAggAggregator::unmasked_sum() {
  std::vector<u128> sum(params_.length, 0);
  for (const auto& [i, input] : inputs_) {
    for (std::size_t k = 0; k < sum.size(); ++k) sum[k] += input.data[k];
  }
  // Reconstructs owner's secret from the revealed shares of one kind (seed or mask key).
  auto reconstruct = [&](std::uint32_t owner, bool seed, const char* what) -> core::Result<SecretScalar> {
    std::vector<ShamirShare> shares;
    for (const auto& [holder, message] : unmasks_) {
      for (const RevealedShare& r : seed ? message.seed_shares : message.key_shares) {
        if (r.owner == owner) shares.push_back({holder, r.value});
      }
    }
    auto secret = shamir_combine(shares, params_.threshold);
    for (ShamirShare& s : shares) s.value.wipe();
    if (!secret) return core::fail(failed(fmt::format("cannot recover the {} of participant {}: {}", what, owner,
                                                      secret.error().message)));
    SecretScalar out(*secret);
    secret->wipe();
    return out;
  };
  secagg::SymmetricKey key;
  for (const std::uint32_t j : u3_) {
    auto seed = reconstruct(j, true, "self-mask seed");
    if (!seed) return core::fail(seed.error());
    secagg::derive_key(seed->value().bytes, secagg::kSeedCheckDomain, params_.aggregation_id, j, 0, key);
    if (sodium_memcmp(key.bytes.data(), inputs_.at(j).seed_check.data(), key.bytes.size()) != 0) {
      return core::fail(failed(fmt::format("the self-mask seed recovered for participant {} does not match its "
                                           "seed check (a wrong share)", j)));
    }
    secagg::derive_key(seed->value().bytes, secagg::kSelfMaskDomain, params_.aggregation_id, j, 0, key);
    secagg::apply_mask(sum, key, true);
  }
  for (const std::uint32_t d : u2_) {
    if (contains(u3_, d)) continue;
    auto s_sk = reconstruct(d, false, "mask key");
    if (!s_sk) return core::fail(s_sk.error());
    if (secagg::x25519_public(s_sk->value()) != keys_.at(d).s_pk) {
      return core::fail(failed(fmt::format("the mask key recovered for dropped participant {} does not match its "
                                           "advertised key (a wrong share)", d)));
    }
    // Survivor k added +PRG(s_kd) if d < k and -PRG(s_kd) if d > k: undo exactly that.
    for (const std::uint32_t k : u3_) {
      if (k == d || shares_.at(d).count(k) == 0) continue;
      secagg::SymmetricKey shared;
      ONCOSHARE_TRY(secagg::x25519_shared(s_sk->value(), keys_.at(k).s_pk, k, shared));
      secagg::derive_key(shared.bytes, secagg::kPairMaskDomain, params_.aggregation_id, std::min(d, k),
                         std::max(d, k), key);
      secagg::apply_mask(sum, key, d < k);
    }
  }
  return sum;
}

core::Result<AggregateResult> SecAggAggregator::finish() {
  ONCOSHARE_TRY(expect(Stage::unmask, "finishing", params_.aggregation_id));
  ONCOSHARE_TRY(require_threshold(keys(unmasks_), u3_, params_.threshold, "sent unmask shares"));
  auto sum = unmasked_sum();
  if (!sum) return core::fail(sum.error());
  AggregateResult out{codec_.decode(*sum), u3_, {}};
  for (std::uint32_t i = 1; i <= params_.participants; ++i) {
    if (!contains(u3_, i)) out.dropped.push_back(i);
  }
  for (auto& [owner, message] : unmasks_) {
    for (RevealedShare& r : message.seed_shares) r.value.wipe();
    for (RevealedShare& r : message.key_shares) r.value.wipe();
  }
  stage_ = Stage::done;
  return out;
}

}  // namespace oncoshare::secure
