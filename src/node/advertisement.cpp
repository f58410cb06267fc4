#include "node/advertisement.hpp"

#include <fmt/format.h>

#include "node/detail/openssl.hpp"
#include "node/detail/statement_fields.hpp"
#include "secure/secagg_codec.hpp"

namespace oncoshare::node {

namespace {

using nlohmann::json;

constexpr std::string_view kStatementType = "oncoshare.secagg_advertisement.v1";

core::Error refused(std::string message) { return core::Error{core::ErrorCode::check_failed, std::move(message), {}}; }

core::Error mismatch(std::string_view field, const json& got, const json& want) {
  return refused(fmt::format("its statement has {} {}, not {}", field, got.dump(), want.dump()));
}

// What a statement must agree on with the round, in checking order.
std::vector<std::pair<const char*, json>> round_fields(const RoundContext& round, const std::string& node,
                                                       std::uint32_t index) {
  return {{"node", node},
          {"index", index},
          {"aggregation", round.aggregation},
          {"researcher", round.researcher},
          {"participants", round.participants},
          {"threshold", round.threshold},
          {"round_digest", round.round_digest}};
}

}  // namespace

std::string round_digest(const json& request) {
  json round = json::object();
  for (const char* field : {"dataset", "model", "filter", "round"}) {
    round[field] = request.contains(field) ? request[field] : json(nullptr);
  }
  return detail::sha256_hex(round.dump());
}

std::string keys_digest(const secure::AdvertiseKeys& keys) { return detail::sha256_hex(secure::serialize(keys)); }

std::string statement_text(const AdvertisementClaim& c) {
  return json{{"type", kStatementType},
              {"aggregation", c.round.aggregation},
              {"researcher", c.round.researcher},
              {"participants", c.round.participants},
              {"threshold", c.round.threshold},
              {"round_digest", c.round.round_digest},
              {"node", c.node},
              {"index", c.index},
              {"keys_digest", c.keys_digest},
              {"time", c.time}}
      .dump();
}

core::Result<AdvertisementClaim> parse_advertisement(std::string_view text) {
  auto in = detail::StatementFields::open(text, "advertisement statement", kStatementType);
  if (!in) return core::fail(in.error());
  AdvertisementClaim c;
  for (auto [field, out] : {std::pair{"aggregation", &c.round.aggregation}, {"researcher", &c.round.researcher},
                            {"round_digest", &c.round.round_digest}, {"node", &c.node}, {"keys_digest", &c.keys_digest}}) {
    ONCOSHARE_TRY(in->string(field, *out));
  }
  ONCOSHARE_TRY(in->u32("threshold", c.round.threshold));
  ONCOSHARE_TRY(in->u32("index", c.index));
  ONCOSHARE_TRY(in->i64("time", c.time));
  ONCOSHARE_TRY(in->strings("participants", c.round.participants));
  return c;
}

json to_json(const SignedAdvertisement& a) {
  return {{"advertise", json::parse(secure::serialize(a.keys))},
          {"statement", a.statement.text},
          {"signature", a.statement.signature}};
}

core::Result<SignedAdvertisement> parse_signed_advertisement(const json& in) {
  if (!in.is_object()) return core::fail(core::bad_input("advertisement: expected {advertise, statement, signature}"));
  auto keys = secure::parse_advertise_keys(in.contains("advertise") ? in["advertise"].dump() : "null");
  if (!keys) return core::fail(keys.error());
  SignedAdvertisement out{std::move(*keys), {}};
  for (auto [field, value] : {std::pair{"statement", &out.statement.text}, {"signature", &out.statement.signature}}) {
    if (!in.contains(field)) continue;
    if (!in[field].is_string()) {
      return core::fail(core::bad_input(fmt::format("advertisement: field '{}' is not a string", field)));
    }
    *value = in[field].get<std::string>();
  }
  return out;
}

core::Status verify_advertisement(const SignedAdvertisement& a, const RoundContext& round,
                                  const SignatureCheck& check_signature) {
  const std::uint32_t index = a.keys.index;
  if (index == 0 || index > round.participants.size()) {
    return core::fail(refused(fmt::format("advertisement of participant {}: there are {} participants", index,
                                          round.participants.size())));
  }
  const std::string& name = round.participants[index - 1];
  auto checked = [&]() -> core::Status {
    if (a.statement.text.empty() || a.statement.signature.empty()) {
      return core::fail(refused("it is not signed"));
    }
    ONCOSHARE_TRY(check_signature(name, a.statement));
    auto claim = parse_advertisement(a.statement.text);
    if (!claim) return core::fail(claim.error());
    const auto stated = round_fields(claim->round, claim->node, claim->index);
    const auto expected = round_fields(round, name, index);
    for (std::size_t k = 0; k < expected.size(); ++k) {
      const auto& [field, want] = expected[k];
      if (stated[k].second != want) return core::fail(mismatch(field, stated[k].second, want));
    }
    if (claim->keys_digest != keys_digest(a.keys)) {
      return core::fail(refused("its keys are not those it signed"));
    }
    return {};
  }();
  if (!checked) {
    return core::fail(
        refused(fmt::format("advertisement of participant {} ('{}'): {}", index, name, checked.error().message)));
  }
  return {};
}

}  // namespace oncoshare::node
