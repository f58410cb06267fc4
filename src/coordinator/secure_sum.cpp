#include "coordinator/secure_sum.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "coordinator/fan_out.hpp"
#include "core/json_text.hpp"
#include "node/advertisement.hpp"
#include "secure/secagg.hpp"
#include "secure/secagg_codec.hpp"

namespace oncoshare::coordinator {

namespace {

using nlohmann::json;


// POSTs bodies[i] (if not null) to clients[i] concurrently.
std::vector<core::Result<json>> post_all(std::span<NodeClient*> clients, const std::string& path,
                                         const std::vector<json>& bodies) {
  std::vector<NodeCall> calls;
  for (const auto& body : bodies) {
    calls.push_back(body.is_null() ? NodeCall([](NodeClient&) -> core::Result<json> { return json(); })
                                   : NodeCall([&path, &body](NodeClient& c) { return c.post(path, body); }));
  }
  return fan_out(clients, calls);
}

// The message a node sent in `field`, parsed; a failure drops the node with the reason.
template <class Parse>
auto take(core::Result<json>& answer, const char* field, Parse parse, const std::string& node, SecureSum& out)
    -> std::optional<std::decay_t<decltype(*parse(std::string_view{}))>> {
  if (!answer) {
    out.dropped.push_back({node, answer.error().message});
    return std::nullopt;
  }
  auto parsed = parse((*answer).contains(field) ? (*answer)[field].dump() : "null");
  if (!parsed) {
    out.dropped.push_back({node, fmt::format("malformed '{}': {}", field, parsed.error().message)});
    return std::nullopt;
  }
  return std::move(*parsed);
}

// The certificate node `name` publishes in its catalog ("" when it is not in the session).
std::string certificate_of(const FederationSession& session, const std::string& name) {
  for (std::size_t i = 0; i < session.clients.size(); ++i) {
    if (session.clients[i].node().name == name) return session.certificates.at(i);
  }
  return "";
}

// Participant `index`'s signed advertisement, checked against its certificate as the nodes
// will check it against their rosters; a failure drops the node with the reason.
std::optional<node::SignedAdvertisement> signed_advertisement(core::Result<json>& answer,
                                                              const node::RoundContext& context, std::size_t index,
                                                              const node::SignatureCheck& check,
                                                              const std::string& node, SecureSum& out) {
  if (!answer) {
    out.dropped.push_back({node, answer.error().message});
    return std::nullopt;
  }
  auto advertisement = node::parse_signed_advertisement(*answer);
  if (!advertisement) {
    out.dropped.push_back({node, "malformed advertisement: " + advertisement.error().message});
    return std::nullopt;
  }
  if (advertisement->keys.index != index) {
    out.dropped.push_back({node, fmt::format("advertises index {}, not {}", advertisement->keys.index, index)});
    return std::nullopt;
  }
  if (auto verified = node::verify_advertisement(*advertisement, context, check); !verified) {
    out.dropped.push_back({node, verified.error().message});
    return std::nullopt;
  }
  return std::move(*advertisement);
}

}  // namespace

core::Result<SecureSum> secure_sum(const FederationSession& session, std::span<NodeClient*> clients, const json& round) {
  SecureSum out;
  const auto n = static_cast<std::uint32_t>(clients.size());
  // Nodes refuse a threshold below their min_contributors (fewer sites could be unmasked).
  const auto t = std::max<std::uint32_t>(n / 2 + 1, static_cast<std::uint32_t>(session.min_contributors));
  if (t > n) {
    return core::fail(failed(fmt::format("the dataset's sums must combine at least {} nodes; {} take part",
                                         session.min_contributors, n)));
  }
  const std::string aggregation = random_id();
  auto name = [&](std::size_t i) { return clients[i]->node().name; };
  std::vector<std::string> participants;
  for (std::size_t i = 0; i < n; ++i) participants.push_back(name(i));
  const node::RoundContext context{aggregation, session.researcher, participants, t, node::round_digest(round)};
  const node::SignatureCheck by_certificate = [&](const std::string& node, const node::SignedStatement& statement) {
    return node::verify_statement(statement, certificate_of(session, node));
  };
  auto with_stage = [&](core::Error error, const char* stage) {
    std::string reasons;
    for (const auto& d : out.dropped) reasons += fmt::format("\n  {}: {}", d.node, d.reason);
    error.message = fmt::format("secure aggregation, {}: {}{}", stage, error.message, reasons);
    return error;
  };

  std::vector<json> bodies(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    bodies[i] = round;
    bodies[i]["aggregation"] = aggregation;
    bodies[i]["participants"] = participants;
    bodies[i]["threshold"] = t;
    bodies[i]["index"] = i + 1;
  }
  auto advertised = post_all(clients, "/model/round/advertise", bodies);
  std::optional<std::uint64_t> length;
  std::vector<node::SignedAdvertisement> keys(n);
  std::vector<bool> in(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    auto key = signed_advertisement(advertised[i], context, i + 1, by_certificate, name(i), out);
    if (!key) continue;
    const json& answer = *advertised[i];
    auto names = answer.value("names", std::vector<std::string>{});
    if (!length) {
      length = answer.value("length", std::uint64_t{0});
      out.names = names;
    } else if (answer.value("length", std::uint64_t{0}) != *length || names != out.names) {
      return core::fail(failed(fmt::format("node '{}' answers with a different model ({} values, coefficients {}) than "
                                           "node '{}': do the sites share one dictionary?",
                                           name(i), answer.value("length", 0), json(names).dump(), name(0))));
    }
    keys[i] = std::move(*key);
    in[i] = true;
  }
  if (!length) return core::fail(with_stage(failed("no node answered"), "advertise"));
  auto aggregator = secure::SecAggAggregator::create({aggregation, n, t, 0, static_cast<std::uint32_t>(*length), 64});
  if (!aggregator) return core::fail(aggregator.error());
  for (std::size_t i = 0; i < n; ++i) {
    if (in[i]) (void)aggregator->receive(keys[i].keys);
  }
  auto u1 = aggregator->close_advertise();
  if (!u1) return core::fail(with_stage(u1.error(), "advertise"));

  // Relayed with their statements: each node checks every other's against its roster.
  json all_keys = json::array();
  for (const auto& k : *u1) all_keys.push_back(node::to_json(keys[k.index - 1]));
  for (std::size_t i = 0; i < n; ++i) bodies[i] = in[i] ? json{{"aggregation", aggregation}, {"advertised", all_keys}} : json();
  auto shared = post_all(clients, "/model/round/share", bodies);
  for (std::size_t i = 0; i < n; ++i) {
    if (!in[i]) continue;
    auto list = take(shared[i], "shares", [](std::string_view text) -> core::Result<std::vector<secure::EncryptedShares>> {
      auto parsed = core::parse_json(text, {});
      if (!parsed) return core::fail(parsed.error());
      const json& array = *parsed;
      if (!array.is_array()) return core::fail(core::bad_input("expected an array"));
      std::vector<secure::EncryptedShares> shares;
      for (const auto& item : array) {
        auto one = secure::parse_encrypted_shares(item.dump());
        if (!one) return core::fail(one.error());
        shares.push_back(std::move(*one));
      }
      return shares;
    }, name(i), out);
    if (!list) {
      in[i] = false;
      continue;
    }
    for (const auto& s : *list) (void)aggregator->receive(s);
  }
  auto u2 = aggregator->close_shares();
  if (!u2) return core::fail(with_stage(u2.error(), "share keys"));

  std::vector<bool> in_u2(n, false);
  for (auto index : *u2) in_u2[index - 1] = true;
  for (std::size_t i = 0; i < n; ++i) {
    if (in[i] && !in_u2[i]) out.dropped.push_back({name(i), "did not deliver its key shares"});
    in[i] = in_u2[i];
    bodies[i] = json();
    if (!in[i]) continue;
    auto for_me = aggregator->shares_for(static_cast<std::uint32_t>(i + 1));
    if (!for_me) return core::fail(for_me.error());
    json list = json::array();
    for (const auto& s : *for_me) list.push_back(json::parse(secure::serialize(s)));
    bodies[i] = {{"aggregation", aggregation}, {"shares", list}};
  }
  auto masked = post_all(clients, "/model/round/mask", bodies);
  for (std::size_t i = 0; i < n; ++i) {
    if (!in[i]) continue;
    auto input = take(masked[i], "masked", secure::parse_masked_input, name(i), out);
    if (!input) {
      in[i] = false;
      continue;
    }
    if (auto accepted = aggregator->receive(*input); !accepted) {
      out.dropped.push_back({name(i), accepted.error().message});
      in[i] = false;
    }
  }
  auto request = aggregator->close_inputs();
  if (!request) return core::fail(with_stage(request.error(), "masked inputs"));

  json request_json = json::parse(secure::serialize(*request));
  for (std::size_t i = 0; i < n; ++i) bodies[i] = in[i] ? json{{"aggregation", aggregation}, {"request", request_json}} : json();
  auto unmasked = post_all(clients, "/model/round/unmask", bodies);
  for (std::size_t i = 0; i < n; ++i) {
    if (!in[i]) continue;
    auto shares = take(unmasked[i], "unmask", secure::parse_unmask_shares, name(i), out);
    if (shares) (void)aggregator->receive(*shares);
  }
  auto result = aggregator->finish();
  if (!result) return core::fail(with_stage(result.error(), "unmask"));
  out.sum = std::move(result->sum);
  for (auto index : result->survivors) out.survivors.push_back(index - 1);
  // A survivor that failed only to send unmask shares is still in the sum.
  std::erase_if(out.dropped, [&](const NodeFailure& f) {
    for (auto i : out.survivors) {
      if (name(i) == f.node) return true;
    }
    return false;
  });
  return out;
}

}  // namespace oncoshare::coordinator
