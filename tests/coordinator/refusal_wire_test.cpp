// Refusals triggered over the wire, one hand-written request each, against real nodes whose
// policies the test writes out: the status, the code and the reason the researcher reads.
// (tests/node/refusal_codes_test.cpp checks that every code a node can send is named by a test.)
#include "coordinator/attack_support.hpp"
#include "coordinator/policy_federation.hpp"
#include "node/contribution.hpp"
#include "oversized_request.hpp"

namespace oncoshare::coordinator {
namespace {

using nlohmann::json;
using testing::PolicyFederation;
using testing::WireAnswer;
using testing::WireClient;

const json kPurpose = {{"use", "HMB"}, {"irb_approved", true}};

// Noisy answers (the default policy written out) on every site, plus datasets that refuse
// by construction on site 1.
std::string datasets(int k) {
  std::string out = testing::dataset_toml(k, "registry", "dp_epsilon = \"0.5\"\ndp_budget = \"100\"\nmin_contributors = 2");
  if (k != 1) return out;
  out += testing::dataset_toml(k, "counts_only", "query_types = [\"count\"]");
  out += testing::dataset_toml(k, "bobs_only", "researchers = [\"bob\"]");
  // Skellam noise for epsilon 0.001 has a rate far above what the sampler accepts.
  out += testing::dataset_toml(k, "tiny_epsilon", "dp_epsilon = \"0.001\"");
  return out;
}

::testing::AssertionResult refused(const WireAnswer& answer, int status, const std::string& error, const std::string& reason) {
  if (answer.status == status && answer.error() == error && answer.reason() == reason) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "HTTP " << answer.status << ": " << answer.text;
}

class RefusalWireTest : public ::testing::Test {
 protected:
  node::testing::ScratchDir dir_;
};

TEST_F(RefusalWireTest, QueriesRefusedBeforeAnyAnswer) {
  PolicyFederation nodes(dir_.str(), datasets, "max_request_bytes = 65536");
  WireClient alice(nodes.port(1), "alice", 1);
  const json count = {{"dataset", "registry"}, {"purpose", kPurpose}};

  EXPECT_TRUE(refused(alice.get("/no/such/endpoint"), 404, "http_error", "no such endpoint"));
  EXPECT_TRUE(refused(oncoshare::test::send_oversized(
                          [&] { return alice.post_text("/query/count", std::string(70 * 1024, ' ')); },
                          [](const WireAnswer& answer) { return answer.status == 0; }),
                      413, "payload_too_large",
                      "request body too large"));
  EXPECT_TRUE(refused(alice.post_text("/query/count", count.dump()), 400, "missing_nonce",
                      "request must carry \"nonce\" (string) and \"timestamp\" (Unix seconds)"));
  EXPECT_TRUE(refused(alice.post("/query/count", {{"dataset", "nope"}, {"purpose", kPurpose}}), 404, "unknown_dataset",
                      "no dataset 'nope' on this node"));
  EXPECT_TRUE(refused(alice.post("/query/count", {{"dataset", "bobs_only"}, {"purpose", kPurpose}}), 403,
                      "researcher_not_allowed", "researcher 'alice' is not on the access list of dataset 'bobs_only'"));
  EXPECT_TRUE(refused(alice.post("/query/histogram", {{"dataset", "counts_only"}, {"purpose", kPurpose},
                                                      {"variable", "age_dx"}, {"edges", {0, 50, 100}}}),
                      403, "query_type_not_allowed", "dataset 'counts_only' does not allow 'histogram' queries (allowed: count)"));
  const WireAnswer bad_purpose = alice.post("/query/count", {{"dataset", "registry"}, {"purpose", {{"use", 42}}}});
  EXPECT_EQ(bad_purpose.status, 400) << bad_purpose.text;
  EXPECT_EQ(bad_purpose.error(), "bad_purpose") << bad_purpose.text;
  EXPECT_TRUE(refused(alice.post("/query/crosstab", {{"dataset", "registry"}, {"purpose", kPurpose}, {"rows", "nope"}}),
                      400, "bad_query", "unknown variable 'nope'"));
  EXPECT_TRUE(refused(alice.post("/query/count", {{"dataset", "tiny_epsilon"}, {"purpose", kPurpose}}), 400,
                      "noise_out_of_range",
                      "the noise this query needs is out of range (rate 2000000000/2000 exceeds 2^18); ask for fewer cells"));
  // No key generation ran: nothing is encrypted, nothing decrypted.
  json encrypted = count;
  encrypted.update({{"mode", "encrypted"}, {"query_id", "q-no-key"}});
  EXPECT_TRUE(refused(alice.post("/query/count", encrypted), 409, "no_collective_key",
                      "this node has no collective key yet: run the DKG (/secure/dkg/*)"));
  EXPECT_TRUE(refused(alice.post("/secure/partial", {{"query_id", "q-no-key"}, {"mode", "decrypt"}}), 409,
                      "no_collective_key", "this node has no key share"));
  const WireAnswer no_challenge = alice.post("/secure/partial/proof", {{"query_id", "q-no-key"}, {"challenge", "not one"}});
  EXPECT_EQ(no_challenge.status, 400) << no_challenge.text;
  EXPECT_EQ(no_challenge.error(), "bad_secure_message") << no_challenge.text;
  EXPECT_TRUE(refused(alice.post("/model/round/share", {{"aggregation", "never-advertised"}, {"advertised", json::array()}}),
                      404, "unknown_aggregation", "no model round 'never-advertised' on this node"));
}

TEST_F(RefusalWireTest, CertificateWithoutARoleIsRefused) {
  // Issued by the federation CA (the TLS handshake succeeds) but with a unit that is no role.
  const std::string ca = testing::world().dir + "/ca";
  const std::string eve = dir_ / "eve";
  const auto made = node::testing::run(fmt::format(
      "openssl genpkey -algorithm ed25519 -out {0}.key && "
      "openssl req -new -key {0}.key -subj /CN=eve/OU=auditor -out {0}.csr && "
      "openssl x509 -req -in {0}.csr -CA {1}/ca.crt -CAkey {1}/ca.key -CAserial {0}.srl -CAcreateserial -days 1 -out {0}.crt",
      eve, ca));
  ASSERT_EQ(made.exit_code, 0) << made.output;
  PolicyFederation nodes(dir_.str(), datasets);
  WireClient client(nodes.port(1), eve + ".crt", eve + ".key", "site_1");
  EXPECT_TRUE(refused(client.get("/catalog"), 403, "bad_certificate",
                      "certificate 'OU=auditor,CN=eve' has no role (OU 'auditor' is neither node nor researcher)"));
}

TEST_F(RefusalWireTest, KeyGenerationStepsOutOfOrder) {
  PolicyFederation nodes(dir_.str(), datasets);
  WireClient relay(nodes.port(1), "coordinator", 1);
  EXPECT_TRUE(refused(relay.post("/secure/dkg/deal", {{"session", "never-started"}}), 409, "no_dkg_session",
                      "no DKG session 'never-started' on this node: call /secure/dkg/start"));
  const json start = {{"session", "s1"}, {"participants", testing::site_names()}, {"threshold", 2}, {"index", 1}};
  ASSERT_EQ(relay.post("/secure/dkg/start", start).status, 200);
  EXPECT_TRUE(refused(relay.post("/secure/dkg/start", start), 409, "dkg_session_exists",
                      "DKG session 's1' was already started on this node"));
  EXPECT_TRUE(refused(relay.post("/secure/dkg/confirm", {{"session", "s1"}, {"finishes", json::array()}}), 409,
                      "dkg_not_finished", "DKG session 's1' has not finished on this node: call /secure/dkg/finish"));

  // A node without a roster takes part in no key generation.
  const std::string alone = dir_ / "alone";
  std::filesystem::create_directories(alone);
  node::testing::ServingNode lone(testing::node_toml_with(1, alone, datasets(1), false), alone);
  WireClient to_lone(lone.port(), "coordinator", 1);
  EXPECT_TRUE(refused(to_lone.post("/secure/dkg/start", start), 409, "no_roster",
                      "this node has no federation roster ([[roster]] in node.toml): it cannot take part in a key generation"));
}

// An aggregate is opened only from enough contributions, each as its node released it.
TEST_F(RefusalWireTest, OpeningsRefusedByTheDecryptingNode) {
  // Site 1 helps decrypt only sums of three nodes, and sizes its noise share for three.
  PolicyFederation nodes(dir_.str(), [](int k) {
    return testing::dataset_toml(k, "registry", fmt::format("dp_epsilon = \"0.5\"\ndp_budget = \"100\"\nmin_contributors = {}",
                                                            k == 1 ? 3 : 2));
  });
  (void)testing::make_key(nodes.ports(), 2);
  testing::Attacker alice("alice", nodes.ports());
  const json a1 = alice.ask(1, "q1"), a2 = alice.ask(2, "q1");
  using testing::contribution;

  EXPECT_NE(alice.partial(1, "q1", {contribution(a1), contribution(a2)})
                .find("HTTP 403 too_few_contributors: dataset 'registry' helps decrypt only aggregates of at least 3 nodes; got 2"),
            std::string::npos);
  // Site 2 would help with two, but site 1's noise share is sized for three.
  EXPECT_NE(alice.partial(2, "q1", {contribution(a1), contribution(a2)})
                .find("HTTP 403 too_few_contributors: the noise of 'site_1' is sized for an aggregate of at least 3 nodes; got 2"),
            std::string::npos);
  EXPECT_NE(alice.partial(2, "q-never-asked", {contribution(a2)})
                .find("HTTP 404 unknown_query: this node released nothing for query_id 'q-never-asked'"),
            std::string::npos);

  // Site 1's statement re-signed with its own key (as a thief of the key could) at another
  // time: valid for the roster, but not what site 1 released.
  auto claim = node::parse_contribution(a1["contribution"]["statement"].get<std::string>());
  ASSERT_TRUE(claim);
  claim->time += 1;
  auto signer = node::StatementSigner::open(testing::world().key("site_1"));
  ASSERT_TRUE(signer);
  auto resigned = signer->sign(node::statement_text(*claim));
  ASSERT_TRUE(resigned);
  json changed = contribution(a1);
  changed["statement"] = resigned->text;
  changed["signature"] = resigned->signature;
  EXPECT_NE(alice.partial(1, "q1", {changed, contribution(a2)})
                .find("HTTP 403 own_contribution_changed: the contribution under this node's name is not the one it "
                      "released for this query"),
            std::string::npos);
}

}  // namespace
}  // namespace oncoshare::coordinator
