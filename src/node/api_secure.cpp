// /secure/partial helps decrypt (or key-switch to the researcher) an aggregate, only when
// it is rebuilt here from signed contributions of roster nodes answering the same query,
// this node's own unchanged among them (contribution_check.cpp); /secure/partial/proof
// proves the shares of round 1 against the coordinator's challenge.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <variant>

#include "node/detail/contribution_check.hpp"
#include "node/detail/node_state.hpp"
#include "secure/codec.hpp"

namespace oncoshare::node::detail {

namespace {


}  // namespace

namespace {

// The release a decryption request is about, when this researcher may have it decrypted.
std::variant<Release*, Reply> release_for(NodeState& state, const Call& call, const std::string& query_id) {
  if (!state.key_share) return Reply::refuse({409, "no_collective_key", "this node has no key share"});
  auto release = state.releases.find(query_id);
  if (release == state.releases.end()) {
    return Reply::refuse({404, "unknown_query", fmt::format("this node released nothing for query_id '{}'", query_id)});
  }
  if (release->second.researcher != call.peer.name) {
    return Reply::refuse({403, "not_your_query", fmt::format("query '{}' was asked by another researcher", query_id)});
  }
  return &release->second;
}

// "decryptors": the key-holder indices the coordinator asks to decrypt together.
core::Result<std::vector<std::uint32_t>> decryptors_field(const nlohmann::json& body) {
  std::vector<std::uint32_t> out;
  if (body.contains("decryptors") && body["decryptors"].is_array()) {
    for (const auto& item : body["decryptors"]) {
      if (!item.is_number_unsigned() || item.get<std::uint64_t>() > secure::kMaxParticipants) break;
      out.push_back(static_cast<std::uint32_t>(item.get<std::uint64_t>()));
    }
    if (out.size() == body["decryptors"].size()) return out;
  }
  return core::fail(core::bad_input(
      fmt::format("field 'decryptors': expected an array of key-holder indices 1..{}", secure::kMaxParticipants)));
}

}  // namespace

// Round 1. The coordinator sends every contribution (signed statement and first
// components); this node rebuilds the aggregate itself (contribution_check.cpp), without
// holding the lock, then decrypts or key-switches its share of it. A query is opened once:
// a later request must name the same set of contributions.
Reply handle_partial(NodeState& state, const Call& call) {
  const auto& body = call.body;
  std::string query_id, mode;
  if (auto bad = require_string(body, "query_id", query_id)) return *bad;
  if (auto bad = require_string(body, "mode", mode)) return *bad;
  if (mode != "key_switch" && mode != "decrypt") return Reply::bad_request("field 'mode': expected key_switch or decrypt");
  std::unique_lock lock(state.secure_mutex);
  auto found = release_for(state, call, query_id);
  if (auto* refusal = std::get_if<Reply>(&found)) return *refusal;
  const Release snapshot = *std::get<Release*>(found);
  lock.unlock();
  const DatasetConfig* config = state.config.find(snapshot.dataset);
  if (mode == "decrypt" && !config->policy.plaintext) {
    return Reply::refuse({403, "plaintext_not_allowed",
                          fmt::format("dataset '{}' only allows key switching to the researcher's key", config->id)});
  }
  const nlohmann::json contributions = body.contains("contributions") ? body["contributions"] : nlohmann::json();
  auto checked = check_contributions(state, snapshot, call.peer.name, query_id, contributions);
  if (auto* refusal = std::get_if<Reply>(&checked)) return *refusal;
  CheckedAggregate& aggregate = std::get<CheckedAggregate>(checked);

  lock.lock();
  found = release_for(state, call, query_id);
  if (auto* refusal = std::get_if<Reply>(&found)) return *refusal;
  Release& release = *std::get<Release*>(found);
  if (!release.opened.empty() && release.opened != aggregate.digest) {
    return Reply::refuse({409, "already_opened",
                          fmt::format("query '{}' was already opened with another set of contributions", query_id)});
  }
  std::vector<secure::Point>& c1 = aggregate.c1;
  Reply reply;
  reply.body = {{"node", state.config.name}, {"index", state.key_share->index}, {"query_id", query_id}, {"mode", mode},
                {"aggregate_c1_digest", secure::first_components_digest(c1)}};
  if (mode == "decrypt") {
    auto decryptors = decryptors_field(body);
    if (!decryptors) return failure(decryptors.error());
    auto shares = secure::JointDecryptor(*state.key_share).decrypt(c1, *decryptors);
    if (!shares) return failure(shares.error());
    reply.body["shares"] = nlohmann::json::parse(secure::serialize(*shares));
    release.decryptors = std::move(*decryptors);
  } else {
    auto target = secure::parse_public_key(dump(body, "target_key"));
    if (!target) return failure(target.error());
    auto share = secure::KeySwitcher(*state.key_share).switch_key(c1, *target);
    reply.body["key_switch"] = nlohmann::json::parse(secure::serialize(share));
  }
  reply.result_size = c1.size();
  reply.note = fmt::format("{} of query {} over {} nodes ({})", mode, query_id, aggregate.nodes.size(),
                           fmt::join(aggregate.nodes, ", "));
  release.opened = aggregate.digest;
  release.aggregate_c1 = std::move(c1);
  return reply;
}

// Round 2: the proof for the coordinator's challenge, about the aggregate of round 1.
Reply handle_partial_proof(NodeState& state, const Call& call) {
  std::string query_id;
  if (auto bad = require_string(call.body, "query_id", query_id)) return *bad;
  auto challenge = secure::parse_opening_challenge(dump(call.body, "challenge"));
  if (!challenge) return failure(challenge.error());
  std::lock_guard lock(state.secure_mutex);
  auto found = release_for(state, call, query_id);
  if (auto* refusal = std::get_if<Reply>(&found)) return *refusal;
  const Release& release = *std::get<Release*>(found);
  if (release.decryptors.empty()) {
    return Reply::refuse({409, "no_decryption_shares",
                          fmt::format("this node sent no decryption shares for query '{}': call /secure/partial first", query_id)});
  }
  auto combined = secure::JointDecryptor(*state.key_share).prove(release.aggregate_c1, release.decryptors, *challenge);
  if (!combined) return failure(combined.error());
  Reply reply;
  reply.body = {{"node", state.config.name}, {"query_id", query_id},
                {"combined", nlohmann::json::parse(secure::serialize(*combined))}};
  reply.result_size = 1;
  reply.note = fmt::format("decryption proof for query {}", query_id);
  return reply;
}

}  // namespace oncoshare::node::detail
