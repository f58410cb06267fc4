#include "coordinator/federated_query.hpp"

#include <fmt/format.h>

#include <map>

#include "coordinator/fan_out.hpp"
#include "secure/ciphertext.hpp"
#include "secure/codec.hpp"
#include "secure/key_switch.hpp"
#include "secure/threshold_decryption.hpp"

namespace oncoshare::coordinator {

namespace {

using nlohmann::json;

core::Error failed(std::string message) { return core::Error{core::ErrorCode::check_failed, std::move(message), {}}; }

std::string names(const std::vector<std::string>& list) { return fmt::format("{}", fmt::join(list, ", ")); }

std::string describe(const std::vector<NodeFailure>& failures) {
  std::string out;
  for (const auto& f : failures) out += fmt::format("\n  {}: {}", f.node, f.reason);
  return out;
}

json request_body(const StudySpec& study, const QuerySpec& query, const std::string& mode) {
  json body = query.params;
  body["dataset"] = study.dataset;
  body["purpose"] = study.purpose;
  body["mode"] = mode;
  return body;
}

// Which clients answered phase one, in order; the others become failures.
struct Answers {
  std::vector<std::size_t> ok;
  std::vector<json> bodies;
};

core::Result<Answers> collect(FederationSession& session, std::vector<core::Result<json>> answers,
                              PooledAnswer& pooled, bool require_all) {
  Answers out;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const std::string& name = session.clients[i].node().name;
    if (!answers[i]) {
      if (require_all) return core::fail(answers[i].error());
      pooled.failures.push_back({name, answers[i].error().message});
      continue;
    }
    if (!out.bodies.empty() && (*answers[i])["shape"] != out.bodies.front()["shape"]) {
      return core::fail(failed(fmt::format("node '{}' describes its answer differently from node '{}' "
                                           "(different dictionary?): {} vs {}", name, pooled.contributors.front(),
                                           (*answers[i])["shape"].dump(), out.bodies.front()["shape"].dump())));
    }
    out.ok.push_back(i);
    out.bodies.push_back(std::move(*answers[i]));
    pooled.contributors.push_back(name);
  }
  for (const auto& f : session.unreachable) pooled.failures.push_back(f);
  if (out.ok.empty()) return core::fail(failed("no node answered the query:" + describe(pooled.failures)));
  pooled.shape = out.bodies.front()["shape"];
  pooled.noise = out.bodies.front()["noise"];
  return out;
}

core::Status run_plaintext(FederationSession& session, const StudySpec& study, const QuerySpec& query,
                           PooledAnswer& pooled) {
  const json body = request_body(study, query, "plaintext");
  auto answers = fan_out(session.clients, [&](NodeClient& c) { return c.post("/query/" + query.type, body); });
  auto collected = collect(session, std::move(answers), pooled, study.require_all_nodes);
  if (!collected) return core::fail(collected.error());
  const std::size_t size = collected->bodies.front()["cells"].size();
  pooled.cells.assign(size, 0);
  pooled.withheld.assign(size, false);
  for (const auto& answer : collected->bodies) {
    for (std::size_t k = 0; k < size; ++k) {
      const json& cell = answer["cells"][k];
      if (cell.is_null()) pooled.withheld[k] = true;
      else pooled.cells[k] += cell.get<std::int64_t>();
    }
  }
  pooled.method = fmt::format("sum of the nodes' answers in clear (cells below {} withheld by the nodes)",
                              session.min_cell_size);
  return {};
}

core::Status run_encrypted(FederationSession& session, const StudySpec& study, const QuerySpec& query,
                           const secure::DlogTable& table, PooledAnswer& pooled) {
  if (!session.key) return core::fail(failed("the session holds no collective key (no encrypted query was declared)"));
  const secure::CollectiveKey& key = *session.key;
  const std::uint32_t threshold = key.params.threshold;
  json body = request_body(study, query, "encrypted");
  body["query_id"] = random_id();
  auto answers = fan_out(session.clients, [&](NodeClient& c) { return c.post("/query/" + query.type, body); });
  auto collected = collect(session, std::move(answers), pooled, study.require_all_nodes);
  if (!collected) return core::fail(collected.error());
  if (collected->ok.size() < threshold) {
    return core::fail(failed(fmt::format("only {} node(s) answered; decrypting needs {} of the {} key holders:{}",
                                         collected->ok.size(), threshold, key.params.participants,
                                         describe(pooled.failures))));
  }

  json contributions = json::array();
  std::vector<secure::CiphertextVector> vectors;
  for (std::size_t j = 0; j < collected->ok.size(); ++j) {
    const json& answer = collected->bodies[j];
    auto vector = secure::parse_ciphertext_vector(answer["ciphertexts"].dump());
    if (!vector) return core::fail(failed(fmt::format("node '{}': {}", pooled.contributors[j], vector.error().message)));
    vectors.push_back(std::move(*vector));
    contributions.push_back({{"node", pooled.contributors[j]}, {"ciphertexts", answer["ciphertexts"]}});
  }
  auto aggregate = secure::sum(vectors);
  if (!aggregate) return core::fail(failed("the nodes' answers do not add up: " + aggregate.error().message));

  const std::string our_c1_digest = secure::first_components_digest(secure::first_components(*aggregate));

  // Decrypt in clear only where every node allows it; otherwise switch to a one-off key.
  const bool switching = !session.plaintext_allowed;
  auto researcher = secure::ResearcherKey::generate();
  json partial_body = {{"query_id", body["query_id"]}, {"mode", switching ? "key_switch" : "decrypt"},
                       {"contributions", contributions}};
  if (switching) partial_body["target_key"] = json::parse(secure::serialize_public_key(researcher.public_key()));

  // Ask t contributors (a node helps only with aggregates holding its own answer), then one
  // more for each that fails, is slow, or sends a share whose proof does not verify.
  std::vector<std::size_t> waiting(collected->ok.rbegin(), collected->ok.rend());
  std::vector<secure::PartialDecryption> shares;
  std::vector<secure::KeySwitchShare> switches;
  std::map<std::uint32_t, std::string> by_index;
  auto ask = [&](std::size_t count) {
    std::vector<NodeCall> calls(session.clients.size(), [](NodeClient&) -> core::Result<json> { return json(); });
    std::vector<std::size_t> asked;
    for (; count > 0 && !waiting.empty(); --count) {
      asked.push_back(waiting.back());
      waiting.pop_back();
      calls[asked.back()] = [&](NodeClient& c) { return c.post("/secure/partial", partial_body); };
    }
    auto answers = fan_out(session.clients, calls);
    for (std::size_t i : asked) {
      const std::string& name = session.clients[i].node().name;
      if (!answers[i]) {
        pooled.failures.push_back({name, "no decryption share: " + answers[i].error().message});
        continue;
      }
      const json& answer = *answers[i];
      // The node added the first components itself; its digest must match ours.
      const json* their_sum = answer.contains("aggregate_c1_digest") ? &answer["aggregate_c1_digest"] : nullptr;
      if (their_sum == nullptr || !their_sum->is_string() || their_sum->get<std::string>() != our_c1_digest) {
        pooled.failures.push_back({name, "decryption share refused: it was computed on a different aggregate"});
        continue;
      }
      const char* field = switching ? "key_switch" : "partial";
      const std::string text = answer.contains(field) ? answer[field].dump() : "null";
      core::Status parsed;
      if (switching) {
        auto share = secure::parse_key_switch_share(text);
        if (share) {
          by_index[share->node] = name;
          switches.push_back(std::move(*share));
        } else {
          parsed = core::fail(share.error());
        }
      } else {
        auto share = secure::parse_partial_decryption(text);
        if (share) {
          by_index[share->node] = name;
          shares.push_back(std::move(*share));
        } else {
          parsed = core::fail(share.error());
        }
      }
      if (!parsed) pooled.failures.push_back({name, "malformed decryption share: " + parsed.error().message});
    }
  };
  auto name_of = [&](std::uint32_t index) {
    auto it = by_index.find(index);
    return it != by_index.end() ? it->second : fmt::format("key holder {}", index);
  };
  // Removes (and names) the shares whose proofs fail; false when every share verifies.
  auto drop_invalid = [&](auto& list, auto check) {
    const std::size_t before = list.size();
    std::erase_if(list, [&](const auto& share) {
      auto valid = check(share);
      if (!valid) pooled.failures.push_back({name_of(share.node), "invalid decryption proof: " + valid.error().message});
      return !valid;
    });
    return list.size() < before;
  };
  for (;;) {
    const std::size_t have = switching ? switches.size() : shares.size();
    if (have < threshold) {
      if (waiting.empty()) {
        return core::fail(failed(fmt::format("cannot open the aggregate: {} valid decryption share(s), {} needed{}", have,
                                             threshold, describe(pooled.failures))));
      }
      ask(threshold - have);
      continue;
    }
    if (switching) {
      auto switched = secure::combine_key_switch(key, *aggregate, researcher.public_key(), switches);
      if (!switched) {
        auto check = [&](const secure::KeySwitchShare& s) { return secure::verify(key, *aggregate, researcher.public_key(), s); };
        if (drop_invalid(switches, check)) continue;
        return core::fail(failed("cannot open the aggregate: " + switched.error().message + describe(pooled.failures)));
      }
      for (auto index : switched->used) pooled.decryptors.push_back(name_of(index));
      auto values = researcher.decrypt(switched->ciphertexts, table);
      if (!values) return core::fail(values.error());
      pooled.cells = std::move(*values);
      pooled.method = fmt::format("encrypted; key-switched to this researcher's key by {} of {} key holders ({})",
                                  threshold, key.params.participants, names(pooled.decryptors));
    } else {
      auto opened = secure::combine(key, *aggregate, shares, table);
      if (!opened) {
        auto check = [&](const secure::PartialDecryption& p) { return secure::verify(key, *aggregate, p); };
        if (drop_invalid(shares, check)) continue;
        return core::fail(failed("cannot open the aggregate: " + opened.error().message + describe(pooled.failures)));
      }
      for (auto index : opened->used) pooled.decryptors.push_back(name_of(index));
      pooled.cells = std::move(opened->values);
      pooled.method = fmt::format("encrypted; threshold decryption by {} of {} key holders ({}), proofs verified",
                                  threshold, key.params.participants, names(pooled.decryptors));
    }
    break;
  }
  pooled.withheld.assign(pooled.cells.size(), false);
  return {};
}

}  // namespace

core::Result<PooledAnswer> run_query(FederationSession& session, const StudySpec& study, const QuerySpec& query,
                                     const secure::DlogTable& table) {
  PooledAnswer pooled;
  pooled.query = query;
  pooled.min_cell_size = study.min_cell_size > 0 ? study.min_cell_size : session.min_cell_size;
  if (study.mode == QueryMode::encrypted) {
    ONCOSHARE_TRY(run_encrypted(session, study, query, table, pooled));
  } else {
    ONCOSHARE_TRY(run_plaintext(session, study, query, pooled));
  }
  // The small-cell rule on the pooled aggregate. Kaplan-Meier cells are exempt: the curve
  // needs every interval (at-risk numbers are cumulative); DP noise protects them if set.
  if (query.type != "km") {
    for (std::size_t k = 0; k < pooled.cells.size(); ++k) {
      if (pooled.cells[k] > 0 && pooled.cells[k] < pooled.min_cell_size) pooled.withheld[k] = true;
    }
  }
  return pooled;
}

}  // namespace oncoshare::coordinator
