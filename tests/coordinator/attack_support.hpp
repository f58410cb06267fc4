// The adversary of docs/threat-model.md against real node processes: three `oncoshare node
// serve` processes with a 2-of-3 key, a second researcher, and a modified client that sends
// hand-written requests.
#pragma once

#include "coordinator/federation_support.hpp"
#include "coordinator/node_processes.hpp"

namespace oncoshare::coordinator::testing {

// bob: a second researcher of the same federation.
inline const std::string& bob() {
  static const std::string name = [] {
    EXPECT_TRUE(node::issue_certificate(world().dir + "/ca", {node::Role::researcher, "bob"},
                                        world().dir + "/certs"));
    return std::string("bob");
  }();
  return name;
}

// The ciphertexts of an encrypted answer.
inline secure::CiphertextVector ciphertexts_of(const json& answer) {
  auto parsed = secure::parse_ciphertext_vector(answer["ciphertexts"].dump());
  EXPECT_TRUE(parsed);
  return parsed ? *parsed : secure::CiphertextVector();
}

// A contribution as a decrypting node receives it: statement, signature, first components.
inline json contribution(const json& answer) {
  return {{"statement", answer["contribution"]["statement"]},
          {"signature", answer["contribution"]["signature"]},
          {"c1", json::parse(secure::serialize_points(secure::first_components(ciphertexts_of(answer))))}};
}

// A modified client: hand-written requests to each node, with `who`'s certificate.
class Attacker {
 public:
  Attacker(const std::string& who, const std::vector<int>& ports) : federation_(federation_of(who, ports)) {
    for (const auto& node : federation_.nodes) clients_.emplace_back(federation_, node);
  }

  // Site k's encrypted count for `filter` under `query_id`.
  json ask(int k, const std::string& query_id, const std::string& filter = "sex = 2") {
    auto answer = clients_.at(k - 1).post("/query/count", {{"dataset", "registry"},
                                                           {"purpose", {{"use", "HMB"}, {"irb_approved", true}}},
                                                           {"mode", "encrypted"}, {"query_id", query_id},
                                                           {"filter", filter}});
    EXPECT_TRUE(answer) << (answer ? "" : answer.error().to_string());
    return answer ? *answer : json();
  }

  // Round 1 at site k with these contributions; the refusal text or "" when it answered.
  std::string partial(int k, const std::string& query_id, const json& contributions, const std::string& mode = "decrypt",
                      std::vector<std::uint32_t> decryptors = {1, 2}) {
    json body = {{"query_id", query_id}, {"mode", mode}, {"contributions", contributions}};
    if (mode == "decrypt") body["decryptors"] = decryptors;
    else body["target_key"] = json::parse(secure::serialize_public_key(secure::ResearcherKey::generate().public_key()));
    auto answer = clients_.at(k - 1).post("/secure/partial", body);
    last_ = answer ? *answer : json();
    return answer ? "" : answer.error().message;
  }

  NodeClient& client(int k) { return clients_.at(k - 1); }
  [[nodiscard]] const json& last() const { return last_; }

 private:
  Federation federation_;
  std::vector<NodeClient> clients_;
  json last_;
};

}  // namespace oncoshare::coordinator::testing
