// Federated studies end to end: three nodes over mutual TLS on loopback, a 2-of-3 key from
// the DKG relay, and every answer compared with the same statistic computed in clear on the
// pooled records. Faults: a node down, a node sending a bad decryption share, a slow node.
#include "coordinator/federation_support.hpp"
#include "coordinator/study_report.hpp"

namespace oncoshare::coordinator {
namespace {

using testing::Federation3;
using testing::Interposer;
using nlohmann::json;

class StudyTest : public ::testing::Test {
 protected:
  node::testing::ScratchDir dir_;
};

std::vector<std::vector<std::int64_t>> cells_of(const StudyResult& result) {
  std::vector<std::vector<std::int64_t>> out;
  for (const auto& q : result.queries) out.push_back(q.answer.cells);
  return out;
}

std::string failures_of(const PooledAnswer& answer) {
  std::string out;
  for (const auto& f : answer.failures) out += f.node + ": " + f.reason + "\n";
  return out;
}

TEST_F(StudyTest, EncryptedStudyEqualsThePooledComputation) {
  Federation3 nodes(dir_.str());
  std::vector<int> ports{nodes.port(1), nodes.port(2), nodes.port(3)};
  auto key = testing::make_key(ports, 2);
  EXPECT_EQ(key.params.threshold, 2u);
  EXPECT_EQ(key.qualified, (std::vector<std::uint32_t>{1, 2, 3}));

  auto spec = testing::study(ports);
  auto result = run_study(spec);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(cells_of(*result), testing::pooled_cells(spec, {1, 2, 3}));
  const PooledAnswer& count = result->queries[0].answer;
  EXPECT_GT(count.cells[0], 0);
  EXPECT_EQ(count.contributors, (std::vector<std::string>{"site_1", "site_2", "site_3"}));
  EXPECT_EQ(count.decryptors.size(), 2u);
  EXPECT_TRUE(count.failures.empty()) << failures_of(count);
  EXPECT_NE(count.method.find("threshold decryption by 2 of 3"), std::string::npos) << count.method;
  // The survival query also yields curves and a log-rank test from the pooled counts.
  ASSERT_TRUE(result->queries[4].km);
  EXPECT_EQ(result->queries[4].km->curves.size(), 3u);
  ASSERT_TRUE(result->queries[4].log_rank);
  EXPECT_EQ(result->queries[4].log_rank->df, 2);

  std::string text = study_text(*result);
  EXPECT_NE(text.find(fmt::format("stage_group in (3, 4) and age_dx >= 60  {:>8}", count.cells[0])), std::string::npos) << text;
  json as_json = study_json(*result);
  EXPECT_EQ(as_json["queries"][0]["cells"][0], count.cells[0]);
  EXPECT_EQ(as_json["queries"][4]["kaplan_meier"]["curves"].size(), 3u);
  std::string html = study_html(*result);
  EXPECT_NE(html.find("<svg"), std::string::npos);
}

TEST_F(StudyTest, KeySwitchingWhenNoDatasetAllowsDecryptionInClear) {
  Federation3 nodes(dir_.str(), /*plaintext=*/false);
  std::vector<int> ports{nodes.port(1), nodes.port(2), nodes.port(3)};
  (void)testing::make_key(ports, 2);
  auto spec = testing::study(ports);
  auto result = run_study(spec);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(cells_of(*result), testing::pooled_cells(spec, {1, 2, 3}));
  EXPECT_NE(result->queries[0].answer.method.find("key-switched to this researcher's key by 2 of 3"), std::string::npos);

  // Such datasets refuse plaintext answers: the study says which node refused and why.
  auto plain = run_study(testing::study(ports, "plaintext"));
  ASSERT_FALSE(plain);
  EXPECT_NE(plain.error().message.find("plaintext_not_allowed"), std::string::npos) << plain.error().message;
}

TEST_F(StudyTest, PlaintextModeSumsTheNodesAnswersAndKeepsTheirSuppression) {
  Federation3 nodes(dir_.str());
  std::vector<int> ports{nodes.port(1), nodes.port(2), nodes.port(3)};
  auto spec = testing::study(ports, "plaintext", R"(
[[query]]
name = "by stage"
type = "crosstab"
rows = "stage_group"
columns = "sex"
)");
  auto result = run_study(spec);
  ASSERT_TRUE(result) << result.error().to_string();
  const PooledAnswer& a = result->queries[0].answer;
  auto expected = testing::pooled_cells(spec, {1, 2, 3})[0];
  ASSERT_EQ(a.cells.size(), expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    // A cell any node withheld (0 < n < 5 there) stays withheld; the others are exact.
    if (!a.withheld[k]) EXPECT_EQ(a.cells[k], expected[k]) << k;
    else EXPECT_EQ(cell_text(a, k), "<5");
  }
  EXPECT_NE(a.method.find("in clear"), std::string::npos);
}

// The pooled small-cell rule at its boundary: k - 1 withheld, k shown, 0 shown; survival
// cells are left to the nodes.
TEST(PooledSmallCells, KMinusOneIsWithheldAndKIsShown) {
  PooledAnswer answer;
  answer.query.type = "crosstab";
  answer.min_cell_size = 5;
  answer.cells = {4, 5, 0, 1, 6};
  withhold_small_pooled_cells(answer);
  EXPECT_EQ(answer.withheld, (std::vector<bool>{true, false, false, true, false}));
  answer.query.type = "km";
  answer.withheld.assign(5, false);
  withhold_small_pooled_cells(answer);
  EXPECT_EQ(answer.withheld, std::vector<bool>(5, false));
}

// The study's own minimum goes to the nodes, which withhold their parts below it: a pooled
// count of exactly minimum - 1 is withheld.
TEST_F(StudyTest, PooledCountsBelowTheStudyMinimumAreWithheld) {
  Federation3 nodes(dir_.str());
  std::vector<int> ports{nodes.port(1), nodes.port(2), nodes.port(3)};
  auto spec = testing::study(ports, "plaintext", R"(
[[query]]
name = "women"
type = "count"
filter = "sex = 2"
)");
  const std::int64_t pooled = testing::pooled_cells(spec, {1, 2, 3})[0][0];
  ASSERT_GT(pooled, 15);
  spec.min_cell_size = pooled + 1;
  auto result = run_study(spec);
  ASSERT_TRUE(result) << result.error().to_string();
  const PooledAnswer& a = result->queries[0].answer;
  EXPECT_EQ(a.withheld, std::vector<bool>{true});
  EXPECT_EQ(cell_text(a, 0), fmt::format("<{}", pooled + 1));
}

TEST_F(StudyTest, PlaintextSurvivalCurvesWithWithheldCellsAreRefused) {
  Federation3 nodes(dir_.str(), true, "dp_epsilon = \"0\"\nexact_answers = true\n");
  std::vector<int> ports{nodes.port(1), nodes.port(2), nodes.port(3)};
  auto result = run_study(testing::study(ports, "plaintext", R"(
[[query]]
name = "survival"
type = "km"
grid = [30, 60, 90, 180, 360]
)"));
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("query 'survival': the nodes withheld "), std::string::npos) << result.error().message;
  EXPECT_NE(result.error().message.find("run it with mode = \"encrypted\""), std::string::npos);
}

TEST_F(StudyTest, ANodeDownAfterKeyGenerationIsNamedAndTheOthersStillAnswer) {
  Federation3 nodes(dir_.str());
  std::vector<int> ports{nodes.port(1), nodes.port(2), nodes.port(3)};
  (void)testing::make_key(ports, 2);
  nodes.stop(3);
  auto spec = testing::study(ports);
  auto result = run_study(spec);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->nodes, (std::vector<std::string>{"site_1", "site_2"}));
  ASSERT_EQ(result->unreachable.size(), 1u);
  EXPECT_EQ(result->unreachable[0].node, "site_3");
  EXPECT_NE(result->unreachable[0].reason.find("failed after 1 attempt(s)"), std::string::npos) << result->unreachable[0].reason;
  // The answer covers exactly the two answering sites, and says so.
  EXPECT_EQ(cells_of(*result), testing::pooled_cells(spec, {1, 2}));
  EXPECT_EQ(result->queries[0].answer.contributors, (std::vector<std::string>{"site_1", "site_2"}));
  EXPECT_NE(study_text(*result).find("Unreachable: site_3"), std::string::npos);

  // With require_all_nodes the study stops instead, naming the node.
  spec.require_all_nodes = true;
  auto strict = run_study(spec);
  ASSERT_FALSE(strict);
  EXPECT_NE(strict.error().message.find("node 'site_3'"), std::string::npos) << strict.error().message;

  // Below the threshold nothing can be decrypted: a clear error, never a number.
  nodes.stop(2);
  spec.require_all_nodes = false;
  auto alone = run_study(spec);
  ASSERT_FALSE(alone);
  EXPECT_NE(alone.error().message.find("only 1 node(s) answered; decrypting needs 2 of the 3 key holders"), std::string::npos)
      << alone.error().message;
}

// The "by stage" crosstab with site_1 behind an interposer that commits `fault`; the answer
// must name site_1 alone, with `reason`. Returns the spec and answer for further checks.
std::pair<StudySpec, PooledAnswer> with_a_liar(const std::string& dir, Interposer::Fault fault, const std::string& reason) {
  // Fresh nodes per fault: a node holding a key share refuses a new key generation.
  Federation3 nodes(fmt::format("{}/fault_{}", dir, static_cast<int>(fault)));
  Interposer liar("site_1", nodes.port(1), fault);
  (void)testing::make_key({nodes.port(1), nodes.port(2), nodes.port(3)}, 2);
  auto spec = testing::study({liar.port(), nodes.port(2), nodes.port(3)}, "encrypted", R"(
[[query]]
name = "by stage"
type = "crosstab"
rows = "stage_group"
)");
  auto result = run_study(spec);
  EXPECT_TRUE(result) << result.error().to_string();
  if (!result) return {spec, {}};
  const PooledAnswer& a = result->queries[0].answer;
  EXPECT_EQ(a.failures.size(), 1u) << failures_of(a);
  if (!a.failures.empty()) {
    EXPECT_EQ(a.failures[0].node, "site_1");
    EXPECT_EQ(a.failures[0].reason, reason);
  }
  return {spec, a};
}

TEST_F(StudyTest, ABadDecryptionShareIsRejectedAndNamed) {
  for (const auto& [fault, reason] : {
           std::pair{Interposer::Fault::corrupt_share, "invalid decryption proof: its decryption shares do not match its proof"},
           std::pair{Interposer::Fault::foreign_set, "decryption shares for the set [1, 2, 3], not the one asked for"}}) {
    const auto [spec, a] = with_a_liar(dir_.str(), fault, reason);
    EXPECT_EQ(a.cells, testing::pooled_cells(spec, {1, 2, 3})[0]);
    EXPECT_EQ(a.decryptors, (std::vector<std::string>{"site_2", "site_3"}));
  }
}

TEST_F(StudyTest, AnAnswerWhoseSignedStatementDoesNotHoldIsLeftOutAndNamed) {
  for (const auto& [fault, reason] : {
           std::pair{Interposer::Fault::forged_statement, "its contribution statement: the signature of 'site_1' does not verify"},
           std::pair{Interposer::Fault::altered_ciphertexts, "its ciphertexts are not the ones its contribution statement signs"}}) {
    const auto [spec, a] = with_a_liar(dir_.str(), fault, reason);
    EXPECT_EQ(a.cells, testing::pooled_cells(spec, {2, 3})[0]);
    EXPECT_EQ(a.contributors, (std::vector<std::string>{"site_2", "site_3"}));
  }
}

TEST_F(StudyTest, ASlowNodeTimesOutAndTheOthersDecrypt) {
  Federation3 nodes(dir_.str());
  Interposer slow("site_1", nodes.port(1), Interposer::Fault::slow_share);
  (void)testing::make_key({nodes.port(1), nodes.port(2), nodes.port(3)}, 2);
  auto spec = testing::study({slow.port(), nodes.port(2), nodes.port(3)}, "encrypted", R"(
[[query]]
type = "count"
)", /*timeout=*/1);
  auto result = run_study(spec);
  ASSERT_TRUE(result) << result.error().to_string();
  const PooledAnswer& a = result->queries[0].answer;
  EXPECT_EQ(a.cells, testing::pooled_cells(spec, {1, 2, 3})[0]);
  ASSERT_EQ(a.failures.size(), 1u) << failures_of(a);
  EXPECT_EQ(a.failures[0].node, "site_1");
  EXPECT_EQ(a.decryptors, (std::vector<std::string>{"site_2", "site_3"}));
  EXPECT_NE(a.failures[0].reason.find("no decryption share"), std::string::npos) << a.failures[0].reason;
}

TEST_F(StudyTest, RefusalsNameTheNodeAndTheReason) {
  Federation3 nodes(dir_.str());
  std::vector<int> ports{nodes.port(1), nodes.port(2), nodes.port(3)};
  (void)testing::make_key(ports, 2);
  auto spec = testing::study(ports, "encrypted", R"(
[[query]]
type = "count"
filter = "stage_grop = 3"
)");
  auto result = run_study(spec);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("query 'count': no node answered the query"), std::string::npos) << result.error().message;
  EXPECT_NE(result.error().message.find("node 'site_2' (127.0.0.1:"), std::string::npos);
  EXPECT_NE(result.error().message.find("HTTP 400 bad_filter"), std::string::npos);
  EXPECT_NE(result.error().message.find("stage_grop"), std::string::npos);

  spec = testing::study(ports);
  spec.purpose = {{"use", "GRU"}};
  result = run_study(spec);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("consent_mismatch"), std::string::npos) << result.error().message;
}

TEST(StudySpecTest, ErrorsNameFileLineColumnAndKey) {
  auto parse = [](const std::string& text) { return parse_study(text, "study.toml", "/base"); };
  const std::string fed = "[federation]\nca = \"ca.crt\"\ncert = \"a.crt\"\nkey = \"a.key\"\n"
                          "[[federation.nodes]]\nname = \"site_1\"\naddress = \"localhost:8443\"\n";
  const std::string head = "[study]\ndataset = \"registry\"\npurpose = { use = \"HMB\" }\n";
  auto ok = parse(head + fed + "[[query]]\ntype = \"km\"\ngrid_step = 30\ngrid_max = 90\n");
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(ok->federation.ca, "/base/ca.crt");
  EXPECT_EQ(ok->federation.nodes[0].port, 8443);
  EXPECT_EQ(ok->queries[0].params["grid"], json({30.0, 60.0, 90.0}));

  auto typo = parse(head + "mdoe = \"x\"\n" + fed + "[[query]]\ntype = \"count\"\n");
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().to_string(), "study.toml:4:8: field 'study.mdoe': study.mdoe: unknown key");
  auto type = parse(head + fed + "[[query]]\ntype = \"median\"\n");
  ASSERT_FALSE(type);
  EXPECT_EQ(type.error().to_string(),
            "study.toml:12:8: field 'query[0].type': query[0].type: unknown query type 'median' (count, crosstab, histogram, km, glm, cox)");
  auto relevel = parse(head + fed + "[[query]]\ntype = \"glm\"\nformula = \"y ~ relevel(stage_group, 3)\"\n");
  ASSERT_FALSE(relevel);
  EXPECT_EQ(relevel.error().to_string(),
            "study.toml:13:11: field 'query[0].formula': query[0].formula: column 26: expected the reference level in "
            "quotes, such as \"3\", found '3'");
  auto grid = parse(head + fed + "[[query]]\ntype = \"km\"\n");
  ASSERT_FALSE(grid);
  EXPECT_EQ(grid.error().message, "query[0].grid: required key is missing");
  auto address = parse(head + "[federation]\nca = \"c\"\ncert = \"c\"\nkey = \"k\"\n[[federation.nodes]]\nname = \"a\"\n"
                              "address = \"nowhere\"\n[[query]]\ntype = \"count\"\n");
  ASSERT_FALSE(address);
  EXPECT_EQ(address.error().message, "federation.nodes[0].address: 'nowhere' is not HOST:PORT");
  auto purpose = parse("[study]\ndataset = \"r\"\npurpose = \"HMB\"\n" + fed + "[[query]]\ntype = \"count\"\n");
  ASSERT_FALSE(purpose);
  EXPECT_EQ(purpose.error().where.line, 3u);
  auto syntax = parse("[study\n");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().where.line, 1u);
}

TEST_F(StudyTest, CliRunsTheStudyAndWritesHtml) {
  Federation3 nodes(dir_.str());
  std::vector<int> ports{nodes.port(1), nodes.port(2), nodes.port(3)};
  node::testing::write_file(dir_ / "federation.toml", testing::federation_toml("coordinator", ports));
  auto keygen = node::testing::run(fmt::format("{} study keygen --federation {} --threshold 2", ONCOSHARE_BINARY,
                                               dir_ / "federation.toml"));
  ASSERT_EQ(keygen.exit_code, 0) << keygen.output;
  EXPECT_NE(keygen.output.find("collective key: 2-of-3 among 3 node(s)"), std::string::npos);

  node::testing::write_file(dir_ / "study.toml",
                            fmt::format("[study]\ndataset = \"registry\"\npurpose = {{ use = \"HMB\", irb_approved = true }}\n{}\n{}",
                                        testing::kQueries, testing::federation_toml("alice", ports)));
  auto html = node::testing::run(fmt::format("{} study run {} --format html --out {}", ONCOSHARE_BINARY,
                                             dir_ / "study.toml", dir_ / "study.html"));
  ASSERT_EQ(html.exit_code, 0) << html.output;
  std::string page = node::testing::read_file(dir_ / "study.html");
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_NE(page.find("Systemic therapy"), std::string::npos);
  auto text = node::testing::run(fmt::format("{} study run {}", ONCOSHARE_BINARY, dir_ / "study.toml"));
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("== survival (km)"), std::string::npos);
  EXPECT_NE(text.output.find("Chisq="), std::string::npos);

  auto missing = node::testing::run(fmt::format("{} study run {}", ONCOSHARE_BINARY, dir_ / "nope.toml"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.output.find("cannot read configuration"), std::string::npos);
}

}  // namespace
}  // namespace oncoshare::coordinator
