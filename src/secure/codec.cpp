#include "secure/codec.hpp"

#include <fmt/format.h>

#include <cstring>
#include <optional>
#include <type_traits>

#include "secure/detail/batch.hpp"
#include "secure/detail/json_fields.hpp"
#include "secure/detail/parallel.hpp"
#include "secure/detail/transcript.hpp"

namespace oncoshare::secure {

namespace {

using detail::FieldReader;
using detail::pack;
using Json = nlohmann::json;

constexpr std::string_view kFirstComponentsDomain = "oncoshare.secure.v2.first-components";
constexpr std::string_view kCiphertextsDomain = "oncoshare.secure.v2.ciphertexts";

// pack() copies object bytes: these types must be exactly their wire encodings.
static_assert(sizeof(Point) == kPointBytes && std::is_trivially_copyable_v<Point>);
static_assert(sizeof(Ciphertext) == kCiphertextBytes && std::is_trivially_copyable_v<Ciphertext>);
static_assert(sizeof(DecryptionProof) == kDecryptionProofBytes && std::is_trivially_copyable_v<DecryptionProof>);
static_assert(sizeof(KeySwitchProof) == kKeySwitchProofBytes && std::is_trivially_copyable_v<KeySwitchProof>);

std::string b64(const Point& p) { return detail::to_base64(p.bytes.data(), p.bytes.size()); }
template <class Proof>
std::string b64(const Proof& proof) {
  return detail::to_base64(reinterpret_cast<const std::uint8_t*>(&proof), sizeof proof);
}

#define ONCOSHARE_ASSIGN(var, expr)             \
  auto var##_result_ = (expr);                  \
  if (!var##_result_) return core::fail(var##_result_.error()); \
  auto var = std::move(*var##_result_)

}  // namespace

std::string serialize(const CiphertextVector& ciphertexts) {
  return Json{{"type", "ciphertext_vector"}, {"count", ciphertexts.size()}, {"data", pack(ciphertexts)}}.dump();
}

std::string serialize(const DkgCommitments& commitments) {
  return Json{{"type", "dkg_commitments"}, {"dealer", commitments.dealer}, {"threshold", commitments.coefficients.size()},
              {"commitments", pack(commitments.coefficients)}}
      .dump();
}

std::string serialize(const DkgShare& share) {
  const Scalar& s = share.value.value();
  return Json{{"type", "dkg_share"}, {"dealer", share.dealer}, {"recipient", share.recipient},
              {"share", detail::to_base64(s.bytes.data(), s.bytes.size())}}
      .dump();
}

std::string serialize(const DkgComplaint& complaint) {
  return Json{{"type", "dkg_complaint"}, {"accuser", complaint.accuser}, {"dealer", complaint.dealer}}.dump();
}

std::string serialize(const CollectiveKey& key) {
  return Json{{"type", "collective_key"},
              {"participants", key.params.participants},
              {"threshold", key.params.threshold},
              {"public_key", b64(key.public_key)},
              {"qualified", key.qualified},
              {"verification_shares", pack(key.verification_shares)}}
      .dump();
}

std::string serialize(const PartialDecryption& partial) {
  return Json{{"type", "partial_decryption"}, {"node", partial.node}, {"count", partial.shares.size()},
              {"shares", pack(partial.shares)}, {"proof", b64(partial.proof)}}
      .dump();
}

std::string serialize(const KeySwitchShare& share) {
  return Json{{"type", "key_switch_share"}, {"node", share.node}, {"count", share.a.size()},
              {"target_key", b64(share.target_key)}, {"a", pack(share.a)}, {"b", pack(share.b)},
              {"proof", b64(share.proof)}}
      .dump();
}

std::string serialize(const DecryptionShares& shares) {
  return Json{{"type", "decryption_shares"}, {"node", shares.node}, {"decryptors", shares.decryptors},
              {"count", shares.shares.size()}, {"shares", pack(shares.shares)}}
      .dump();
}

std::string serialize(const CombinedShare& share) {
  return Json{{"type", "combined_share"}, {"node", share.node}, {"combined", b64(share.combined)},
              {"proof", b64(share.proof)}}
      .dump();
}

std::string serialize(const OpeningChallenge& challenge) {
  return Json{{"type", "opening_challenge"},
              {"challenge", detail::to_base64(challenge.bytes.data(), challenge.bytes.size())}}
      .dump();
}

std::string serialize_points(std::span<const Point> points) {
  return Json{{"type", "point_vector"}, {"count", points.size()},
              {"data", pack(std::vector<Point>(points.begin(), points.end()))}}
      .dump();
}

std::string first_components_digest(std::span<const Point> c1) {
  detail::Transcript transcript(kFirstComponentsDomain);
  detail::append_all(transcript, c1);
  const std::array<std::uint8_t, 64> digest = transcript.digest();
  return detail::to_base64(digest.data(), 32);
}

std::string ciphertexts_digest(const CiphertextVector& ciphertexts) {
  detail::Transcript transcript(kCiphertextsDomain);
  transcript.append_u32(static_cast<std::uint32_t>(ciphertexts.size()));
  transcript.append(std::span(reinterpret_cast<const std::uint8_t*>(ciphertexts.data()),
                              ciphertexts.size() * kCiphertextBytes));
  const std::array<std::uint8_t, 64> digest = transcript.digest();
  return detail::to_base64(digest.data(), 32);
}

std::string serialize_public_key(const Point& key) { return Json{{"type", "public_key"}, {"key", b64(key)}}.dump(); }

core::Result<CiphertextVector> parse_ciphertext_vector(std::string_view json) {
  ONCOSHARE_ASSIGN(in, FieldReader::open(json, "ciphertext_vector", {"count", "data"}));
  ONCOSHARE_ASSIGN(count, in.u32("count", 0, kMaxVectorLength));
  ONCOSHARE_ASSIGN(points, in.points("data", 2 * std::size_t{count}));
  CiphertextVector out;
  out.reserve(count);
  for (std::size_t k = 0; k < count; ++k) out.push_back({points[2 * k], points[2 * k + 1]});
  return out;
}

namespace {

// Vectors of `width` points per element (2: ciphertexts, 1: plain points), read raw from
// their JSON and added element-wise: each point is checked by the addition that consumes it.
struct RawSum {
  std::vector<std::vector<std::uint8_t>> raw;  // the vectors' bytes, all valid once summed
  std::vector<Point> total;                    // count * width points
  std::size_t count = 0;
};

core::Result<RawSum> sum_raw(std::span<const std::string> jsons, std::span<const std::string> names,
                             std::string_view type, std::size_t width) {
  if (jsons.empty() || jsons.size() != names.size()) return core::fail(core::bad_input(fmt::format("no {}s to add", type)));
  RawSum out;
  for (std::size_t i = 0; i < jsons.size(); ++i) {
    auto named = [&](const core::Error& e) { return core::bad_input(fmt::format("{}: {}", names[i], e.message), e.where); };
    auto in = FieldReader::open(jsons[i], type, {"count", "data"});
    if (!in) return core::fail(named(in.error()));
    auto n = in->u32("count", 0, kMaxVectorLength);
    if (!n) return core::fail(named(n.error()));
    if (i > 0 && *n != out.count) {
      return core::fail(core::bad_input(fmt::format("{}: {} {}, {} sent {}", names[i], *n, width == 1 ? "points" : "ciphertexts",
                                                    names[0], out.count)));
    }
    out.count = *n;
    auto bytes = in->bytes("data", out.count * width * kPointBytes);
    if (!bytes) return core::fail(named(bytes.error()));
    out.raw.push_back(std::move(*bytes));
  }
  // Point p of vector i.
  auto encoding = [&](std::size_t i, std::size_t p) {
    return std::span<const std::uint8_t, kPointBytes>(out.raw[i].data() + p * kPointBytes, kPointBytes);
  };
  out.total.resize(out.count * width);
  const auto bad = detail::first_failure(out.count, [&](std::size_t k) {
    for (std::size_t p = k * width; p < (k + 1) * width; ++p) {
      std::optional<Point> acc = out.raw.size() == 1 ? Point::from_bytes(encoding(0, p)) : add_encodings(encoding(0, p), encoding(1, p));
      for (std::size_t i = 2; acc && i < out.raw.size(); ++i) acc = add_encodings(acc->bytes, encoding(i, p));
      if (!acc) return false;
      out.total[p] = *acc;
    }
    return true;
  });
  for (std::size_t i = 0; bad && i < out.raw.size(); ++i) {
    for (std::size_t half = 0; half < width; ++half) {
      if (!Point::from_bytes(encoding(i, *bad * width + half))) {
        const std::string what = width == 1 ? std::string("the point") : fmt::format("C{}", half + 1);
        return core::fail(core::bad_input(fmt::format("{}: element {}: {} is not a valid group element", names[i], *bad,
                                                      what), core::Location{.field = "data"}));
      }
    }
  }
  return out;
}

}  // namespace

core::Result<SummedVectors> parse_and_sum(std::span<const std::string> jsons, std::span<const std::string> names) {
  auto summed = sum_raw(jsons, names, "ciphertext_vector", 2);
  if (!summed) return core::fail(summed.error());
  // Every point passed an addition (or the check above): they are valid, copy them out.
  SummedVectors out;
  out.total.resize(summed->count);
  for (std::size_t k = 0; k < summed->count; ++k) out.total[k] = {summed->total[2 * k], summed->total[2 * k + 1]};
  for (const auto& bytes : summed->raw) {
    CiphertextVector& v = out.vectors.emplace_back(summed->count);
    std::memcpy(v.data(), bytes.data(), bytes.size());
  }
  return out;
}

core::Result<SummedPoints> parse_and_sum_points(std::span<const std::string> jsons, std::span<const std::string> names) {
  auto summed = sum_raw(jsons, names, "point_vector", 1);
  if (!summed) return core::fail(summed.error());
  SummedPoints out;
  out.total = std::move(summed->total);
  for (const auto& bytes : summed->raw) {
    std::vector<Point>& v = out.vectors.emplace_back(summed->count);
    std::memcpy(v.data(), bytes.data(), bytes.size());
  }
  return out;
}

core::Result<DkgCommitments> parse_dkg_commitments(std::string_view json) {
  ONCOSHARE_ASSIGN(in, FieldReader::open(json, "dkg_commitments", {"dealer", "threshold", "commitments"}));
  ONCOSHARE_ASSIGN(dealer, in.u32("dealer", 1, kMaxParticipants));
  ONCOSHARE_ASSIGN(threshold, in.u32("threshold", 1, kMaxParticipants));
  ONCOSHARE_ASSIGN(points, in.points("commitments", threshold));
  return DkgCommitments{dealer, std::move(points)};
}

core::Result<DkgShare> parse_dkg_share(std::string_view json) {
  ONCOSHARE_ASSIGN(in, FieldReader::open(json, "dkg_share", {"dealer", "recipient", "share"}));
  ONCOSHARE_ASSIGN(dealer, in.u32("dealer", 1, kMaxParticipants));
  ONCOSHARE_ASSIGN(recipient, in.u32("recipient", 1, kMaxParticipants));
  ONCOSHARE_ASSIGN(value, in.scalars("share", 1));
  DkgShare share{dealer, recipient, SecretScalar(value[0])};
  value[0].wipe();
  return share;
}

core::Result<DkgComplaint> parse_dkg_complaint(std::string_view json) {
  ONCOSHARE_ASSIGN(in, FieldReader::open(json, "dkg_complaint", {"accuser", "dealer"}));
  ONCOSHARE_ASSIGN(accuser, in.u32("accuser", 1, kMaxParticipants));
  ONCOSHARE_ASSIGN(dealer, in.u32("dealer", 1, kMaxParticipants));
  return DkgComplaint{accuser, dealer};
}

core::Result<CollectiveKey> parse_collective_key(std::string_view json) {
  ONCOSHARE_ASSIGN(in, FieldReader::open(json, "collective_key", {"participants", "threshold", "public_key",
                                                                  "qualified", "verification_shares"}));
  CollectiveKey key;
  ONCOSHARE_ASSIGN(participants, in.u32("participants", 1, kMaxParticipants));
  ONCOSHARE_ASSIGN(threshold, in.u32("threshold", 1, participants));
  ONCOSHARE_ASSIGN(public_key, in.points("public_key", 1));
  ONCOSHARE_ASSIGN(qualified, in.ascending_u32s("qualified", 1, participants));
  ONCOSHARE_ASSIGN(shares, in.points("verification_shares", participants));
  return CollectiveKey{{participants, threshold}, public_key[0], std::move(qualified), std::move(shares)};
}

core::Result<PartialDecryption> parse_partial_decryption(std::string_view json) {
  ONCOSHARE_ASSIGN(in, FieldReader::open(json, "partial_decryption", {"node", "count", "shares", "proof"}));
  ONCOSHARE_ASSIGN(node, in.u32("node", 1, kMaxParticipants));
  ONCOSHARE_ASSIGN(count, in.u32("count", 0, kMaxVectorLength));
  ONCOSHARE_ASSIGN(shares, in.points("shares", count));
  ONCOSHARE_ASSIGN(proof, in.scalars("proof", 2));
  return PartialDecryption{node, std::move(shares), {proof[0], proof[1]}};
}

core::Result<KeySwitchShare> parse_key_switch_share(std::string_view json) {
  ONCOSHARE_ASSIGN(in, FieldReader::open(json, "key_switch_share", {"node", "count", "target_key", "a", "b", "proof"}));
  ONCOSHARE_ASSIGN(node, in.u32("node", 1, kMaxParticipants));
  ONCOSHARE_ASSIGN(count, in.u32("count", 0, kMaxVectorLength));
  ONCOSHARE_ASSIGN(target, in.points("target_key", 1));
  ONCOSHARE_ASSIGN(a, in.points("a", count));
  ONCOSHARE_ASSIGN(b, in.points("b", count));
  ONCOSHARE_ASSIGN(proof, in.scalars("proof", 3));
  return KeySwitchShare{node, target[0], std::move(a), std::move(b), {proof[0], proof[1], proof[2]}};
}

core::Result<DecryptionShares> parse_decryption_shares(std::string_view json) {
  ONCOSHARE_ASSIGN(in, FieldReader::open(json, "decryption_shares", {"node", "decryptors", "count", "shares"}));
  ONCOSHARE_ASSIGN(node, in.u32("node", 1, kMaxParticipants));
  ONCOSHARE_ASSIGN(decryptors, in.ascending_u32s("decryptors", 1, kMaxParticipants));
  ONCOSHARE_ASSIGN(count, in.u32("count", 0, kMaxVectorLength));
  ONCOSHARE_ASSIGN(shares, in.points("shares", count));
  return DecryptionShares{node, std::move(decryptors), std::move(shares)};
}

core::Result<CombinedShare> parse_combined_share(std::string_view json) {
  ONCOSHARE_ASSIGN(in, FieldReader::open(json, "combined_share", {"node", "combined", "proof"}));
  ONCOSHARE_ASSIGN(node, in.u32("node", 1, kMaxParticipants));
  ONCOSHARE_ASSIGN(combined, in.points("combined", 1));
  ONCOSHARE_ASSIGN(proof, in.scalars("proof", 2));
  return CombinedShare{node, combined[0], {proof[0], proof[1]}};
}

core::Result<OpeningChallenge> parse_opening_challenge(std::string_view json) {
  ONCOSHARE_ASSIGN(in, FieldReader::open(json, "opening_challenge", {"challenge"}));
  OpeningChallenge challenge;
  ONCOSHARE_ASSIGN(bytes, in.bytes("challenge", challenge.bytes.size()));
  std::copy(bytes.begin(), bytes.end(), challenge.bytes.begin());
  return challenge;
}

core::Result<std::vector<Point>> parse_points(std::string_view json) {
  ONCOSHARE_ASSIGN(in, FieldReader::open(json, "point_vector", {"count", "data"}));
  ONCOSHARE_ASSIGN(count, in.u32("count", 0, kMaxVectorLength));
  return in.points("data", count);
}

core::Result<Point> parse_public_key(std::string_view json) {
  ONCOSHARE_ASSIGN(in, FieldReader::open(json, "public_key", {"key"}));
  ONCOSHARE_ASSIGN(key, in.points("key", 1));
  if (key[0].is_identity()) {
    return core::fail(core::bad_input("the identity is not a public key", core::Location{.field = "key"}));
  }
  return key[0];
}

}  // namespace oncoshare::secure
