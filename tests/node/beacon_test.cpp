// Beacon /api/individuals over real mutual TLS: filter ids cannot inject, the minimum cell
// size bounds count answers, every answer charges the budget and carries noise of the
// configured scale unless the policy asks for exact answers (issue 14, part 7).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "node/beacon_test_support.hpp"

namespace oncoshare::node {
namespace {

using nlohmann::json;
using testing::beacon_client;
using testing::beacon_error_message;
using testing::beacon_get;
using testing::beacon_post;
using testing::BeaconNode;
using testing::export_column;
using testing::individuals_request;

const json kSexFemale = json::array({{{"id", "sex"}, {"operator", "="}, {"value", "2"}}});

std::int64_t count_of(const std::vector<std::string>& values, const std::string& wanted) {
  return std::count(values.begin(), values.end(), wanted);
}

// The patients of the export aged a..b at diagnosis.
std::int64_t aged(const std::vector<std::string>& ages, int a, int b) {
  return std::count_if(ages.begin(), ages.end(), [&](const std::string& age) {
    return !age.empty() && std::stoi(age) >= a && std::stoi(age) <= b;
  });
}

json age_window(int a, int b) {
  return json::array({{{"id", "age_dx"}, {"operator", ">="}, {"value", a}},
                      {{"id", "age_dx"}, {"operator", "<="}, {"value", b}}});
}

class BeaconTest : public ::testing::Test {
 protected:
  testing::ScratchDir dir_;
};

TEST_F(BeaconTest, InjectedFilterIdIsRefusedAndCannotWidenTheCount) {
  BeaconNode node(dir_, testing::kExactPolicy);
  auto alice = beacon_client(node.port(), "alice");
  const std::vector<std::string> sex = export_column("sex");
  ASSERT_EQ(sex.size(), 300u);

  auto answer = beacon_post(*alice, "/api/individuals", individuals_request(kSexFemale, "count"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.body["responseSummary"]["numTotalResults"], count_of(sex, "2"));
  EXPECT_LT(count_of(sex, "2"), 300);  // an OR over both sexes would count everyone

  // Pasted into filter text, this id would read [sex] = '1' or [sex] = '2'.
  const json injected = json::array({{{"id", "sex] = '1' or [sex"}, {"operator", "="}, {"value", "2"}}});
  answer = beacon_post(*alice, "/api/individuals", individuals_request(injected, "count"));
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(answer.body["error"]["errorCode"], 400);
  EXPECT_EQ(beacon_error_message(answer),
            "bad_filter: query.filters: field 'filters[0]': unknown variable 'sex] = '1' or [sex'");
  EXPECT_FALSE(answer.body.contains("responseSummary"));

  answer = beacon_get(*alice, "/api/individuals",
                      {{"filters", "sex] = '1' or [sex=2"}, {"requestedGranularity", "count"}, {"purpose", "HMB"}});
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(beacon_error_message(answer),
            "bad_filter: query.filters: field 'filters[0]': unknown variable 'sex] '");

  // A value is one literal, whatever quotes it holds.
  const json quoted = json::array({{{"id", "sex"}, {"operator", "="}, {"value", "2' or sex = '1"}}});
  answer = beacon_post(*alice, "/api/individuals", individuals_request(quoted, "count"));
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(beacon_error_message(answer), "bad_filter: query.filters: field 'filters[0]': '2' or sex = '1' is not a "
                                          "choice code or label of 'sex'");

  // The GET form goes through the same terms: the same count, filters echoed as strings.
  answer = beacon_get(*alice, "/api/individuals", {{"filters", "sex=2"}, {"requestedGranularity", "count"}, {"purpose", "HMB"}});
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.body["responseSummary"]["numTotalResults"], count_of(sex, "2"));
  EXPECT_EQ(answer.body["meta"]["receivedRequestSummary"]["filters"], json::array({"sex=2"}));
}

TEST_F(BeaconTest, UnknownIdIsRefusedNamingItCutWhenLong) {
  BeaconNode node(dir_, testing::kExactPolicy);
  auto alice = beacon_client(node.port(), "alice");
  auto answer = beacon_post(*alice, "/api/individuals",
                            individuals_request(json::array({kSexFemale[0], {{"id", "tnm"}, {"value", "1"}}}), "boolean"));
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(beacon_error_message(answer), "bad_filter: query.filters: field 'filters[1]': unknown variable 'tnm'");

  const std::string long_id = std::string(64, 'x') + std::string(500, 'y');
  answer = beacon_post(*alice, "/api/individuals", individuals_request(json::array({{{"id", long_id}, {"value", "1"}}}), "boolean"));
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(beacon_error_message(answer),
            "bad_filter: query.filters: field 'filters[0]': unknown variable '" + std::string(64, 'x') + "...'");
}

TEST_F(BeaconTest, ExactCountBelowTheCellSizeIsAnsweredBooleanOnly) {
  BeaconNode node(dir_, testing::kExactPolicy);
  auto alice = beacon_client(node.port(), "alice");
  const std::vector<std::string> ages = export_column("age_dx");
  // Age windows holding exactly k - 1 = 4 and k = 5 patients, found in the export.
  std::map<std::int64_t, std::pair<int, int>> window_of;
  for (int a = 0; a < 120; ++a) {
    for (int b = a; b < 120; ++b) window_of.emplace(aged(ages, a, b), std::pair{a, b});
  }
  ASSERT_TRUE(window_of.contains(4) && window_of.contains(5));

  auto [a4, b4] = window_of[4];
  auto answer = beacon_post(*alice, "/api/individuals", individuals_request(age_window(a4, b4), "count"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.body["meta"]["returnedGranularity"], "boolean");
  EXPECT_EQ(answer.body["meta"]["receivedRequestSummary"]["requestedGranularity"], "count");
  EXPECT_EQ(answer.body["responseSummary"], json({{"exists", true}}));

  auto [a5, b5] = window_of[5];
  answer = beacon_post(*alice, "/api/individuals", individuals_request(age_window(a5, b5), "count"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.body["meta"]["returnedGranularity"], "count");
  EXPECT_EQ(answer.body["responseSummary"], json({{"exists", true}, {"numTotalResults", 5}}));
  EXPECT_EQ(answer.body["info"]["noise"], nullptr);

  answer = beacon_post(*alice, "/api/individuals", individuals_request(age_window(150, 200), "count"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.body["responseSummary"], json({{"exists", false}}));

  // A request may ask for a larger cell size, never a smaller one.
  json request = individuals_request(age_window(a5, b5), "count");
  request["query"]["requestParameters"]["min_cell_size"] = 6;
  answer = beacon_post(*alice, "/api/individuals", request);
  EXPECT_EQ(answer.body["meta"]["returnedGranularity"], "boolean");
  request["query"]["requestParameters"]["min_cell_size"] = 4;
  answer = beacon_post(*alice, "/api/individuals", request);
  EXPECT_EQ(answer.status, 403);
  EXPECT_EQ(beacon_error_message(answer),
            "less_protection_than_policy: field 'min_cell_size': 4 is below this dataset's minimum cell size 5; "
            "a request can only ask for more protection");
}

TEST_F(BeaconTest, ExactCountsDifferingByFewerThanTheCellSizeAreRefused) {
  BeaconNode node(dir_, testing::kExactPolicy);
  auto alice = beacon_client(node.port(), "alice");
  const std::vector<std::string> sex = export_column("sex");
  const std::vector<std::string> ages = export_column("age_dx");
  // An age held by 1..4 women: all women, then all women but those, differ by that few.
  std::map<std::string, int> women_aged;
  for (std::size_t i = 0; i < sex.size(); ++i) {
    if (sex[i] == "2") ++women_aged[ages[i]];
  }
  auto few = std::find_if(women_aged.begin(), women_aged.end(),
                          [](const auto& entry) { return !entry.first.empty() && entry.second < 5; });
  ASSERT_NE(few, women_aged.end());

  auto answer = beacon_post(*alice, "/api/individuals", individuals_request(kSexFemale, "count"));
  ASSERT_EQ(answer.body["meta"]["returnedGranularity"], "count");
  json narrower = kSexFemale;
  narrower.push_back({{"id", "age_dx"}, {"operator", "!"}, {"value", few->first}});
  answer = beacon_post(*alice, "/api/individuals", individuals_request(narrower, "count"));
  EXPECT_EQ(answer.status, 403);
  EXPECT_EQ(beacon_error_message(answer).substr(0, 20), "overlapping_subset: ");
  // The same pair at boolean granularity answers: booleans are not counts.
  answer = beacon_post(*alice, "/api/individuals", individuals_request(narrower, "boolean"));
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body["responseSummary"], json({{"exists", true}}));
}

TEST_F(BeaconTest, EveryAnswerChargesTheBudgetUntilItIsSpent) {
  BeaconNode node(dir_, "dp_epsilon = \"1\"\ndp_budget = \"2\"");
  auto alice = beacon_client(node.port(), "alice");
  auto answer = beacon_post(*alice, "/api/individuals", individuals_request(kSexFemale, "boolean"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.body["info"]["budget_remaining"], "1");
  EXPECT_EQ(answer.body["info"]["noise"]["epsilon"], "1");

  answer = beacon_get(*alice, "/api/individuals", {{"filters", "sex=2"}, {"requestedGranularity", "count"}, {"purpose", "HMB"}});
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.body["info"]["budget_remaining"], "0");

  answer = beacon_post(*alice, "/api/individuals", individuals_request(kSexFemale, "boolean"));
  EXPECT_EQ(answer.status, 403);
  EXPECT_EQ(answer.body["error"]["errorCode"], 403);
  EXPECT_EQ(beacon_error_message(answer), "budget_exceeded: privacy budget exceeded: requested 1, remaining 0 of 2");
  EXPECT_FALSE(answer.body.contains("responseSummary"));
}

TEST_F(BeaconTest, NoisyCountsVaryWithTheConfiguredScale) {
  BeaconNode node(dir_, "dp_epsilon = \"0.5\"\ndp_budget = \"100\"");
  auto alice = beacon_client(node.port(), "alice");
  const std::int64_t exact = count_of(export_column("sex"), "2");
  constexpr int kRepeats = 40;
  std::vector<double> released;
  for (int i = 0; i < kRepeats; ++i) {
    auto answer = beacon_post(*alice, "/api/individuals", individuals_request(kSexFemale, "count"));
    ASSERT_EQ(answer.status, 200) << answer.body;
    ASSERT_EQ(answer.body["meta"]["returnedGranularity"], "count");
    released.push_back(answer.body["responseSummary"]["numTotalResults"].get<double>());
  }
  EXPECT_GT(std::set<double>(released.begin(), released.end()).size(), 1u);
  const double mean = std::accumulate(released.begin(), released.end(), 0.0) / kRepeats;
  double squares = 0;
  for (double r : released) squares += (r - mean) * (r - mean);
  const double variance = squares / (kRepeats - 1);
  const double expected = 2 * (1 / 0.5) * (1 / 0.5);  // Skellam with Laplace(1/epsilon)'s variance
  EXPECT_GT(variance, expected / 3);
  EXPECT_LT(variance, expected * 3);
  EXPECT_NEAR(mean, static_cast<double>(exact), 3.0);  // about 7 standard errors
}

}  // namespace
}  // namespace oncoshare::node
