// The statement a node signs about an encrypted answer: its text round-trips, the query
// digest ignores what differs per node (nonce, timestamp, query id), and a malformed
// statement is refused naming the field.
#include <gtest/gtest.h>

#include "node/contribution.hpp"

namespace oncoshare::node {
namespace {

using nlohmann::json;

ContributionClaim sample() {
  ContributionClaim c;
  c.node = "site_1";
  c.researcher = "alice";
  c.query_id = "q1";
  c.dataset = "registry";
  c.query = answered_query("count", {{"dataset", "registry"}, {"filter", "sex = 2"}, {"nonce", "n1"}, {"timestamp", 5},
                                     {"query_id", "q1"}});
  c.query_digest = query_digest(c.query);
  c.key_index = 3;
  c.cells = 1;
  c.c1_digest = "c1";
  c.ciphertexts_digest = "ct";
  c.collective_key_sha256 = "key";
  c.software = "0.1.0";
  c.dataset_sha256 = "data";
  c.policy_sha256 = "policy";
  c.time = 1700000000;
  return c;
}

TEST(ContributionTest, StatementsRoundTripAndTheQueryDigestIgnoresPerNodeFields) {
  const ContributionClaim c = sample();
  EXPECT_EQ(c.query, (json{{"dataset", "registry"}, {"filter", "sex = 2"}, {"type", "count"}}));
  const json other_node = {{"dataset", "registry"}, {"filter", "sex = 2"}, {"nonce", "n2"}, {"timestamp", 9}, {"query_id", "q1"}};
  EXPECT_EQ(query_digest(answered_query("count", other_node)), c.query_digest);
  EXPECT_NE(query_digest(answered_query("crosstab", other_node)), c.query_digest);
  auto parsed = parse_contribution(statement_text(c));
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_EQ(statement_text(*parsed), statement_text(c));
  EXPECT_EQ(parsed->key_index, 3u);
  EXPECT_EQ(parsed->time, 1700000000);
}

TEST(ContributionTest, MalformedStatementsNameTheField) {
  const json good = json::parse(statement_text(sample()));
  auto error_of = [](const json& statement) {
    auto parsed = parse_contribution(statement.dump());
    return parsed ? std::string() : parsed.error().message;
  };
  EXPECT_EQ(error_of(json::array()), "not a contribution statement (\"type\": \"oncoshare.contribution.v1\")");
  json negative = good;
  negative["key_index"] = -1;
  EXPECT_EQ(error_of(negative), "contribution statement: field 'key_index' missing or of the wrong type");
  json missing = good;
  missing.erase("researcher");
  EXPECT_EQ(error_of(missing), "contribution statement: field 'researcher' missing or of the wrong type");
  json other_query = good;
  other_query["query"]["filter"] = "sex = 1";
  EXPECT_EQ(error_of(other_query), "contribution statement: 'query_digest' is not the digest of 'query'");
}

}  // namespace
}  // namespace oncoshare::node
