// A curious researcher against nodes under their default policy, with the official client
// and with hand-written requests: each attack of issue "disclosure control on every
// channel" that once released one patient's value, now refused by the nodes themselves.
#include <gtest/gtest.h>

#include "coordinator/attack_support.hpp"
#include "coordinator/policy_federation.hpp"
#include "coordinator/study_run.hpp"
#include "node/node_test_support.hpp"
#include "query_channels.hpp"

namespace oncoshare::coordinator {
namespace {

using nlohmann::json;
using testing::PolicyFederation;
using testing::WireAnswer;
using testing::WireClient;
using testing::dataset_toml;

const json kPurpose = {{"use", "HMB"}, {"irb_approved", true}};

class DisclosureAttackTest : public ::testing::Test {
 protected:
  node::testing::ScratchDir dir_;
};

::testing::AssertionResult refused(const WireAnswer& answer, int status, const std::string& error,
                                   const std::string& reason_part) {
  if (answer.status == status && answer.error() == error && answer.reason().find(reason_part) != std::string::npos) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "expected " << status << " " << error << " '" << reason_part << "', got "
                                       << answer.status << " " << answer.text;
}

// study.toml asking for min_cell_size = 1 made the official client print pooled cells of
// 1, 2 and 4; the nodes now refuse a request asking for less than their policy. Tried with
// the official client (`oncoshare study run`) and with the study library it uses.
TEST_F(DisclosureAttackTest, AStudyAskingForCellsOfOneIsRefusedByTheNodes) {
  PolicyFederation nodes(dir_.str(), [](int k) { return dataset_toml(k, "registry", ""); });
  const std::string toml = fmt::format(
      "[study]\ndataset = \"registry\"\npurpose = {{ use = \"HMB\", irb_approved = true }}\nmode = \"plaintext\"\n"
      "min_cell_size = 1\n[[query]]\nname = \"by stage\"\ntype = \"crosstab\"\nrows = \"stage_group\"\n{}",
      testing::federation_toml("alice", nodes.ports()));
  const std::string expected =
      "less_protection_than_policy: field 'min_cell_size': 1 is below this dataset's minimum cell size 5";
  node::testing::write_file(dir_ / "study.toml", toml);
  const auto cli = node::testing::run(fmt::format("{} study run {}", ONCOSHARE_BINARY, dir_ / "study.toml"));
  EXPECT_NE(cli.exit_code, 0) << cli.output;
  EXPECT_NE(cli.output.find(expected), std::string::npos) << cli.output;

  auto spec = parse_study(toml, "study.toml", "");
  ASSERT_TRUE(spec) << spec.error().to_string();
  EXPECT_EQ(spec->min_cell_size, 1);
  auto result = run_study(*spec);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find(expected), std::string::npos) << result.error().message;
}

// Histogram edges [0, 94, 95, 200] and a grid [d-1, d, 100000] isolate the patients of one
// year or one day; the nodes refuse bins and grid steps finer than their policy.
TEST_F(DisclosureAttackTest, NarrowBinsAndFineGridsAreRefused) {
  PolicyFederation nodes(dir_.str(), [](int k) { return dataset_toml(k, "registry", ""); });
  WireClient alice(nodes.port(1), "alice", 1);
  const json base = {{"dataset", "registry"}, {"purpose", kPurpose}};
  json histogram = base;
  histogram.update({{"variable", "age_dx"}, {"edges", {0, 94, 95, 200}}});
  EXPECT_TRUE(refused(alice.post("/query/histogram", histogram), 403, "bins_too_narrow",
                      "field 'edges': bin edges must be at least 5 apart (dataset policy)"));
  json km = base;
  km.update({{"grid", {946, 947, 100000}}});
  EXPECT_TRUE(refused(alice.post("/query/km", km), 403, "grid_too_fine",
                      "field 'grid': grid points must be at least 30 apart (dataset policy)"));
  km["grid"] = {10, 100000};  // the first interval starts at day 0
  EXPECT_TRUE(refused(alice.post("/query/km", km), 403, "grid_too_fine", "at least 30 apart"));
  // A coarse histogram is answered, with noise and a charge to the budget.
  histogram["edges"] = {0, 40, 60, 80, 120};
  WireAnswer answered = alice.post("/query/histogram", histogram);
  ASSERT_EQ(answered.status, 200) << answered.text;
  EXPECT_EQ(answered.body["noise"]["epsilon"], "0.5");
  EXPECT_EQ(answered.body["budget_remaining"], "9.5");
}

// Exact answers (allowed explicitly) put their edges and grid points on the policy's
// lattice, so two answers cannot be shifted against each other by a sliver.
TEST_F(DisclosureAttackTest, ExactAnswersKeepBinsOnTheLattice) {
  PolicyFederation nodes(dir_.str(), [](int k) { return dataset_toml(k, "registry", "dp_epsilon = \"0\"\nexact_answers = true\n"); });
  WireClient alice(nodes.port(1), "alice", 1);
  json histogram = {{"dataset", "registry"}, {"purpose", kPurpose}, {"variable", "age_dx"}, {"edges", {0, 42, 60, 120}}};
  EXPECT_TRUE(refused(alice.post("/query/histogram", histogram), 403, "bins_too_narrow",
                      "exact answers need bin edges on multiples of 5 (dataset policy)"));
  histogram["edges"] = {0, 40, 60, 120};
  EXPECT_EQ(alice.post("/query/histogram", histogram).status, 200);
}

// An exact encrypted answer cannot have its pooled cells checked against k; every node's
// own cells must be 0 or at least k, so every sum of them is too.
TEST_F(DisclosureAttackTest, ExactEncryptedAnswersWithSmallCellsAtANodeAreRefused) {
  PolicyFederation nodes(dir_.str(), [](int k) { return dataset_toml(k, "registry", "dp_epsilon = \"0\"\nexact_answers = true\n"); });
  (void)testing::make_key(nodes.ports(), 2);
  WireClient alice(nodes.port(1), "alice", 1);
  json km = {{"dataset", "registry"}, {"purpose", kPurpose}, {"mode", "encrypted"}, {"query_id", "km-small"},
             {"grid", {30, 60, 90}}};
  EXPECT_TRUE(refused(alice.post("/query/km", km), 403, "small_cells",
                      "an exact encrypted answer may not hold cells below 5 at any node"));
  json count = {{"dataset", "registry"}, {"purpose", kPurpose}, {"mode", "encrypted"}, {"query_id", "count-large"}};
  WireAnswer answered = alice.post("/query/count", count);
  EXPECT_EQ(answered.status, 200) << answered.text;
}

// The small-cell boundary under encryption, on every query type: a node's smallest released
// cell v (read from its answer in clear to the same query) makes an exact encrypted answer
// asking for k = v + 1 refused and one asking for k = v answered.
TEST_F(DisclosureAttackTest, TheEncryptedSmallCellBoundaryHoldsOnEveryQueryType) {
  PolicyFederation nodes(dir_.str(), [](int k) { return dataset_toml(k, "registry", "dp_epsilon = \"0\"\nexact_answers = true\n"); });
  (void)testing::make_key(nodes.ports(), 2);
  WireClient alice(nodes.port(1), "alice", 1);
  const json base = {{"dataset", "registry"}, {"purpose", kPurpose}};
  // Per query type, candidate parameters: the first whose answer in clear withholds no cell.
  const std::vector<std::pair<std::string, std::vector<json>>> channels = {
      {"count", {json::object()}},
      {"crosstab", {{{"rows", "sex"}}}},
      {"histogram", {{{"variable", "age_dx"}, {"edges", {0, 60, 120}}}, {{"variable", "age_dx"}, {"edges", {0, 120}}}}},
      {"km", {{{"grid", {1800, 3600, 7200}}}, {{"grid", {1800, 3600}}}, {{"grid", {1800}}}, {{"grid", {3600}}}}}};
  int id = 0;
  for (const auto& [type, candidates] : channels) {
    json body;
    WireAnswer clear;
    for (const json& params : candidates) {
      body = base;
      body.update(params);
      clear = alice.post("/query/" + type, body);
      ASSERT_EQ(clear.status, 200) << type << ": " << clear.text;
      if (clear.body["suppressed"] == 0) break;
    }
    ASSERT_EQ(clear.body["suppressed"], 0) << type << ": every candidate withholds a cell in clear: " << clear.text;
    std::int64_t v = 0;
    for (const json& cell : clear.body["cells"]) {
      if (cell.get<std::int64_t>() > 0 && (v == 0 || cell.get<std::int64_t>() < v)) v = cell.get<std::int64_t>();
    }
    ASSERT_GE(v, 5) << type;
    body["mode"] = "encrypted";
    body["min_cell_size"] = v + 1;
    body["query_id"] = fmt::format("boundary-{}", ++id);
    EXPECT_TRUE(refused(alice.post("/query/" + type, body), 403, "small_cells",
                        fmt::format("an exact encrypted answer may not hold cells below {} at any node", v + 1)))
        << type << " k = " << v + 1;
    body["min_cell_size"] = v;
    body["query_id"] = fmt::format("boundary-{}", ++id);
    const WireAnswer released = alice.post("/query/" + type, body);
    EXPECT_EQ(released.status, 200) << type << " k = " << v << ": " << released.text;
    EXPECT_EQ(released.body["ciphertexts"]["count"], clear.body["cells"].size()) << type;
  }
}

// The small-cell boundary of noisy answers in clear, on every query type: a cell whose exact
// value is v (read from an exact dataset over the same export) is withheld when the request
// asks for k = v + 1 and released, with its noise, at k = v.
TEST_F(DisclosureAttackTest, TheSmallCellBoundaryHoldsForNoisyAnswers) {
  PolicyFederation nodes(dir_.str(), [](int k) {
    return dataset_toml(k, "exact", "dp_epsilon = \"0\"\nexact_answers = true\ndp_budget = \"100\"\n") +
           dataset_toml(k, "noisy", "dp_budget = \"100\"\n");
  });
  WireClient alice(nodes.port(1), "alice", 1);
  for (const auto& [type, params] : ::oncoshare::test::query_channels()) {
    json body = {{"dataset", "exact"}, {"purpose", kPurpose}};
    body.update(params);
    const WireAnswer exact = alice.post("/query/" + type, body);
    ASSERT_EQ(exact.status, 200) << type << ": " << exact.text;
    std::size_t cell = 0;
    const json& cells = exact.body["cells"];
    while (cell < cells.size() && !(cells[cell].is_number() && cells[cell].get<std::int64_t>() >= 5)) ++cell;
    ASSERT_LT(cell, cells.size()) << type << ": no released cell of 5 or more";
    const std::int64_t v = cells[cell].get<std::int64_t>();
    body["dataset"] = "noisy";
    body["min_cell_size"] = v + 1;
    const WireAnswer withheld = alice.post("/query/" + type, body);
    ASSERT_EQ(withheld.status, 200) << type << ": " << withheld.text;
    EXPECT_TRUE(withheld.body["cells"][cell].is_null()) << type << " k = " << v + 1 << ": " << withheld.text;
    EXPECT_EQ(withheld.body["noise"]["epsilon"], "0.5") << type;
    body["min_cell_size"] = v;
    const WireAnswer released = alice.post("/query/" + type, body);
    ASSERT_EQ(released.status, 200) << type << ": " << released.text;
    EXPECT_TRUE(released.body["cells"][cell].is_number()) << type << " k = " << v << ": " << released.text;
  }
}

// The budget belongs to the researcher's identity on the data source: a second dataset id
// over the same exports, or a second certificate under the same subject and CA, does not
// start afresh. A second person (another subject) has a budget of their own.
TEST_F(DisclosureAttackTest, TheBudgetFollowsTheDataAndThePersonNotTheNames) {
  const std::string policy = "dp_epsilon = \"0.5\"\ndp_budget = \"1\"\n";
  // registry_copy reads a copy of the export under another file name.
  PolicyFederation nodes(dir_.str(), [&](int k) {
    const std::string original = testing::world().site_export(k);
    const std::string copied = fmt::format("{}/copy_of_site_{}.csv", dir_.str(), k);
    std::filesystem::copy_file(original, copied, std::filesystem::copy_options::overwrite_existing);
    std::string copy = dataset_toml(k, "registry_copy", "dp_epsilon = \"0.5\"\ndp_budget = \"5\"\n");
    copy.replace(copy.find(original), original.size(), copied);
    return dataset_toml(k, "registry", policy) + copy;
  });
  const json count = {{"dataset", "registry"}, {"purpose", kPurpose}};
  json copy = count;
  copy["dataset"] = "registry_copy";
  WireClient alice(nodes.port(1), "alice", 1);
  EXPECT_EQ(alice.post("/query/count", count).body["budget_remaining"], "0.5");
  // The copy's larger budget does not apply: the smallest over the data source does.
  EXPECT_EQ(alice.post("/query/count", copy).body["budget_remaining"], "0");
  EXPECT_TRUE(refused(alice.post("/query/count", copy), 403, "budget_exceeded", "remaining 0 of 1"));
  // alice's second certificate (same subject, same CA) finds the budget spent.
  const std::string second = dir_.str() + "/alice_again";
  ASSERT_TRUE(node::issue_certificate(testing::world().dir + "/ca", {node::Role::researcher, "alice"}, second));
  WireClient alice_again(nodes.port(1), second + "/alice.crt", second + "/alice.key", "site_1");
  EXPECT_TRUE(refused(alice_again.post("/query/count", count), 403, "budget_exceeded", "remaining 0 of 1"));
  // Model rounds and Beacon draw on the same budget.
  WireAnswer beacon = alice.post("/api/individuals", {{"query", {{"requestParameters", {{"datasetId", "registry"}, {"purpose", kPurpose}}},
                                                                 {"requestedGranularity", "count"}}}});
  EXPECT_EQ(beacon.status, 403) << beacon.text;
  EXPECT_NE(beacon.text.find("budget_exceeded"), std::string::npos) << beacon.text;
  // bob is another person: his budget is untouched.
  WireClient bob(nodes.port(1), testing::bob(), 1);
  EXPECT_EQ(bob.post("/query/count", count).body["budget_remaining"], "0.5");
}

// Differencing under noise: count(stage 4) minus count(stage 4 and age < 85) is one noisy
// patient per pair, and each pair costs two answers: the budget ends the series.
TEST_F(DisclosureAttackTest, ASeriesOfDifferencingQueriesRunsOutOfBudget) {
  PolicyFederation nodes(dir_.str(), [](int k) { return dataset_toml(k, "registry", "dp_budget = \"2\"\n"); });
  WireClient alice(nodes.port(1), "alice", 1);
  int answered = 0;
  std::string last;
  for (int age = 85; age < 95; ++age) {
    for (const std::string& filter : {std::string("stage_group = 4"), fmt::format("stage_group = 4 and age_dx < {}", age)}) {
      WireAnswer a = alice.post("/query/count", {{"dataset", "registry"}, {"purpose", kPurpose}, {"filter", filter}});
      if (a.status == 200) ++answered;
      last = a.text;
    }
  }
  EXPECT_EQ(answered, 4);  // 2 / 0.5
  EXPECT_NE(last.find("budget_exceeded"), std::string::npos) << last;
  EXPECT_NE(last.find("remaining 0 of 2"), std::string::npos) << last;
}

}  // namespace
}  // namespace oncoshare::coordinator
