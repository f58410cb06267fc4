// The key generation attacked as docs/threat-model.md (adversary B) describes: a relay with
// a node certificate of the federation CA ("coordinator", not on the roster) writing its
// own requests to three real `oncoshare node serve` processes, alone or with one colluding
// node's key. Every attack must be refused with a reason naming the node and what failed,
// the relay must learn no share, and no key share file may change.
#include <sodium.h>

#include "coordinator/node_processes.hpp"
#include "node/detail/base64.hpp"
#include "node/dkg_statement.hpp"
#include "node/roster.hpp"

namespace oncoshare::coordinator {
namespace {

using nlohmann::json;
using testing::NodeProcesses3;

// An X25519 key pair of the relay's own.
struct BoxKeys {
  std::array<unsigned char, crypto_box_PUBLICKEYBYTES> pub{};
  std::array<unsigned char, crypto_box_SECRETKEYBYTES> secret{};
  BoxKeys() { crypto_box_keypair(pub.data(), secret.data()); }
  [[nodiscard]] std::string public_base64() const { return node::detail::base64(pub.data(), pub.size()); }
};

// What the relay can read of a deal answer with its own key: the share, or nothing.
std::optional<std::string> open_with(const core::Result<json>& dealt, const BoxKeys& keys) {
  if (!dealt || !dealt->contains("sealed")) return std::nullopt;
  auto sealed = node::detail::unbase64((*dealt)["sealed"].get<std::string>(), "sealed");
  if (!sealed || sealed->size() <= crypto_box_SEALBYTES) return std::nullopt;
  std::string plain(sealed->size() - crypto_box_SEALBYTES, '\0');
  if (crypto_box_seal_open(reinterpret_cast<unsigned char*>(plain.data()),
                           reinterpret_cast<const unsigned char*>(sealed->data()), sealed->size(), keys.pub.data(),
                           keys.secret.data()) != 0) {
    return std::nullopt;
  }
  return plain;
}

// `item` ({statement, signature}) with statement[key] = value, signed with the key of
// certificate holder `signer` ("": the original signature kept).
json altered(const json& item, const char* key, const json& value, const std::string& signer) {
  json statement = json::parse(item["statement"].get<std::string>());
  statement[key] = value;
  if (signer.empty()) return {{"statement", statement.dump()}, {"signature", item["signature"]}};
  auto signing = node::StatementSigner::open(testing::world().key(signer));
  EXPECT_TRUE(signing);
  auto signed_statement = signing->sign(statement.dump());
  EXPECT_TRUE(signed_statement);
  return node::to_json(*signed_statement);
}

// A relay that writes its own requests, with the "coordinator" node certificate.
class Relay {
 public:
  explicit Relay(const std::vector<int>& ports) : federation_(testing::federation_of("coordinator", ports)) {
    for (const auto& node : federation_.nodes) clients_.emplace_back(federation_, node);
  }

  const node::DkgHeader header{"relayed", testing::site_names(), 2, 0};

  core::Result<json> post(int k, const std::string& step, json body) {
    body["session"] = header.session;
    return clients_.at(k - 1).post("/secure/dkg/" + step, std::move(body));
  }
  // Site k's refusal of `step` as "HTTP <status> <error>: <reason>", or "" when it answered.
  std::string refusal(int k, const std::string& step, json body) {
    auto answer = post(k, step, std::move(body));
    if (answer) return "";
    const std::string& message = answer.error().message;
    return message.substr(std::min(message.find("HTTP "), message.size()));
  }
  json must(int k, const std::string& step, json body) {
    auto answer = post(k, step, std::move(body));
    EXPECT_TRUE(answer) << (answer ? "" : answer.error().to_string());
    return answer ? *answer : json();
  }

  // Every site's signed start statement, index order.
  std::vector<json> start_all() {
    std::vector<json> starts;
    for (int k = 1; k <= testing::kSites; ++k) {
      starts.push_back(must(k, "start", {{"participants", header.participants}, {"threshold", 2}, {"index", k}})["statement"]);
    }
    return starts;
  }
  // Every dealer's share to every recipient, honestly relayed.
  void deal_all(const std::vector<json>& starts) {
    for (int d = 1; d <= testing::kSites; ++d) {
      for (int r = 1; r <= testing::kSites; ++r) {
        json dealt = must(d, "deal", {{"recipient", starts[r - 1]}});
        json received = must(r, "receive", {{"dealer", starts[d - 1]}, {"sealed", dealt["sealed"]},
                                            {"sealed_statement", dealt["statement"]}});
        EXPECT_TRUE(received["complaint"].is_null());
      }
    }
  }
  // Every site's signed finish statement, index order.
  std::vector<json> finish_all(const std::vector<json>& starts) {
    std::vector<json> finishes;
    for (int k = 1; k <= testing::kSites; ++k) {
      finishes.push_back(must(k, "finish", {{"starts", starts}, {"complaints", json::array()}})["statement"]);
    }
    return finishes;
  }

 private:
  Federation federation_;
  std::vector<NodeClient> clients_;
};

bool any_key_share(const NodeProcesses3& nodes) {
  for (int k = 1; k <= testing::kSites; ++k) {
    if (std::filesystem::exists(nodes.state(k) + "/key_share.json")) return true;
  }
  return false;
}

class DkgAttackTest : public ::testing::Test {
 protected:
  node::testing::ScratchDir dir_;
};

TEST_F(DkgAttackTest, ARelayThatSubstitutesABoxKeyIsRefusedAndLearnsNoShare) {
  NodeProcesses3 nodes(dir_.str(), NodeProcesses3::Key::none);
  Relay relay(nodes.ports());
  const std::vector<json> starts = relay.start_all();
  const BoxKeys mine;

  // site_2's start statement with the relay's box key: under site_2's signature, or re-signed
  // with the relay's own node certificate. site_1 refuses to deal; the relay opens nothing.
  for (const std::string signer : {"", "coordinator"}) {
    const json forged = altered(starts[1], "box_key", mine.public_base64(), signer);
    auto dealt = relay.post(1, "deal", {{"recipient", forged}});
    ASSERT_FALSE(dealt) << signer;
    EXPECT_NE(dealt.error().message.find("HTTP 403 bad_dkg_message: the signature of node 'site_2' does not verify"),
              std::string::npos)
        << dealt.error().message;
    EXPECT_FALSE(open_with(dealt, mine));
  }
  // The relay's own start statement, under its own name, is not a participant's.
  const json own = altered(starts[1], "node", "coordinator", "coordinator");
  EXPECT_EQ(relay.refusal(1, "deal", {{"recipient", own}}),
            "HTTP 403 bad_dkg_message: the start statement of node 'site_2': it names node 'coordinator' at index 2");

  // The genuine statement: the share is sealed to site_2's key, which the relay cannot open.
  auto genuine = relay.post(1, "deal", {{"recipient", starts[1]}});
  ASSERT_TRUE(genuine) << genuine.error().to_string();
  EXPECT_FALSE(open_with(genuine, mine));

  // A share of the relay's choosing, sealed to site_2's real key, under site_1's signature
  // of the genuine box: site_2 refuses it before opening.
  auto site_2 = node::read_dkg_statement(starts[1], node::DkgStep::start, relay.header, 2,
                                         [](std::string_view, const node::SignedStatement&) { return core::Status{}; });
  ASSERT_TRUE(site_2);
  secure::DkgShare chosen{1, 2, secure::SecretScalar::random()};
  const std::string plain = secure::serialize(chosen);
  std::string resealed(plain.size() + crypto_box_SEALBYTES, '\0');
  crypto_box_seal(reinterpret_cast<unsigned char*>(resealed.data()), reinterpret_cast<const unsigned char*>(plain.data()),
                  plain.size(), reinterpret_cast<const unsigned char*>(site_2->box_key.data()));
  const std::string resealed_base64 =
      node::detail::base64(reinterpret_cast<const unsigned char*>(resealed.data()), resealed.size());
  EXPECT_EQ(relay.refusal(2, "receive", {{"dealer", starts[0]}, {"sealed", resealed_base64},
                                         {"sealed_statement", (*genuine)["statement"]}}),
            "HTTP 403 bad_dkg_message: the sealed share from node 'site_1' is not the one it signed for node 'site_2'");
  EXPECT_EQ(relay.refusal(2, "receive", {{"dealer", starts[0]}, {"sealed", resealed_base64}}),
            "HTTP 403 bad_dkg_message: the sealed share statement of node 'site_1': expected {statement, signature}");
  EXPECT_FALSE(any_key_share(nodes));
}

TEST_F(DkgAttackTest, ANodeHoldingAKeyShareIsReKeyedOnlyWhenItsOperatorAllowsIt) {
  NodeProcesses3 nodes(dir_.str());
  std::vector<std::string> before;
  for (int k = 1; k <= testing::kSites; ++k) before.push_back(node::testing::read_file(nodes.state(k) + "/key_share.json"));
  const auto rekey = [&] {
    Federation federation = testing::federation_of("coordinator", nodes.ports());
    std::vector<NodeClient> clients;
    for (const auto& node : federation.nodes) clients.emplace_back(federation, node);
    return run_dkg(clients, 2, federation.ca);
  };
  auto refused = rekey();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            fmt::format("key generation, step 'start': node 'site_1' (127.0.0.1:{}) refused /secure/dkg/start: HTTP 409 "
                        "key_share_exists: this node already holds a key share; set replace_key_share = true in "
                        "node.toml ([node]) to let a new key generation replace it",
                        nodes.ports()[0]));
  for (int k = 1; k <= testing::kSites; ++k) {
    EXPECT_EQ(node::testing::read_file(nodes.state(k) + "/key_share.json"), before[k - 1]) << "site_" << k;
  }

  for (int k = 1; k <= testing::kSites; ++k) nodes.restart(k, "replace_key_share = true");
  auto replaced = rekey();
  ASSERT_TRUE(replaced) << replaced.error().to_string();
  EXPECT_FALSE(*replaced == nodes.key());
  for (int k = 1; k <= testing::kSites; ++k) {
    EXPECT_NE(node::testing::read_file(nodes.state(k) + "/key_share.json"), before[k - 1]) << "site_" << k;
    // The old share is kept: results encrypted under the old collective key stay decryptable.
    EXPECT_EQ(node::testing::read_file(nodes.state(k) + "/key_share.json.bak"), before[k - 1]) << "site_" << k;
    EXPECT_NE(node::testing::read_file(nodes.state(k) + "/audit.log").find(", replacing the existing key share"),
              std::string::npos);
    EXPECT_NE(node::testing::read_file(nodes.state(k) + "/node.log").find("replaced the key share"), std::string::npos);
  }
}

TEST_F(DkgAttackTest, AStartWithAStrangerOrAMisplacedNodeIsRefused) {
  NodeProcesses3 nodes(dir_.str(), NodeProcesses3::Key::none);
  Relay relay(nodes.ports());
  const auto start = [&](std::vector<std::string> participants, int index) {
    return relay.refusal(1, "start", {{"participants", participants}, {"threshold", 2}, {"index", index}});
  };
  EXPECT_EQ(start({"site_1", "coordinator", "site_3"}, 1),
            "HTTP 403 bad_participants: 'coordinator' is not on this node's roster");
  EXPECT_EQ(start({"site_2", "site_1", "site_3"}, 1),
            "HTTP 403 bad_participants: this node is 'site_1', but the participants name 'site_2' at index 1");
  EXPECT_EQ(start({"site_1", "site_1", "site_3"}, 1),
            "HTTP 403 bad_participants: node 'site_1' is listed twice among the participants");
  EXPECT_EQ(start({"site_1", "site_2", "site_3"}, 4),
            "HTTP 400 bad_request: field 'index': 4 is not a participant index (1..3)");
  EXPECT_EQ(relay.refusal(1, "start", {{"participants", 3}, {"threshold", 2}, {"index", 1}}),
            "HTTP 400 bad_request: field 'participants': expected 1..1024 node names");
  EXPECT_EQ(start({"site_1", "site_2", "site_3"}, 1), "");
}

TEST_F(DkgAttackTest, AnEquivocatingTranscriptIsRefusedAtConfirmNamingTheNode) {
  NodeProcesses3 nodes(dir_.str(), NodeProcesses3::Key::none);
  Relay relay(nodes.ports());
  const std::vector<json> starts = relay.start_all();
  relay.deal_all(starts);
  const std::vector<json> finishes = relay.finish_all(starts);

  // site_3 colludes with the relay and signs another transcript, or another key.
  std::vector<json> other = finishes;
  other[2] = altered(finishes[2], "transcript", std::string(64, '0'), "site_3");
  EXPECT_EQ(relay.refusal(1, "confirm", {{"finishes", other}}),
            "HTTP 403 bad_dkg_message: node 'site_3' reports another transcript");
  auto key = secure::parse_collective_key(json::parse(finishes[2]["statement"].get<std::string>())["collective_key"].dump());
  ASSERT_TRUE(key);
  key->public_key = key->public_key + secure::Point::generator();
  other[2] = altered(finishes[2], "collective_key", json::parse(secure::serialize(*key)), "site_3");
  EXPECT_EQ(relay.refusal(1, "confirm", {{"finishes", other}}),
            "HTTP 403 bad_dkg_message: node 'site_3' reports another collective key");
  // The relay alone cannot change what site_3 signed.
  other[2] = altered(finishes[2], "transcript", std::string(64, '0'), "");
  EXPECT_EQ(relay.refusal(1, "confirm", {{"finishes", other}}),
            "HTTP 403 bad_dkg_message: the signature of node 'site_3' does not verify");
  EXPECT_FALSE(any_key_share(nodes));

  // The honest transcript is confirmed and stored.
  for (int k = 1; k <= testing::kSites; ++k) EXPECT_EQ(relay.refusal(k, "confirm", {{"finishes", finishes}}), "");
  EXPECT_TRUE(std::filesystem::exists(nodes.state(2) + "/key_share.json"));
}

TEST_F(DkgAttackTest, AForgedOrUnsignedComplaintIsRefused) {
  NodeProcesses3 nodes(dir_.str(), NodeProcesses3::Key::none);
  Relay relay(nodes.ports());
  const std::vector<json> starts = relay.start_all();
  relay.deal_all(starts);
  // A complaint of site_2 against site_1 (which would disqualify site_1): signed by the
  // relay, unsigned, or in the old unsigned form.
  auto relay_key = node::StatementSigner::open(testing::world().key("coordinator"));
  ASSERT_TRUE(relay_key);
  auto forged = relay_key->sign(node::dkg_complaint_text(relay.header.as(2), 1));
  ASSERT_TRUE(forged);
  const json unsigned_complaint = {{"statement", forged->text}, {"signature", ""}};
  for (const json& complaint : {node::to_json(*forged), unsigned_complaint}) {
    EXPECT_EQ(relay.refusal(1, "finish", {{"starts", starts}, {"complaints", {complaint}}}),
              "HTTP 403 bad_dkg_message: the signature of node 'site_2' does not verify");
  }
  EXPECT_EQ(relay.refusal(1, "finish", {{"starts", starts}, {"complaints", {{{"accuser", 2}, {"dealer", 1}}}}}),
            "HTTP 403 bad_dkg_message: a complaint statement: expected {statement, signature}");
  EXPECT_FALSE(any_key_share(nodes));
}

}  // namespace
}  // namespace oncoshare::coordinator
