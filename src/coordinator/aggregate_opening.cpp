#include "coordinator/aggregate_opening.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "coordinator/fan_out.hpp"
#include "secure/codec.hpp"
#include "secure/joint_decryption.hpp"
#include "secure/key_switch.hpp"
#include "secure/threshold_decryption.hpp"

namespace oncoshare::coordinator {

namespace {

using nlohmann::json;

std::string names(const std::vector<std::string>& list) { return fmt::format("{}", fmt::join(list, ", ")); }

// One opening: which contributors hold a valid share so far, which are still untried.
class Opening {
 public:
  Opening(FederationSession& session, const std::string& query_id, const secure::CiphertextVector& aggregate,
          const std::vector<Contribution>& contributions, PooledAnswer& pooled)
      : session_(session), query_id_(query_id), aggregate_(aggregate), contributions_(contributions), pooled_(pooled),
        aggregate_c1_(secure::first_components(aggregate)),
        digest_(secure::first_components_digest(aggregate_c1_)),
        switching_(!session.plaintext_allowed) {
    for (std::size_t j = contributions.size(); j-- > 0;) untried_.push_back(j);  // first contributor on top
    for (const auto& c : contributions) contributor_names_.push_back(session.clients[c.client].node().name);
  }

  core::Status run(const secure::DlogTable& table) {
    const std::uint32_t threshold = session_.key->params.threshold;
    for (;;) {
      const std::size_t have = switching_ ? switches_.size() : shares_.size();
      if (have < threshold) {
        if (untried_.empty()) {
          return core::fail(failed(fmt::format("cannot open the aggregate: {} valid decryption share(s), {} needed{}",
                                               have, threshold, describe(pooled_.failures))));
        }
        ask(threshold - have);
        continue;
      }
      auto done = switching_ ? open_by_key_switch(table) : open_in_clear(table);
      if (!done) return core::fail(done.error());
      if (*done) return {};
    }
  }

 private:
  const std::string& name(std::size_t j) const { return contributor_names_[j]; }
  void fail(std::size_t j, std::string reason) { pooled_.failures.push_back({name(j), std::move(reason)}); }

  // Round 1 to `count` more contributors, each sent every contribution (signed statement and
  // first components) so that it rebuilds the aggregate itself.
  void ask(std::size_t count) {
    std::vector<std::size_t> asked;
    for (; count > 0 && !untried_.empty(); --count) {
      asked.push_back(untried_.back());
      untried_.pop_back();
    }
    std::vector<std::uint32_t> decryptors;
    for (const auto& [j, share] : shares_) decryptors.push_back(contributions_[j].key_index);
    for (std::size_t j : asked) decryptors.push_back(contributions_[j].key_index);
    std::sort(decryptors.begin(), decryptors.end());
    asked_set_ = decryptors;
    json common = {{"query_id", query_id_}, {"mode", switching_ ? "key_switch" : "decrypt"},
                   {"contributions", contributions_json()}};
    if (switching_) common["target_key"] = json::parse(secure::serialize_public_key(researcher_.public_key()));
    else common["decryptors"] = decryptors;
    std::vector<NodeClient*> clients;
    std::vector<NodeCall> calls;
    for (std::size_t j : asked) {
      clients.push_back(&session_.clients[contributions_[j].client]);
      calls.push_back([&, j](NodeClient& c) {
        take_share(j, c.post("/secure/partial", common));
        return core::Result<json>(json());
      });
    }
    (void)fan_out(std::span<NodeClient* const>(clients), calls);
  }

  // The same for every decrypting node; built once.
  const json& contributions_json() {
    if (contributions_json_.is_null()) {
      contributions_json_ = json::array();
      for (const auto& c : contributions_) {
        contributions_json_.push_back({{"statement", c.statement.text}, {"signature", c.statement.signature},
                                       {"c1", json::parse(secure::serialize_points(c.own_c1))}});
      }
    }
    return contributions_json_;
  }

  // Runs on the thread that asked node j (parsing checks every point), so it locks only to
  // record the outcome.
  void take_share(std::size_t j, const core::Result<json>& answer) {
    auto refused = [&](std::string reason) {
      std::lock_guard lock(mutex_);
      fail(j, std::move(reason));
    };
    if (!answer) return refused("no decryption share: " + answer.error().message);
    // The node added the first components itself; its sum must be ours.
    const json* their_sum = answer->contains("aggregate_c1_digest") ? &(*answer)["aggregate_c1_digest"] : nullptr;
    if (their_sum == nullptr || !their_sum->is_string() || their_sum->get<std::string>() != digest_) {
      return refused("decryption share refused: it was computed on a different aggregate");
    }
    const char* field = switching_ ? "key_switch" : "shares";
    const std::string text = answer->contains(field) ? (*answer)[field].dump() : "null";
    const std::uint32_t expected = contributions_[j].key_index;
    auto keep = [&](auto parsed, auto& into) {
      if (!parsed) return refused("malformed decryption share: " + parsed.error().message);
      if (parsed->node != expected) {
        return refused(fmt::format("share of key holder {}, expected {}", parsed->node, expected));
      }
      std::lock_guard lock(mutex_);
      into.emplace(j, std::move(*parsed));
    };
    if (switching_) return keep(secure::parse_key_switch_share(text), switches_);
    auto shares = secure::parse_decryption_shares(text);
    if (shares && shares->decryptors != asked_set_) {
      return refused(fmt::format("decryption shares for the set [{}], not the one asked for",
                                 fmt::join(shares->decryptors, ", ")));
    }
    keep(std::move(shares), shares_);
  }

  std::size_t holder(std::uint32_t key_index) const {
    for (std::size_t j = 0; j < contributions_.size(); ++j) {
      if (contributions_[j].key_index == key_index) return j;
    }
    return contributions_.size();
  }

  void used(const std::vector<std::uint32_t>& indices) {
    for (std::uint32_t index : indices) pooled_.decryptors.push_back(name(holder(index)));
  }

  // Round 2 and the check; false when a node had to be dropped (ask another).
  core::Result<bool> open_in_clear(const secure::DlogTable& table) {
    const secure::OpeningChallenge challenge = secure::OpeningChallenge::random();
    const json body = {{"query_id", query_id_}, {"challenge", json::parse(secure::serialize(challenge))}};
    std::vector<std::size_t> holders;
    std::vector<NodeClient*> clients;
    for (const auto& [j, share] : shares_) {
      holders.push_back(j);
      clients.push_back(&session_.clients[contributions_[j].client]);
    }
    const std::vector<NodeCall> calls(clients.size(), [&](NodeClient& c) { return c.post("/secure/partial/proof", body); });
    auto answers = fan_out(std::span<NodeClient* const>(clients), calls);
    std::vector<secure::DecryptionShares> shares;
    std::vector<secure::CombinedShare> combined;
    for (std::size_t a = 0; a < holders.size(); ++a) {
      const std::size_t j = holders[a];
      auto proof = answers[a] ? secure::parse_combined_share(answers[a]->contains("combined") ? (*answers[a])["combined"].dump() : "null")
                              : core::Result<secure::CombinedShare>(core::fail(answers[a].error()));
      if (!proof || proof->node != contributions_[j].key_index) {
        fail(j, "no decryption proof: " + (proof ? std::string("it is another key holder's") : proof.error().message));
        shares_.erase(j);
        continue;
      }
      shares.push_back(shares_.at(j));
      combined.push_back(*proof);
    }
    if (shares.size() < holders.size()) return false;
    auto opened = secure::open_jointly(*session_.key, aggregate_, shares, combined, challenge, table);
    if (!opened) return core::fail(failed("cannot open the aggregate: " + opened.error().message + describe(pooled_.failures)));
    for (const auto& rejection : opened->rejected) {
      const std::size_t j = holder(rejection.node);
      fail(j, "invalid decryption proof: " + rejection.reason);
      shares_.erase(j);
    }
    if (!opened->rejected.empty()) return false;
    used(opened->used);
    json shares_json = json::array(), combined_json = json::array();
    for (const auto& share : shares) shares_json.push_back(json::parse(secure::serialize(share)));
    for (const auto& proof : combined) combined_json.push_back(json::parse(secure::serialize(proof)));
    pooled_.evidence["opening"] = {{"mode", "decrypt"}, {"challenge", json::parse(secure::serialize(challenge))},
                                   {"shares", shares_json}, {"combined", combined_json}};
    pooled_.cells = std::move(opened->values);
    pooled_.method = fmt::format("encrypted; threshold decryption by {} of {} key holders ({}), proofs verified",
                                 opened->used.size(), session_.key->params.participants, names(pooled_.decryptors));
    return true;
  }

  core::Result<bool> open_by_key_switch(const secure::DlogTable& table) {
    std::vector<secure::KeySwitchShare> list;
    for (const auto& [j, share] : switches_) list.push_back(share);
    auto switched = secure::combine_key_switch(*session_.key, aggregate_, researcher_.public_key(), list);
    if (!switched) {
      bool dropped = false;
      for (auto it = switches_.begin(); it != switches_.end();) {
        auto valid = secure::verify(*session_.key, aggregate_, researcher_.public_key(), it->second);
        if (valid) {
          ++it;
          continue;
        }
        fail(it->first, "invalid decryption proof: " + valid.error().message);
        it = switches_.erase(it);
        dropped = true;
      }
      if (dropped) return false;
      return core::fail(failed("cannot open the aggregate: " + switched.error().message + describe(pooled_.failures)));
    }
    used(switched->used);
    // The one-off key decrypts this aggregate only, which the report shows anyway.
    json shares_json = json::array();
    for (const auto& share : list) shares_json.push_back(json::parse(secure::serialize(share)));
    const auto& secret = researcher_.secret().value().bytes;
    char hex[2 * secure::kScalarBytes + 1];
    sodium_bin2hex(hex, sizeof hex, secret.data(), secret.size());
    pooled_.evidence["opening"] = {{"mode", "key_switch"}, {"researcher_secret", hex}, {"shares", shares_json}};
    sodium_memzero(hex, sizeof hex);
    auto values = researcher_.decrypt(switched->ciphertexts, table);
    if (!values) return core::fail(values.error());
    pooled_.cells = std::move(*values);
    pooled_.method = fmt::format("encrypted; key-switched to this researcher's key by {} of {} key holders ({})",
                                 switched->used.size(), session_.key->params.participants, names(pooled_.decryptors));
    return true;
  }

  FederationSession& session_;
  const std::string& query_id_;
  const secure::CiphertextVector& aggregate_;
  const std::vector<Contribution>& contributions_;
  PooledAnswer& pooled_;
  const std::vector<secure::Point> aggregate_c1_;
  const std::string digest_;
  const bool switching_;
  const secure::ResearcherKey researcher_ = secure::ResearcherKey::generate();
  std::vector<std::string> contributor_names_;
  json contributions_json_;
  std::vector<std::uint32_t> asked_set_;                      // the decryptors named in the last round 1
  std::vector<std::size_t> untried_;                          // contributor positions, next at the back
  std::map<std::size_t, secure::DecryptionShares> shares_;    // by contributor position
  std::map<std::size_t, secure::KeySwitchShare> switches_;
  std::mutex mutex_;  // guards the three above while shares arrive
};

}  // namespace

core::Status open_aggregate(FederationSession& session, const std::string& query_id,
                            const secure::CiphertextVector& aggregate, const std::vector<Contribution>& contributions,
                            const secure::DlogTable& table, PooledAnswer& pooled) {
  if (!session.key) return core::fail(failed("the session holds no collective key (no encrypted query was declared)"));
  return Opening(session, query_id, aggregate, contributions, pooled).run(table);
}

}  // namespace oncoshare::coordinator
