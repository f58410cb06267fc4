// Model rounds attacked as docs/threat-model.md (adversary A) describes: a researcher with
// a valid certificate and a modified client relays the secure aggregation of a model round
// by hand to three real `oncoshare node serve` processes. A participant it plays itself, a
// list it makes up, a threshold or survivor set below min_contributors and another
// researcher's aggregation id are refused with reasons naming what failed; an honest round
// still sums the three sites' answers.
#include "coordinator/attack_support.hpp"
#include "models/formula.hpp"
#include "models/model_request.hpp"
#include "node/advertisement.hpp"
#include "secure/secagg.hpp"

namespace oncoshare::coordinator {
namespace {

using nlohmann::json;
using testing::Attacker;
using testing::NodeProcesses3;

const char* kFormula = "complete_response ~ age_dx + sex";
const json kModel = {{"type", "glm"}, {"formula", kFormula}, {"family", "binomial"}};
const json kStartRound = {{"beta", json::array()}};

// Site k's answer to the start round, computed in process from its export.
std::vector<double> site_answer(int k) {
  node::DatasetConfig config;
  config.id = "site";
  config.dictionary = testing::world().dir + "/data/dictionary.csv";
  config.exports = {testing::world().site_export(k)};
  auto dataset = node::load_dataset(config, ":memory:");
  EXPECT_TRUE(dataset);
  auto terms = models::parse_formula(kFormula);
  auto design = models::build_design((*dataset)->table, *terms);
  EXPECT_TRUE(design);
  auto answer = models::site_model_answer(*design, *models::parse_model_spec(kModel), kStartRound);
  EXPECT_TRUE(answer);
  return answer ? *answer : std::vector<double>();
}

// A start round relayed by hand to the sites `sites` (site k has the index its name has in
// `participants`), aggregated here as the coordinator would.
class HandRound {
 public:
  HandRound(Attacker& who, std::string aggregation, std::vector<std::string> participants, std::vector<int> sites,
            std::uint32_t threshold = 2, std::string filter = "")
      : who_(who), aggregation_(std::move(aggregation)), participants_(std::move(participants)),
        sites_(std::move(sites)), threshold_(threshold), filter_(std::move(filter)) {}

  // The refusal text of the first site that refuses, or "".
  std::string advertise() {
    for (int k : sites_) {
      const std::string name = fmt::format("site_{}", k);
      const std::uint32_t index = claimed_index_ ? claimed_index_ : index_of(k);
      json body = {{"dataset", "registry"}, {"purpose", {{"use", "HMB"}, {"irb_approved", true}}}, {"model", kModel},
                   {"round", kStartRound}, {"aggregation", aggregation_}, {"participants", participants_},
                   {"threshold", threshold_}, {"index", index}, {"fit", aggregation_}};
      if (!filter_.empty()) body["filter"] = filter_;
      json answer;
      if (auto refused = post(k, "/model/round/advertise", body, answer); !refused.empty()) return refused;
      length_ = answer["length"].get<std::uint32_t>();
      advertised_.push_back({{"advertise", answer["advertise"]}, {"statement", answer["statement"]},
                             {"signature", answer["signature"]}});
    }
    return "";
  }
  [[nodiscard]] const json& advertised() const { return advertised_; }
  // Sends `index` as the sites' index instead of their place in the list.
  HandRound& claiming_index(std::uint32_t index) {
    claimed_index_ = index;
    return *this;
  }
  [[nodiscard]] std::uint32_t length() const { return length_; }

  // Relays `advertised` (default: every site's signed advertisement) to every site.
  std::string share(const json& advertised) {
    aggregator_.emplace(*secure::SecAggAggregator::create(params()));
    // A modified client relays whatever it likes; its own aggregator may refuse part of it.
    for (const auto& a : advertised) {
      if (auto keys = secure::parse_advertise_keys(a["advertise"].dump())) (void)aggregator_->receive(*keys);
    }
    (void)aggregator_->close_advertise();
    for (int k : sites_) {
      json answer;
      if (auto refused = post(k, "/model/round/share", {{"aggregation", aggregation_}, {"advertised", advertised}}, answer);
          !refused.empty()) {
        return refused;
      }
      for (const auto& s : answer["shares"]) {
        if (auto shares = secure::parse_encrypted_shares(s.dump())) (void)aggregator_->receive(*shares);
      }
    }
    return "";
  }
  std::string share() { return share(advertised_); }

  std::string mask() {
    EXPECT_TRUE(aggregator_->close_shares());
    for (std::size_t i = 0; i < sites_.size(); ++i) {
      auto for_site = aggregator_->shares_for(index_of(sites_[i]));
      if (!for_site) return for_site.error().message;
      json shares = json::array();
      for (const auto& s : *for_site) shares.push_back(json::parse(secure::serialize(s)));
      json answer;
      if (auto refused = post(sites_[i], "/model/round/mask", {{"aggregation", aggregation_}, {"shares", shares}}, answer);
          !refused.empty()) {
        return refused;
      }
      EXPECT_TRUE(aggregator_->receive(*secure::parse_masked_input(answer["masked"].dump())));
    }
    auto request = aggregator_->close_inputs();
    EXPECT_TRUE(request);
    request_ = *request;
    return "";
  }
  [[nodiscard]] const secure::UnmaskRequest& request() const { return request_; }

  // Asks site k to unmask for `request`; its shares go to the aggregator.
  std::string unmask(int k, const secure::UnmaskRequest& request) {
    json answer;
    if (auto refused = post(k, "/model/round/unmask",
                            {{"aggregation", aggregation_}, {"request", json::parse(secure::serialize(request))}}, answer);
        !refused.empty()) {
      return refused;
    }
    EXPECT_TRUE(aggregator_->receive(*secure::parse_unmask_shares(answer["unmask"].dump())));
    return "";
  }
  core::Result<secure::AggregateResult> finish() { return aggregator_->finish(); }

 private:
  secure::SecAggParams params() const {
    return {aggregation_, static_cast<std::uint32_t>(participants_.size()), threshold_, 0, length_, 64};
  }
  std::uint32_t index_of(int k) const {
    const auto name = fmt::format("site_{}", k);
    return static_cast<std::uint32_t>(std::find(participants_.begin(), participants_.end(), name) - participants_.begin() + 1);
  }
  std::string post(int k, const std::string& path, const json& body, json& answer) {
    auto reply = who_.client(k).post(path, body);
    if (!reply) return reply.error().message;
    answer = *reply;
    return "";
  }

  Attacker& who_;
  std::string aggregation_;
  std::vector<std::string> participants_;
  std::vector<int> sites_;
  std::uint32_t threshold_;
  std::string filter_;
  std::uint32_t claimed_index_ = 0;
  std::uint32_t length_ = 0;
  json advertised_ = json::array();
  std::optional<secure::SecAggAggregator> aggregator_;
  secure::UnmaskRequest request_;
};

// `keys` with a statement for participant 2 ('site_2') of `round`, signed with the key of
// certificate holder `signer`.
json forged_advertisement(const secure::AdvertiseKeys& keys, const node::RoundContext& round, const std::string& signer) {
  node::AdvertisementClaim claim{round, "site_2", 2, node::keys_digest(keys), 0};
  auto key = node::StatementSigner::open(testing::world().key(signer));
  EXPECT_TRUE(key);
  auto statement = key->sign(node::statement_text(claim));
  EXPECT_TRUE(statement);
  return node::to_json(node::SignedAdvertisement{keys, *statement});
}

void expect_refused(const std::string& refusal, const std::string& reason) {
  EXPECT_NE(refusal.find(reason), std::string::npos) << "refusal: " << refusal << "\nexpected: " << reason;
}

class ModelAttackTest : public ::testing::Test {
 protected:
  node::testing::ScratchDir dir_;
};

TEST_F(ModelAttackTest, TheResearcherCannotPlayAParticipant) {
  NodeProcesses3 nodes(dir_.str(), NodeProcesses3::Key::none);
  Attacker alice("alice", nodes.ports());
  // site_1 in a round of two, the researcher playing site_2 with zeros: the "sum" would be
  // site_1's statistics.
  HandRound round(alice, "m1", {"site_1", "site_2"}, {1});
  ASSERT_EQ(round.advertise(), "");
  auto simulated = secure::SecAggParticipant::create({"m1", 2, 2, 0, round.length(), 64}, 2);
  ASSERT_TRUE(simulated);
  const json unsigned_keys = {{"advertise", json::parse(secure::serialize(simulated->advertise()))}};
  expect_refused(round.share(json::array({round.advertised()[0], unsigned_keys})),
                 "HTTP 403 bad_advertisement: advertisement of participant 2 ('site_2'): it is not signed");
  // A statement for site_2 signed by the researcher, by another roster node, by a node
  // certificate not on the roster.
  auto claim = node::parse_advertisement(round.advertised()[0]["statement"].get<std::string>());
  ASSERT_TRUE(claim);
  for (const std::string signer : {"alice", "site_3", "coordinator"}) {
    const json forged = forged_advertisement(simulated->advertise(), claim->round, signer);
    expect_refused(round.share(json::array({round.advertised()[0], forged})),
                   "HTTP 403 bad_advertisement: advertisement of participant 2 ('site_2'): the signature of node "
                   "'site_2' does not verify");
  }
  // site_2's real advertisement, but for another round: another aggregation, or the same id
  // with a request over other patients (a filter selecting nobody is refused outright).
  HandRound other_id(alice, "m1b", {"site_1", "site_2"}, {2});
  ASSERT_EQ(other_id.advertise(), "");
  expect_refused(round.share(json::array({round.advertised()[0], other_id.advertised()[0]})),
                 "HTTP 403 bad_advertisement: advertisement of participant 2 ('site_2'): its statement has aggregation "
                 "\"m1b\", not \"m1\"");
  HandRound other_patients(alice, "m1", {"site_1", "site_2"}, {2}, 2, "sex = 1");
  ASSERT_EQ(other_patients.advertise(), "");
  expect_refused(round.share(json::array({round.advertised()[0], other_patients.advertised()[0]})),
                 "HTTP 403 bad_advertisement: advertisement of participant 2 ('site_2'): its statement has round_digest");
  // Dropping the simulated participant leaves too few.
  expect_refused(round.share(json::array({round.advertised()[0]})),
                 "HTTP 403 too_few_participants: 1 verified participant(s) advertised; this round needs at least 2");
}

TEST_F(ModelAttackTest, TheParticipantListIsOfDistinctRosterNodes) {
  NodeProcesses3 nodes(dir_.str(), NodeProcesses3::Key::none);
  Attacker alice("alice", nodes.ports());
  expect_refused(HandRound(alice, "m2", {"site_1", "coordinator"}, {1}).advertise(),
                 "HTTP 403 not_on_roster: participant 'coordinator' is not on this node's roster");
  expect_refused(HandRound(alice, "m2", {"site_1", "alice", "site_2"}, {1}).advertise(),
                 "HTTP 403 not_on_roster: participant 'alice' is not on this node's roster");
  expect_refused(HandRound(alice, "m2", {"site_1", "site_1"}, {1}).advertise(),
                 "HTTP 403 duplicate_participant: participant 'site_1' is listed twice");
  expect_refused(HandRound(alice, "m2", {"site_2", "site_1"}, {1}).claiming_index(1).advertise(),
                 "HTTP 403 wrong_index: participant 1 is 'site_2', not this node ('site_1')");
  expect_refused(HandRound(alice, "m2", {"site_2", "site_3"}, {1}).claiming_index(3).advertise(),
                 "HTTP 403 wrong_index: index 3 is outside the list of 2 participants");
}

TEST_F(ModelAttackTest, ARoundOfOneNodeIsRefused) {
  NodeProcesses3 nodes(dir_.str(), NodeProcesses3::Key::none);
  Attacker alice("alice", nodes.ports());
  expect_refused(HandRound(alice, "m3", {"site_1"}, {1}, 1).advertise(),
                 "HTTP 403 too_few_contributors: this node takes part only in sums over at least 2 nodes; got 1");
}

TEST_F(ModelAttackTest, AThresholdBelowMinContributorsIsRefused) {
  NodeProcesses3 nodes(dir_.str(), NodeProcesses3::Key::none);
  Attacker alice("alice", nodes.ports());
  expect_refused(HandRound(alice, "m4", testing::site_names(), {1, 2, 3}, 1).advertise(),
                 "HTTP 403 threshold_too_low: threshold 1 is below the 2 nodes a sum must combine here");
}

TEST_F(ModelAttackTest, AnotherResearcherCannotReuseAnAggregationId) {
  NodeProcesses3 nodes(dir_.str(), NodeProcesses3::Key::none);
  Attacker alice("alice", nodes.ports());
  Attacker bob(testing::bob(), nodes.ports());
  HandRound owner(alice, "m5", testing::site_names(), {1, 2, 3});
  ASSERT_EQ(owner.advertise(), "");
  HandRound thief(bob, "m5", testing::site_names(), {1, 2, 3});
  expect_refused(thief.advertise(), "HTTP 409 aggregation_id_in_use: aggregation id 'm5' is in use: take a fresh one");
  auto share = bob.client(1).post("/model/round/share", {{"aggregation", "m5"}, {"advertised", owner.advertised()}});
  ASSERT_FALSE(share);
  expect_refused(share.error().message, "HTTP 403 not_your_query: model round 'm5' was opened by another researcher");
  // alice's round is undisturbed and sums the three sites.
  ASSERT_EQ(owner.share(), "");
  ASSERT_EQ(owner.mask(), "");
  for (int k : {1, 2, 3}) ASSERT_EQ(owner.unmask(k, owner.request()), "");
  auto sum = owner.finish();
  ASSERT_TRUE(sum) << sum.error().to_string();
  std::vector<double> expected(owner.length(), 0.0);
  for (int k : {1, 2, 3}) {
    const auto answer = site_answer(k);
    for (std::size_t i = 0; i < expected.size(); ++i) expected[i] += answer.at(i);
  }
  ASSERT_EQ(sum->sum.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(sum->sum[i], expected[i], 1e-6) << i;
}

TEST_F(ModelAttackTest, UnmaskingForOneSurvivorIsRefused) {
  NodeProcesses3 nodes(dir_.str(), NodeProcesses3::Key::none);
  Attacker alice("alice", nodes.ports());
  HandRound round(alice, "m6", testing::site_names(), {1, 2, 3});
  ASSERT_EQ(round.advertise(), "");
  ASSERT_EQ(round.share(), "");
  ASSERT_EQ(round.mask(), "");
  expect_refused(round.unmask(1, {"m6", {1}}),
                 "HTTP 403 too_few_survivors: unmasking a sum of 1 survivor(s) is refused: this round needs at least 2");
}

}  // namespace
}  // namespace oncoshare::coordinator
