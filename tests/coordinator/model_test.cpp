// Federated models over the wire: every round's site answers are summed by secure
// aggregation between three nodes, and the fit must equal the same model fitted in process
// on the sites' designs (which tests/models checks against R). A node that stops answering
// mid-fit is named and the fit restarts on the others.
#include "coordinator/federation_support.hpp"
#include "coordinator/study_report.hpp"
#include "models/cox.hpp"
#include "models/formula.hpp"
#include "models/glm_driver.hpp"

namespace oncoshare::coordinator {
namespace {

using testing::Federation3;
using testing::Interposer;

// Each site's design for `formula`, from its export alone.
std::vector<models::Design> site_designs(const std::string& formula, const std::vector<int>& sites) {
  auto terms = models::parse_formula(formula);
  EXPECT_TRUE(terms);
  std::vector<models::Design> out;
  for (int k : sites) {
    node::DatasetConfig config;
    config.id = "site";
    config.dictionary = testing::world().dir + "/data/dictionary.csv";
    config.exports = {testing::world().site_export(k)};
    auto dataset = node::load_dataset(config, ":memory:");
    EXPECT_TRUE(dataset);
    auto design = models::build_design((*dataset)->table, *terms);
    EXPECT_TRUE(design) << (design ? "" : design.error().to_string());
    out.push_back(std::move(*design));
  }
  return out;
}

const char* kLogistic = "complete_response ~ age_dx + sex + stage_group";
const char* kCox = "Surv(survival_days, event) ~ age_dx + sex + stage_group";

std::string model_queries(bool stratified) {
  return fmt::format(R"(
[[query]]
name = "response"
type = "glm"
formula = "{}"
family = "binomial"

[[query]]
name = "survival"
type = "cox"
formula = "{}"
stratified = {}
)",
                     kLogistic, kCox, stratified ? "true" : "false");
}

void expect_same_glm(const models::GlmResult& got, const models::GlmResult& want) {
  ASSERT_EQ(got.coefficients.size(), want.coefficients.size());
  for (std::size_t k = 0; k < want.coefficients.size(); ++k) {
    EXPECT_EQ(got.coefficients[k].name, want.coefficients[k].name);
    EXPECT_NEAR(got.coefficients[k].estimate, want.coefficients[k].estimate, 1e-10);
    EXPECT_NEAR(got.coefficients[k].std_error, want.coefficients[k].std_error, 1e-10);
  }
  EXPECT_NEAR(got.deviance, want.deviance, 1e-8);
  EXPECT_EQ(got.iterations, want.iterations);
}

void expect_same_cox(const models::CoxResult& got, const models::CoxResult& want) {
  ASSERT_EQ(got.coefficients.size(), want.coefficients.size());
  for (std::size_t k = 0; k < want.coefficients.size(); ++k) {
    EXPECT_EQ(got.coefficients[k].name, want.coefficients[k].name);
    EXPECT_NEAR(got.coefficients[k].coef, want.coefficients[k].coef, 1e-10);
    EXPECT_NEAR(got.coefficients[k].se, want.coefficients[k].se, 1e-10);
  }
  EXPECT_EQ(got.events, want.events);
}

class ModelStudyTest : public ::testing::Test {
 protected:
  node::testing::ScratchDir dir_;
};

TEST_F(ModelStudyTest, LogisticAndStratifiedCoxEqualTheFitInProcess) {
  Federation3 nodes(dir_.str());
  std::vector<int> ports{nodes.port(1), nodes.port(2), nodes.port(3)};
  auto result = run_study(testing::study(ports, "encrypted", model_queries(true)));
  ASSERT_TRUE(result) << result.error().to_string();

  const ModelOutcome& glm = *result->queries[0].model;
  ASSERT_TRUE(glm.glm);
  EXPECT_EQ(glm.sites, (std::vector<std::string>{"site_1", "site_2", "site_3"}));
  EXPECT_EQ(glm.aggregations, glm.glm->rounds);
  models::GlmOptions options;
  auto expected = models::fit_glm(site_designs(kLogistic, {1, 2, 3}), options);
  ASSERT_TRUE(expected);
  expect_same_glm(*glm.glm, *expected);

  const ModelOutcome& cox = *result->queries[1].model;
  ASSERT_TRUE(cox.cox);
  auto expected_cox = models::fit_cox(site_designs(kCox, {1, 2, 3}), models::CoxOptions{});
  ASSERT_TRUE(expected_cox);
  expect_same_cox(*cox.cox, *expected_cox);
  EXPECT_TRUE(cox.cox->stratified);

  std::string text = study_text(*result);
  EXPECT_NE(text.find("each round summed by secure aggregation"), std::string::npos);
  EXPECT_NE(text.find("stage_group3"), std::string::npos);
  EXPECT_EQ(study_json(*result)["queries"][1]["fit"]["coefficients"].size(), expected_cox->coefficients.size());
}

// The formula travels to the nodes as written, so every node builds the same relevelled
// dummies and the same 0/1 column for the yesno field (reference No).
TEST_F(ModelStudyTest, RelevelAndAYesNoCovariateEqualTheFitInProcess) {
  const std::string logistic = "complete_response ~ age_dx + recurrence + relevel(stage_group, '3')";
  const std::string cox = "Surv(survival_days, event) ~ age_dx + recurrence + relevel(stage_group, ref = '3')";
  Federation3 nodes(dir_.str());
  std::vector<int> ports{nodes.port(1), nodes.port(2), nodes.port(3)};
  auto result = run_study(testing::study(ports, "encrypted", fmt::format(R"(
[[query]]
name = "response"
type = "glm"
formula = "{}"

[[query]]
name = "survival"
type = "cox"
formula = "{}"
)", logistic, cox)));
  ASSERT_TRUE(result) << result.error().to_string();
  const ModelOutcome& glm = *result->queries[0].model;
  ASSERT_TRUE(glm.glm);
  auto expected = models::fit_glm(site_designs(logistic, {1, 2, 3}), models::GlmOptions{});
  ASSERT_TRUE(expected);
  expect_same_glm(*glm.glm, *expected);
  std::vector<std::string> names;
  for (const auto& c : glm.glm->coefficients) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"(Intercept)", "age_dx", "recurrence", "stage_group1", "stage_group2",
                                             "stage_group4"}));
  const ModelOutcome& survival = *result->queries[1].model;
  ASSERT_TRUE(survival.cox);
  auto expected_cox = models::fit_cox(site_designs(cox, {1, 2, 3}), models::CoxOptions{});
  ASSERT_TRUE(expected_cox);
  expect_same_cox(*survival.cox, *expected_cox);
  EXPECT_EQ(survival.cox->coefficients[1].name, "recurrence");
  EXPECT_EQ(survival.cox->coefficients[2].name, "stage_group1");
}

TEST_F(ModelStudyTest, ARelevelToAnUnknownLevelStopsTheStudyWithTheNodesReason) {
  Federation3 nodes(dir_.str());
  auto result = run_study(testing::study({nodes.port(1), nodes.port(2), nodes.port(3)}, "encrypted", R"toml(
[[query]]
name = "response"
type = "glm"
formula = "complete_response ~ relevel(stage_group, '5')"
)toml"));
  ASSERT_FALSE(result);
  const std::string error = result.error().to_string();
  EXPECT_EQ(error.rfind("query 'response': secure aggregation, advertise: no node answered\n", 0), 0u) << error;
  const std::string reason = "refused /model/round/advertise: HTTP 400 bad_model: column 42: field 'stage_group': "
                             "relevel(): 'stage_group' has no level '5' (its levels: 1, 2, 3, 4)";
  for (const char* site : {"site_1", "site_2", "site_3"}) {
    const std::size_t start = error.find(fmt::format("\n  {}: node '{}'", site, site));
    ASSERT_NE(start, std::string::npos) << error;
    const std::string line = error.substr(start + 1, error.find('\n', start + 1) - start - 1);
    EXPECT_TRUE(line.ends_with(reason)) << line;
  }
}

TEST_F(ModelStudyTest, PooledCoxUsesTheCoarseGridWhenEventTimesMayNotBeRevealed) {
  // The policy's default time step (30 days), published in the catalog.
  Federation3 nodes(dir_.str(), /*plaintext (and exact event times)=*/false,
                    "dp_epsilon = \"0\"\nexact_answers = true\nmin_cell_size = 1\nmin_subset_size = 1\n");
  std::vector<int> ports{nodes.port(1), nodes.port(2), nodes.port(3)};
  auto result = run_study(testing::study(ports, "encrypted", model_queries(false)));
  ASSERT_TRUE(result) << result.error().to_string();
  const models::CoxResult& cox = *result->queries[1].model->cox;
  EXPECT_FALSE(cox.stratified);
  EXPECT_EQ(cox.grid_step, 30);
  EXPECT_TRUE(cox.coarsened);
  models::CoxOptions options;
  options.stratify_by_site = false;
  options.allow_event_times = false;
  auto expected = models::fit_cox(site_designs(kCox, {1, 2, 3}), options);
  ASSERT_TRUE(expected);
  expect_same_cox(cox, *expected);
  EXPECT_NE(study_text(*result).find("30"), std::string::npos);
}

TEST_F(ModelStudyTest, ANodeDroppingOutMidFitIsNamedAndTheFitRestartsWithoutIt) {
  Federation3 nodes(dir_.str());
  Interposer flaky("site_3", nodes.port(3), Interposer::Fault::drop_mid_fit);
  auto result = run_study(testing::study({nodes.port(1), nodes.port(2), flaky.port()}, "encrypted", R"(
[[query]]
name = "response"
type = "glm"
formula = "complete_response ~ age_dx + sex + stage_group"
)"));
  ASSERT_TRUE(result) << result.error().to_string();
  const ModelOutcome& outcome = *result->queries[0].model;
  EXPECT_EQ(outcome.sites, (std::vector<std::string>{"site_1", "site_2"}));
  ASSERT_EQ(outcome.dropped.size(), 1u);
  EXPECT_EQ(outcome.dropped[0].node, "site_3");
  EXPECT_NE(outcome.dropped[0].reason.find("dropped out mid-fit (the fit restarted without it)"), std::string::npos)
      << outcome.dropped[0].reason;
  EXPECT_NE(outcome.dropped[0].reason.find("node went away"), std::string::npos) << outcome.dropped[0].reason;
  auto expected = models::fit_glm(site_designs(kLogistic, {1, 2}), models::GlmOptions{});
  ASSERT_TRUE(expected);
  expect_same_glm(*outcome.glm, *expected);
  EXPECT_GT(outcome.aggregations, outcome.glm->rounds);  // the aborted attempt's rounds too
}

TEST_F(ModelStudyTest, RidgePenaltyIsAppliedByTheCoordinator) {
  Federation3 nodes(dir_.str());
  auto result = run_study(testing::study({nodes.port(1), nodes.port(2), nodes.port(3)}, "encrypted", R"(
[[query]]
name = "response"
type = "glm"
formula = "complete_response ~ age_dx + sex + stage_group"
ridge = 5.0
)"));
  ASSERT_TRUE(result) << result.error().to_string();
  models::GlmOptions options;
  options.ridge = 5.0;
  auto expected = models::fit_glm(site_designs(kLogistic, {1, 2, 3}), options);
  ASSERT_TRUE(expected);
  expect_same_glm(*result->queries[0].model->glm, *expected);
  auto plain = models::fit_glm(site_designs(kLogistic, {1, 2, 3}), models::GlmOptions{});
  ASSERT_TRUE(plain);
  EXPECT_GT(std::abs(plain->coefficients[5].estimate), std::abs(expected->coefficients[5].estimate) + 1e-3);
}

TEST_F(ModelStudyTest, DiagnosticsAndRefusalsReachTheResearcher) {
  Federation3 nodes(dir_.str());
  std::vector<int> ports{nodes.port(1), nodes.port(2), nodes.port(3)};
  // Unknown covariate: every node refuses, naming it.
  auto unknown = run_study(testing::study(ports, "encrypted", R"(
[[query]]
name = "bad"
type = "glm"
formula = "complete_response ~ age_at_dx"
)"));
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("age_at_dx"), std::string::npos) << unknown.error().message;
  EXPECT_NE(unknown.error().message.find("bad_model"), std::string::npos) << unknown.error().message;

  // A covariate constant in the pooled data is aliased: the fit says so instead of a model.
  auto aliased = run_study(testing::study(ports, "encrypted", R"(
[[query]]
name = "aliased"
type = "glm"
formula = "complete_response ~ age_dx + stage_group"
filter = "stage_group <= 2"
)"));
  ASSERT_FALSE(aliased);
  EXPECT_NE(aliased.error().message.find("stage_group3 (zero in every row"), std::string::npos) << aliased.error().message;

  // A study of one node cannot aggregate securely.
  auto alone = run_study(testing::study({nodes.port(1)}, "encrypted", model_queries(true)));
  ASSERT_FALSE(alone);
  EXPECT_NE(alone.error().message.find("fewer than two nodes"), std::string::npos) << alone.error().message;
}

}  // namespace
}  // namespace oncoshare::coordinator
