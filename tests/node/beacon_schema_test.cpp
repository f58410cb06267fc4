// Every Beacon response of a running node validates against the official Beacon v2
// framework schemas (draft 2020-12), checked by an independent validator: Ajv, installed
// from npm on first use (tests/node/beacon_validator/run.sh). The schemas are in the shared
// fixtures, outside the repository: the test is skipped when that folder is absent.
#include <gtest/gtest.h>

#include <map>

#include "node/beacon_test_support.hpp"
#include "shared_fixtures.hpp"

namespace oncoshare::node {
namespace {

using nlohmann::json;
using testing::beacon_client;
using testing::beacon_get;
using testing::beacon_post;
using testing::HttpAnswer;
using testing::individuals_request;

// Writes each response to <dir>/<name>.json with a manifest naming its schema, and returns
// the oracle's verdict per file against the schemas in `schemas`.
json validate(const std::string& schemas, const testing::ScratchDir& dir,
              const std::map<std::string, std::pair<json, std::string>>& responses) {
  json manifest = json::object();
  for (const auto& [name, response] : responses) {
    testing::write_file(dir / (name + ".json"), response.first.dump(1));
    manifest[name + ".json"] = "responses/" + response.second + ".json";
  }
  testing::write_file(dir / "manifest.json", manifest.dump());
  const auto run = testing::run(std::string(ONCOSHARE_SOURCE_DIR) + "/tests/node/beacon_validator/run.sh " + schemas +
                                " " + dir.str());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  // npm may print to stderr on the first install; the verdict is the JSON object at the end.
  const std::size_t start = run.output.rfind("\n{");
  return json::parse(run.output.substr(start == std::string::npos ? 0 : start), nullptr, false);
}

TEST(BeaconSchema, EveryResponseOfARunningNodeValidates) {
  const std::string schemas = fixtures::shared_fixture("beacon-v2", "json");
  testing::ScratchDir dir;
  testing::BeaconNode node(dir, "dp_epsilon = \"0.5\"\ndp_budget = \"100\"");
  auto alice = beacon_client(node.port(), "alice");
  std::map<std::string, std::pair<json, std::string>> responses;
  auto keep = [&](const std::string& name, const HttpAnswer& answer, int status, const std::string& schema) {
    EXPECT_EQ(answer.status, status) << name << ": " << answer.body;
    responses[name] = {answer.body, schema};
  };
  keep("info", beacon_get(*alice, "/api/info"), 200, "beaconInfoResponse");
  keep("map", beacon_get(*alice, "/api/map"), 200, "beaconMapResponse");
  EXPECT_EQ(responses["map"].first["response"]["endpointSets"]["individual"]["rootUrl"],
            "https://127.0.0.1:" + std::to_string(node.port()) + "/api/individuals");
  keep("filtering_terms", beacon_get(*alice, "/api/filtering_terms"), 200, "beaconFilteringTermsResponse");

  const json female = json::array({{{"id", "sex"}, {"operator", "="}, {"value", "2"}}});
  keep("boolean", beacon_post(*alice, "/api/individuals", individuals_request(female, "boolean")), 200,
       "beaconBooleanResponse");
  keep("count", beacon_post(*alice, "/api/individuals", individuals_request(female, "count")), 200,
       "beaconCountResponse");
  ASSERT_EQ(responses["count"].first["meta"]["returnedGranularity"], "count");
  keep("count_get",
       beacon_get(*alice, "/api/individuals", {{"filters", "sex=2,age_dx>=40"}, {"requestedGranularity", "count"}, {"purpose", "HMB"}}),
       200, "beaconCountResponse");
  json large_cells = individuals_request(female, "count");
  large_cells["query"]["requestParameters"]["min_cell_size"] = 100000;
  keep("count_as_boolean", beacon_post(*alice, "/api/individuals", large_cells), 200, "beaconBooleanResponse");
  ASSERT_EQ(responses["count_as_boolean"].first["meta"]["returnedGranularity"], "boolean");

  const json unknown = json::array({{{"id", "tnm"}, {"operator", "="}, {"value", "1"}}});
  keep("error_filter", beacon_post(*alice, "/api/individuals", individuals_request(unknown, "count")), 400,
       "beaconErrorResponse");
  json elsewhere = individuals_request(female, "count");
  elsewhere["query"]["requestParameters"]["datasetId"] = "nowhere";
  keep("error_dataset", beacon_post(*alice, "/api/individuals", elsewhere), 404, "beaconErrorResponse");
  keep("error_json", testing::answer_of(alice->Post("/api/individuals", "{\"query\":", "application/json")), 400,
       "beaconErrorResponse");
  auto coordinator = beacon_client(node.port(), "coordinator");  // a node certificate: researchers only
  keep("error_role", beacon_post(*coordinator, "/api/individuals", individuals_request(female, "boolean")), 403,
       "beaconErrorResponse");

  // Controls: the validator rejects what the schemas forbid, e.g. filters echoed as objects.
  json objects = responses["count"].first;
  objects["meta"]["receivedRequestSummary"]["filters"] = female;
  responses["control_filter_objects"] = {objects, "beaconCountResponse"};
  json no_count = responses["count"].first;
  no_count["responseSummary"].erase("numTotalResults");
  responses["control_count_missing"] = {no_count, "beaconCountResponse"};

  const json verdicts = validate(schemas, dir, responses);
  ASSERT_TRUE(verdicts.is_object()) << verdicts;
  EXPECT_EQ(verdicts.size(), responses.size());
  for (const auto& [name, response] : responses) {
    const json& verdict = verdicts[name + ".json"];
    const bool control = name.starts_with("control_");
    EXPECT_EQ(verdict["valid"], !control) << name << " against " << response.second << ": " << verdict["errors"];
  }
}

}  // namespace
}  // namespace oncoshare::node
