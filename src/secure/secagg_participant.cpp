#include <sodium.h>

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/sodium.hpp"
#include "secure/secagg.hpp"
#include "secure/secagg_crypto.hpp"
#include "secure/shamir.hpp"

namespace oncoshare::secure {

namespace {

core::Error refused(std::uint32_t self, std::string message) {
  return core::Error{core::ErrorCode::check_failed, fmt::format("participant {}: {}", self, message)};
}

bool contains(const std::vector<std::uint32_t>& sorted, std::uint32_t v) {
  return std::binary_search(sorted.begin(), sorted.end(), v);
}

}  // namespace

core::Result<SecAggParticipant> SecAggParticipant::create(const SecAggParams& params, std::uint32_t index) {
  core::ensure_sodium();
  ONCOSHARE_TRY(validate(params));
  if (index < 1 || index > params.participants) {
    return core::fail(core::bad_input(fmt::format("participant index {} outside 1..{}", index, params.participants)));
  }
  auto codec = FixedPoint::create(params.fractional_bits);
  if (!codec) return core::fail(codec.error());
  SecAggParticipant p(params, *codec);
  // Random canonical scalars: valid X25519 secrets and Shamir-shareable field elements.
  p.c_sk_ = SecretScalar::random();
  p.s_sk_ = SecretScalar::random();
  p.mine_ = {params.aggregation_id, index, secagg::x25519_public(p.c_sk_.value()),
             secagg::x25519_public(p.s_sk_.value())};
  return p;
}

core::Status SecAggParticipant::check_aggregation(const std::string& got, const char* what) const {
  if (got == params_.aggregation_id) return {};
  return core::fail(core::bad_input(
      fmt::format("participant {}: {} of aggregation \"{}\" refused, this is \"{}\"", index(), what, got,
                  params_.aggregation_id),
      core::Location{.field = "aggregation"}));
}

core::Result<std::vector<EncryptedShares>> SecAggParticipant::share_keys(std::span<const AdvertiseKeys> advertised) {
  if (stage_ != Stage::advertised) return core::fail(refused(index(), "keys were already shared"));
  std::map<std::uint32_t, AdvertiseKeys> peers;
  for (const AdvertiseKeys& a : advertised) {
    ONCOSHARE_TRY(check_aggregation(a.aggregation, "an advertisement"));
    if (a.index < 1 || a.index > params_.participants || peers.count(a.index) != 0) {
      return core::fail(refused(index(), fmt::format("bad or repeated advertised index {}", a.index)));
    }
    if (a.index == index() && !(a == mine_)) return core::fail(refused(index(), "its own advertisement was altered"));
    peers.emplace(a.index, a);
  }
  if (peers.count(index()) == 0) return core::fail(refused(index(), "its own advertisement is missing"));
  if (peers.size() < params_.threshold) {
    return core::fail(refused(
        index(), fmt::format("{} participants advertised keys, threshold {}", peers.size(), params_.threshold)));
  }
  std::vector<std::uint32_t> holders;
  for (const std::uint32_t h : holders_of(params_, index())) {
    if (peers.count(h) != 0) holders.push_back(h);
  }
  if (holders.size() < params_.threshold) {
    return core::fail(refused(index(), fmt::format("{} of its share holders advertised keys, threshold {}",
                                                   holders.size(), params_.threshold)));
  }
  SecretScalar seed = SecretScalar::random();
  auto seed_shares = shamir_split(seed.value(), params_.threshold, holders);
  auto key_shares = shamir_split(s_sk_.value(), params_.threshold, holders);
  if (!seed_shares || !key_shares) return core::fail(seed_shares ? key_shares.error() : seed_shares.error());
  std::vector<EncryptedShares> out;
  for (std::size_t k = 0; k < holders.size(); ++k) {
    const std::uint32_t to = holders[k];
    secagg::SymmetricKey shared;
    secagg::SymmetricKey key;
    ONCOSHARE_TRY(secagg::x25519_shared(c_sk_.value(), peers.at(to).c_pk, to, shared));
    secagg::derive_key(shared.bytes, secagg::kShareKeyDomain, params_.aggregation_id, index(), to, key);
    std::array<std::uint8_t, 2 * kScalarBytes> plain{};
    std::copy((*seed_shares)[k].value.bytes.begin(), (*seed_shares)[k].value.bytes.end(), plain.begin());
    std::copy((*key_shares)[k].value.bytes.begin(), (*key_shares)[k].value.bytes.end(), plain.begin() + kScalarBytes);
    out.push_back({params_.aggregation_id, index(), to,
                   secagg::seal_shares(key, plain, params_.aggregation_id, index(), to)});
    sodium_memzero(plain.data(), plain.size());
    (*seed_shares)[k].value.wipe();
    (*key_shares)[k].value.wipe();
  }
  seed_ = std::move(seed);
  peers_ = std::move(peers);
  stage_ = Stage::shared;
  return out;
}

core::Result<MaskedInput> SecAggParticipant::mask_input(std::span<const double> input,
                                                        std::span<const EncryptedShares> received) {
  if (stage_ != Stage::shared) return core::fail(refused(index(), "masked input requested out of order"));
  if (input.size() != params_.length) {
    return core::fail(core::bad_input(
        fmt::format("participant {}: input has {} elements, expected {}", index(), input.size(), params_.length)));
  }
  auto encoded = codec_.encode(input);
  if (!encoded) {
    return core::fail(core::bad_input(fmt::format("participant {}: input {}", index(), encoded.error().message)));
  }
  const std::vector<std::uint32_t> holders = holders_of(params_, index());  // also whose shares we may hold
  std::map<std::uint32_t, Held> held;
  for (const EncryptedShares& m : received) {
    ONCOSHARE_TRY(check_aggregation(m.aggregation, "an encrypted share"));
    if (m.to != index()) {
      return core::fail(refused(index(), fmt::format("received shares from {} addressed to {}", m.from, m.to)));
    }
    if (!contains(holders, m.from) || peers_.count(m.from) == 0 || held.count(m.from) != 0) {
      return core::fail(refused(index(), fmt::format("unexpected or repeated shares from participant {}", m.from)));
    }
    secagg::SymmetricKey shared;
    secagg::SymmetricKey key;
    ONCOSHARE_TRY(secagg::x25519_shared(c_sk_.value(), peers_.at(m.from).c_pk, m.from, shared));
    secagg::derive_key(shared.bytes, secagg::kShareKeyDomain, params_.aggregation_id, m.from, index(), key);
    std::array<std::uint8_t, 2 * kScalarBytes> plain{};
    const bool opened = secagg::open_shares(key, m.ciphertext, params_.aggregation_id, m.from, index(), plain);
    auto seed = Scalar::from_bytes(std::span(plain).first(kScalarBytes));
    auto s_key = Scalar::from_bytes(std::span(plain).last(kScalarBytes));
    sodium_memzero(plain.data(), plain.size());
    if (!opened || !seed || !s_key) {
      return core::fail(refused(index(), fmt::format("the shares from participant {} failed authentication "
                                                     "(tampered, or sealed for another aggregation)",
                                                     m.from)));
    }
    held.emplace(m.from, Held{SecretScalar(*seed), SecretScalar(*s_key)});
    seed->wipe();
    s_key->wipe();
  }
  if (held.size() < params_.threshold) {
    return core::fail(refused(
        index(), fmt::format("shares from {} participants, threshold {}", held.size(), params_.threshold)));
  }
  MaskedInput out{params_.aggregation_id, index(), {}, std::move(*encoded)};
  secagg::SymmetricKey mask;
  secagg::derive_key(seed_.value().bytes, secagg::kSelfMaskDomain, params_.aggregation_id, index(), 0, mask);
  secagg::apply_mask(out.data, mask, false);
  secagg::SymmetricKey check;
  secagg::derive_key(seed_.value().bytes, secagg::kSeedCheckDomain, params_.aggregation_id, index(), 0, check);
  out.seed_check = check.bytes;
  for (const auto& [j, unused] : held) {
    if (j == index()) continue;
    secagg::SymmetricKey shared;
    ONCOSHARE_TRY(secagg::x25519_shared(s_sk_.value(), peers_.at(j).s_pk, j, shared));
    secagg::derive_key(shared.bytes, secagg::kPairMaskDomain, params_.aggregation_id, std::min(j, index()),
                       std::max(j, index()), mask);
    secagg::apply_mask(out.data, mask, j > index());  // + for j < i, - for j > i
  }
  held_ = std::move(held);
  stage_ = Stage::masked;
  return out;
}

core::Result<UnmaskShares> SecAggParticipant::unmask(const UnmaskRequest& request) {
  if (stage_ != Stage::masked) {
    return core::fail(refused(index(), stage_ == Stage::done ? "already unmasked: a second request is refused"
                                                             : "unmask requested before its masked input"));
  }
  ONCOSHARE_TRY(check_aggregation(request.aggregation, "an unmask request"));
  const std::vector<std::uint32_t>& u3 = request.survivors;
  if (!std::is_sorted(u3.begin(), u3.end()) || std::adjacent_find(u3.begin(), u3.end()) != u3.end() ||
      (!u3.empty() && (u3.front() < 1 || u3.back() > params_.participants))) {
    return core::fail(refused(index(), "survivors must be ascending distinct indices in 1..n"));
  }
  if (u3.size() < params_.threshold) {
    return core::fail(refused(index(), fmt::format("only {} survivors, threshold {}: nothing revealed", u3.size(),
                                                   params_.threshold)));
  }
  if (!contains(u3, index())) return core::fail(refused(index(), "not listed among the survivors"));
  UnmaskShares out{params_.aggregation_id, index(), {}, {}};
  // Each owner lands in exactly one list: survivors' seeds, or the dropped's mask keys.
  for (const auto& [owner, held] : held_) {
    if (contains(u3, owner)) {
      out.seed_shares.push_back({owner, held.seed.value()});
    } else {
      out.key_shares.push_back({owner, held.key.value()});
    }
  }
  held_.clear();
  stage_ = Stage::done;
  return out;
}

}  // namespace oncoshare::secure
