#include "node/detail/contribution_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "node/contribution.hpp"
#include "node/detail/openssl.hpp"
#include "secure/codec.hpp"

namespace oncoshare::node::detail {

namespace {

Reply bad_contribution(const std::string& reason) { return Reply::refuse({403, "bad_contribution", reason}); }

// One contribution as sent, its statement checked against the roster and this release.
struct Checked {
  ContributionClaim claim;
  SignedStatement statement;
  std::string c1_json;
};

std::variant<Checked, Reply> check_one(const NodeState& state, const Release& release, const std::string& researcher,
                                       const std::string& query_id, const nlohmann::json& item, std::size_t position) {
  if (!item.is_object() || !item.contains("statement") || !item["statement"].is_string() ||
      !item.contains("signature") || !item["signature"].is_string() || !item.contains("c1") || !item["c1"].is_object()) {
    return Reply::bad_request(fmt::format("field 'contributions[{}]': expected {{statement, signature, c1}}", position));
  }
  Checked out;
  out.statement = {item["statement"].get<std::string>(), item["signature"].get<std::string>()};
  auto claim = parse_contribution(out.statement.text);
  if (!claim) return bad_contribution(fmt::format("contributions[{}]: {}", position, claim.error().message));
  out.claim = std::move(*claim);
  const std::string& node = out.claim.node;
  if (auto signed_by = state.roster.verify(node, out.statement); !signed_by) {
    return bad_contribution(fmt::format("contribution of '{}': {}", node, signed_by.error().message));
  }
  if (out.claim.researcher != researcher) {
    return bad_contribution(fmt::format("contribution of '{}' was released to '{}', not to '{}'", node,
                                        out.claim.researcher, researcher));
  }
  if (out.claim.query_id != query_id) {
    return bad_contribution(fmt::format("contribution of '{}' answers query_id '{}', not '{}'", node,
                                        out.claim.query_id, query_id));
  }
  if (out.claim.dataset != release.dataset || out.claim.query_digest != release.query_digest) {
    return bad_contribution(fmt::format("contribution of '{}' answers another query than this node's release "
                                        "(query digest {} vs {})", node, out.claim.query_digest, release.query_digest));
  }
  if (node == state.config.name && !(out.statement == release.statement)) {
    return Reply::refuse({403, "own_contribution_changed",
                          "the contribution under this node's name is not the one it released for this query"});
  }
  out.c1_json = item["c1"].dump();
  return out;
}

}  // namespace

std::variant<CheckedAggregate, Reply> check_contributions(const NodeState& state, const Release& release,
                                                          const std::string& researcher, const std::string& query_id,
                                                          const nlohmann::json& contributions) {
  if (state.roster.empty()) {
    return Reply::refuse({409, "no_roster", "this node has no federation roster ([[roster]] in node.toml)"});
  }
  if (!contributions.is_array()) {
    return Reply::bad_request("field 'contributions': required array of {statement, signature, c1}");
  }
  std::vector<Checked> checked;
  std::set<std::string> nodes;
  for (std::size_t i = 0; i < contributions.size(); ++i) {
    auto one = check_one(state, release, researcher, query_id, contributions[i], i);
    if (auto* refusal = std::get_if<Reply>(&one)) return *refusal;
    Checked& c = std::get<Checked>(one);
    if (!nodes.insert(c.claim.node).second) return bad_contribution(fmt::format("node '{}' contributes twice", c.claim.node));
    checked.push_back(std::move(c));
  }
  if (!nodes.contains(state.config.name)) {
    return Reply::refuse({403, "own_contribution_missing", "the aggregate must include this node's released ciphertexts"});
  }
  const DatasetConfig& config = *state.config.find(release.dataset);
  if (static_cast<std::int64_t>(nodes.size()) < config.policy.min_contributors) {
    return Reply::refuse({403, "too_few_contributors",
                          fmt::format("dataset '{}' helps decrypt only aggregates of at least {} nodes; got {}", config.id,
                                      config.policy.min_contributors, nodes.size())});
  }
  // Each noise share is sized for a number of contributions (api_query.cpp): fewer would
  // open the aggregate with less noise than some node's policy configured.
  for (const auto& c : checked) {
    if (nodes.size() < c.claim.noise_shares) {
      return Reply::refuse({403, "too_few_contributors",
                            fmt::format("the noise of '{}' is sized for an aggregate of at least {} nodes; got {}",
                                        c.claim.node, c.claim.noise_shares, nodes.size())});
    }
  }
  std::vector<std::string> texts, names;
  for (const auto& c : checked) {
    texts.push_back(c.c1_json);
    names.push_back(c.claim.node);
  }
  auto summed = secure::parse_and_sum_points(texts, names);
  if (!summed) return failure(summed.error());
  for (std::size_t i = 0; i < checked.size(); ++i) {
    if (secure::first_components_digest(summed->vectors[i]) != checked[i].claim.c1_digest) {
      return bad_contribution(fmt::format("the first components sent for '{}' are not those it signed", names[i]));
    }
  }
  // Every digest matched its signed statement, the own one included: the lengths agree.
  std::sort(checked.begin(), checked.end(), [](const Checked& a, const Checked& b) { return a.claim.node < b.claim.node; });
  std::string set;
  for (const auto& c : checked) set += c.statement.signature + '\n';
  return CheckedAggregate{std::move(summed->total), {nodes.begin(), nodes.end()}, sha256_hex(set)};
}

}  // namespace oncoshare::node::detail
