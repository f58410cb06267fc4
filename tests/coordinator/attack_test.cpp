// The federation attacked as docs/threat-model.md describes: a researcher with a valid
// certificate and a modified client (hand-written requests) against three real `oncoshare
// node serve` processes. Every attack must be refused with a reason naming what failed, and
// an honest aggregate of the same nodes must still open to the pooled value.
#include <sys/stat.h>

#include "coordinator/attack_support.hpp"
#include "node/contribution.hpp"
#include "node/roster.hpp"
#include "secure/dlog_table.hpp"
#include "secure/joint_decryption.hpp"

namespace oncoshare::coordinator {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using testing::Attacker;
using testing::NodeProcesses3;
using testing::bob;
using testing::ciphertexts_of;
using testing::contribution;

// `victim`'s first components replaced by `points`, its statement re-signed with the key of
// certificate holder `signer` (claiming to be `claimed`).
json forged(const json& victim, const std::vector<secure::Point>& points, const std::string& signer,
            const std::string& claimed) {
  auto claim = node::parse_contribution(victim["contribution"]["statement"].get<std::string>());
  EXPECT_TRUE(claim);
  claim->node = claimed;
  claim->c1_digest = secure::first_components_digest(points);
  auto signer_key = node::StatementSigner::open(testing::world().key(signer));
  EXPECT_TRUE(signer_key);
  auto statement = signer_key->sign(node::statement_text(*claim));
  EXPECT_TRUE(statement);
  return {{"statement", statement->text}, {"signature", statement->signature},
          {"c1", json::parse(secure::serialize_points(points))}};
}

std::vector<secure::Point> negated(const std::vector<secure::Point>& points) {
  std::vector<secure::Point> out;
  for (const auto& p : points) out.push_back(secure::Point::identity() - p);
  return out;
}

class AttackTest : public ::testing::Test {
 protected:
  node::testing::ScratchDir dir_;
};

TEST_F(AttackTest, NoSubsetOrCraftedSumOpensOneSite) {
  NodeProcesses3 nodes(dir_.str());
  Attacker alice("alice", nodes.ports());
  const json a1 = alice.ask(1, "q1"), a2 = alice.ask(2, "q1"), a3 = alice.ask(3, "q1");
  const auto c1_of = [](const json& a) { return secure::first_components(ciphertexts_of(a)); };

  // The old attack: the others' sum chosen so that the aggregate is the target's alone.
  json old_form = {{"query_id", "q1"}, {"mode", "decrypt"}, {"contributors", {"site_1", "site_2"}}, {"decryptors", {1, 2}},
                   {"others_c1", json::parse(secure::serialize_points(c1_of(a1)))}};
  auto refused = alice.client(2).post("/secure/partial", old_form);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("field 'contributions': required array"), std::string::npos) << refused.error().message;

  // The target's contribution alone, asked of a helper: the helper's own is missing.
  const std::string alone = alice.partial(2, "q1", json::array({contribution(a1)}));
  EXPECT_NE(alone.find("own_contribution_missing"), std::string::npos) << alone;
  // Target + helper + a forged third contribution cancelling the helper's: site_3's name
  // under another node's key, or the researcher's own key, does not verify.
  for (const std::string signer : {"site_2", "alice"}) {
    const json cancel = forged(a3, negated(c1_of(a2)), signer, "site_3");
    EXPECT_NE(alice.partial(2, "q1", {contribution(a1), contribution(a2), cancel})
                  .find("bad_contribution: contribution of 'site_3': the signature of node 'site_3' does not verify"),
              std::string::npos)
        << signer;
  }
  // A node certificate of the federation CA that is not on the roster does not count.
  const json outsider = forged(a3, negated(c1_of(a2)), "coordinator", "coordinator");
  EXPECT_NE(alice.partial(2, "q1", {contribution(a1), contribution(a2), outsider})
                .find("contribution of 'coordinator': 'coordinator' is not on this node's roster"),
            std::string::npos);
  // The helper's own contribution altered (first components of another node's).
  json swapped = contribution(a2);
  swapped["c1"] = contribution(a3)["c1"];
  EXPECT_NE(alice.partial(2, "q1", {contribution(a1), swapped}).find("the first components sent for 'site_2' are not those it signed"),
            std::string::npos);
  // The same under key switching.
  EXPECT_NE(alice.partial(2, "q1", {contribution(a1), forged(a3, negated(c1_of(a2)), "alice", "site_3"), contribution(a2)},
                          "key_switch")
                .find("bad_contribution"),
            std::string::npos);
  // A node counted twice.
  EXPECT_NE(alice.partial(2, "q1", {contribution(a1), contribution(a2), contribution(a2)}).find("node 'site_2' contributes twice"),
            std::string::npos);

  // The honest aggregate of all three opens, once; afterwards no other set of the same
  // query (whose difference would be one site) is decrypted.
  const json all = {contribution(a1), contribution(a2), contribution(a3)};
  EXPECT_EQ(alice.partial(1, "q1", all), "");
  EXPECT_EQ(alice.partial(2, "q1", all), "");
  EXPECT_NE(alice.partial(2, "q1", {contribution(a2), contribution(a3)}).find("already_opened"), std::string::npos);
}

TEST_F(AttackTest, ContributionsMustAnswerTheSameQueryForTheSameResearcher) {
  NodeProcesses3 nodes(dir_.str());
  Attacker alice("alice", nodes.ports());
  // Under one id, the target answers the real question and the helper another one: their
  // "sum" minus the helper's known answer would be the target's count.
  const json target = alice.ask(1, "q2", "sex = 2");
  const json empty = alice.ask(2, "q2", "sex = 1");
  EXPECT_NE(alice.partial(2, "q2", {contribution(target), contribution(empty)})
                .find("bad_contribution: contribution of 'site_1' answers another query than this node's release"),
            std::string::npos)
      << alice.last();
  // A contribution replayed from an earlier query id.
  const json earlier = alice.ask(1, "q3");
  const json now = alice.ask(2, "q4");
  EXPECT_NE(alice.partial(2, "q4", {contribution(earlier), contribution(now)})
                .find("contribution of 'site_1' answers query_id 'q3', not 'q4'"),
            std::string::npos);
  // Another researcher cannot use alice's contributions, nor her query ids.
  Attacker other(bob(), nodes.ports());
  const json for_alice = alice.ask(1, "q5");
  const json for_alice_2 = alice.ask(2, "q5");
  EXPECT_NE(other.partial(2, "q5", {contribution(for_alice), contribution(for_alice_2)}).find("not_your_query"),
            std::string::npos);
  auto reuse = other.client(1).post("/query/count", {{"dataset", "registry"},
                                                     {"purpose", {{"use", "HMB"}, {"irb_approved", true}}},
                                                     {"mode", "encrypted"}, {"query_id", "q5"}});
  ASSERT_FALSE(reuse);
  EXPECT_NE(reuse.error().message.find("query_id_in_use: query_id 'q5' was already used"), std::string::npos)
      << reuse.error().message;
  // bob's own query under an id alice used at another node: alice's contribution does not
  // count towards his aggregate.
  const json bobs = other.ask(2, "q7");
  const json alices = alice.ask(1, "q7");
  EXPECT_NE(other.partial(2, "q7", {contribution(alices), contribution(bobs)})
                .find("contribution of 'site_1' was released to 'alice', not to 'bob'"),
            std::string::npos)
      << other.last();
  // ... and alice's session is undisturbed.
  EXPECT_EQ(alice.partial(2, "q5", {contribution(for_alice), contribution(for_alice_2)}), "");
}

TEST_F(AttackTest, AnHonestAggregateOfTwoSitesOpensToTheirPooledCount) {
  NodeProcesses3 nodes(dir_.str());
  Attacker alice("alice", nodes.ports());
  const json a1 = alice.ask(1, "q6"), a2 = alice.ask(2, "q6");
  const json both = {contribution(a1), contribution(a2)};
  ASSERT_EQ(alice.partial(1, "q6", both), "");
  const json first = alice.last();
  ASSERT_EQ(alice.partial(2, "q6", both), "");
  const json second = alice.last();
  std::vector<secure::DecryptionShares> shares;
  for (const json& reply : {first, second}) shares.push_back(*secure::parse_decryption_shares(reply["shares"].dump()));
  const secure::OpeningChallenge challenge = secure::OpeningChallenge::random();
  std::vector<secure::CombinedShare> combined;
  for (int k : {1, 2}) {
    auto proof = alice.client(k).post("/secure/partial/proof",
                                      {{"query_id", "q6"}, {"challenge", json::parse(secure::serialize(challenge))}});
    ASSERT_TRUE(proof) << proof.error().to_string();
    combined.push_back(*secure::parse_combined_share((*proof)["combined"].dump()));
  }
  std::vector<secure::CiphertextVector> answers = {ciphertexts_of(a1), ciphertexts_of(a2)};
  auto table = secure::DlogTable::create();
  ASSERT_TRUE(table);
  auto opened = secure::open_jointly(nodes.key(), *secure::sum(answers), shares, combined, challenge, *table);
  ASSERT_TRUE(opened) << opened.error().to_string();
  const QuerySpec count{"count", "count", {{"filter", "sex = 2"}}};
  StudySpec spec;
  spec.queries = {count};
  EXPECT_EQ(opened->values, testing::pooled_cells(spec, {1, 2})[0]);
}

}  // namespace
}  // namespace oncoshare::coordinator
