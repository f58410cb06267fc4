#include "secure/secagg_codec.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "secure/codec.hpp"
#include "secure/detail/json_fields.hpp"

namespace oncoshare::secure {

namespace {

using detail::FieldReader;
using Json = nlohmann::json;

template <class T>
core::Status assign(core::Result<T> result, T& out) {
  if (!result) return core::fail(result.error());
  out = std::move(*result);
  return {};
}

template <std::size_t N>
core::Status assign_bytes(const FieldReader& in, const char* field, std::array<std::uint8_t, N>& out) {
  auto raw = in.bytes(field, N);
  if (!raw) return core::fail(raw.error());
  std::copy(raw->begin(), raw->end(), out.begin());
  return {};
}

template <std::size_t N>
std::string b64(const std::array<std::uint8_t, N>& bytes) {
  return detail::to_base64(bytes.data(), bytes.size());
}

std::vector<std::uint32_t> owners(const std::vector<RevealedShare>& shares) {
  std::vector<std::uint32_t> out;
  for (const RevealedShare& s : shares) out.push_back(s.owner);
  return out;
}

std::string pack_values(const std::vector<RevealedShare>& shares) {
  std::vector<Scalar> values;
  for (const RevealedShare& s : shares) values.push_back(s.value);
  std::string out = detail::pack(values);
  for (Scalar& v : values) v.wipe();
  return out;
}

// `owners_field` (ascending 1..1024) and as many canonical scalars in `values_field`.
core::Status read_revealed(const FieldReader& in, const char* owners_field, const char* values_field,
                           std::vector<RevealedShare>& out) {
  std::vector<std::uint32_t> who;
  ONCOSHARE_TRY(assign(in.ascending_u32s(owners_field, 1, kMaxParticipants), who));
  std::vector<Scalar> values;
  ONCOSHARE_TRY(assign(in.scalars(values_field, who.size()), values));
  for (std::size_t k = 0; k < who.size(); ++k) out.push_back({who[k], values[k]});
  for (Scalar& v : values) v.wipe();
  return {};
}

}  // namespace

std::string serialize(const AdvertiseKeys& m) {
  return Json{{"type", "secagg_advertise"}, {"aggregation", m.aggregation}, {"index", m.index},
              {"c_pk", b64(m.c_pk)}, {"s_pk", b64(m.s_pk)}}
      .dump();
}

std::string serialize(const EncryptedShares& m) {
  return Json{{"type", "secagg_shares"}, {"aggregation", m.aggregation}, {"from", m.from}, {"to", m.to},
              {"ciphertext", b64(m.ciphertext)}}
      .dump();
}

std::string serialize(const MaskedInput& m) {
  return Json{{"type", "secagg_masked_input"}, {"aggregation", m.aggregation}, {"index", m.index},
              {"count", m.data.size()}, {"seed_check", b64(m.seed_check)}, {"data", detail::pack(m.data)}}
      .dump();
}

std::string serialize(const UnmaskRequest& m) {
  return Json{{"type", "secagg_unmask_request"}, {"aggregation", m.aggregation}, {"survivors", m.survivors}}.dump();
}

std::string serialize(const UnmaskShares& m) {
  return Json{{"type", "secagg_unmask"},
              {"aggregation", m.aggregation},
              {"index", m.index},
              {"seed_owners", owners(m.seed_shares)},
              {"seed_shares", pack_values(m.seed_shares)},
              {"key_owners", owners(m.key_shares)},
              {"key_shares", pack_values(m.key_shares)}}
      .dump();
}

core::Result<AdvertiseKeys> parse_advertise_keys(std::string_view json) {
  auto in = FieldReader::open(json, "secagg_advertise", {"aggregation", "index", "c_pk", "s_pk"});
  if (!in) return core::fail(in.error());
  AdvertiseKeys m;
  ONCOSHARE_TRY(assign(in->text("aggregation", kMaxAggregationIdBytes), m.aggregation));
  ONCOSHARE_TRY(assign(in->u32("index", 1, kMaxParticipants), m.index));
  ONCOSHARE_TRY(assign_bytes(*in, "c_pk", m.c_pk));
  ONCOSHARE_TRY(assign_bytes(*in, "s_pk", m.s_pk));
  return m;
}

core::Result<EncryptedShares> parse_encrypted_shares(std::string_view json) {
  auto in = FieldReader::open(json, "secagg_shares", {"aggregation", "from", "to", "ciphertext"});
  if (!in) return core::fail(in.error());
  EncryptedShares m;
  ONCOSHARE_TRY(assign(in->text("aggregation", kMaxAggregationIdBytes), m.aggregation));
  ONCOSHARE_TRY(assign(in->u32("from", 1, kMaxParticipants), m.from));
  ONCOSHARE_TRY(assign(in->u32("to", 1, kMaxParticipants), m.to));
  ONCOSHARE_TRY(assign_bytes(*in, "ciphertext", m.ciphertext));
  return m;
}

core::Result<MaskedInput> parse_masked_input(std::string_view json) {
  auto in = FieldReader::open(json, "secagg_masked_input", {"aggregation", "index", "count", "seed_check", "data"});
  if (!in) return core::fail(in.error());
  MaskedInput m;
  std::uint32_t count = 0;
  ONCOSHARE_TRY(assign(in->text("aggregation", kMaxAggregationIdBytes), m.aggregation));
  ONCOSHARE_TRY(assign(in->u32("index", 1, kMaxParticipants), m.index));
  ONCOSHARE_TRY(assign(in->u32("count", 1, kMaxVectorLength), count));
  ONCOSHARE_TRY(assign_bytes(*in, "seed_check", m.seed_check));
  auto raw = in->bytes("data", std::size_t{count} * kRingElementBytes);
  if (!raw) return core::fail(raw.error());
  m.data.resize(count);
  std::memcpy(m.data.data(), raw->data(), raw->size());  // little-endian host (secagg_crypto.cpp)
  return m;
}

core::Result<UnmaskRequest> parse_unmask_request(std::string_view json) {
  auto in = FieldReader::open(json, "secagg_unmask_request", {"aggregation", "survivors"});
  if (!in) return core::fail(in.error());
  UnmaskRequest m;
  ONCOSHARE_TRY(assign(in->text("aggregation", kMaxAggregationIdBytes), m.aggregation));
  ONCOSHARE_TRY(assign(in->ascending_u32s("survivors", 1, kMaxParticipants), m.survivors));
  return m;
}

core::Result<UnmaskShares> parse_unmask_shares(std::string_view json) {
  auto in = FieldReader::open(json, "secagg_unmask",
                              {"aggregation", "index", "seed_owners", "seed_shares", "key_owners", "key_shares"});
  if (!in) return core::fail(in.error());
  UnmaskShares m;
  ONCOSHARE_TRY(assign(in->text("aggregation", kMaxAggregationIdBytes), m.aggregation));
  ONCOSHARE_TRY(assign(in->u32("index", 1, kMaxParticipants), m.index));
  ONCOSHARE_TRY(read_revealed(*in, "seed_owners", "seed_shares", m.seed_shares));
  ONCOSHARE_TRY(read_revealed(*in, "key_owners", "key_shares", m.key_shares));
  return m;
}

}  // namespace oncoshare::secure
