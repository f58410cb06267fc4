// Model disclosure checks, tried over the wire as a curious researcher would: hand-written
// model rounds to three real nodes (a one-patient filter, an outcome level or a category
// below the minimum cell size, a binomial model of a continuous outcome, a fine Cox grid at
// a later step, more rounds than a fit may ask), and fits by the official client charging
// the researcher's budget once per fit. Each refusal names the variable, the rule and the
// policy value; no refusal and no audit line carries a patient's value.
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "coordinator/attack_support.hpp"
#include "coordinator/model_fit.hpp"

namespace oncoshare::coordinator {
namespace {

using nlohmann::json;
using testing::Attacker;

const json kLogistic = {{"type", "glm"}, {"formula", "complete_response ~ age_dx + sex + stage_group"},
                        {"family", "binomial"}};
// The policy the refusals below quote (written out, whatever the fixture's defaults).
const char* kModelPolicy = "min_cell_size = 5\nmodel_rows_per_parameter = 10\nmax_saturation = 0.33\nmin_time_step = 30";

const json kPooledCox = {{"type", "cox"}, {"formula", "Surv(survival_days, event) ~ age_dx + sex"},
                         {"stratified", false}};

// `toml` with each "key = value" line of `policy` in its [datasets.policy] table, in place
// of the fixture's own line for that key.
std::string with_policy(std::string toml, const std::string& policy) {
  std::istringstream lines(policy);
  for (std::string line; std::getline(lines, line);) {
    const std::string key = line.substr(0, line.find(" ="));
    if (auto at = toml.find("\n" + key + " ="); at != std::string::npos) toml.erase(at + 1, toml.find('\n', at + 1) - at);
  }
  const std::string table = "[datasets.policy]\n";
  return toml.insert(toml.find(table) + table.size(), policy + "\n");
}

// Three nodes serving the test cohort under `policy` (lines of [datasets.policy]), with
// exact event times allowed or not.
class PolicyNodes {
 public:
  PolicyNodes(const std::string& dir, const std::string& policy, bool exact_event_times = true) {
    for (int k = 1; k <= testing::kSites; ++k) {
      const std::string state = fmt::format("{}/site_{}", dir, k);
      std::filesystem::create_directories(state);
      const std::string toml = with_policy(testing::node_toml(k, state, exact_event_times), policy);
      nodes_.push_back(std::make_unique<node::testing::ServingNode>(toml, state));
      ports_.push_back(nodes_.back()->port());
    }
  }
  [[nodiscard]] const std::vector<int>& ports() const { return ports_; }

 private:
  std::vector<std::unique_ptr<node::testing::ServingNode>> nodes_;
  std::vector<int> ports_;
};

// Site k's records as its node loads them.
std::unique_ptr<node::Dataset> site_dataset(int k) {
  node::DatasetConfig config;
  config.id = "site";
  config.dictionary = testing::world().dir + "/data/dictionary.csv";
  config.exports = {testing::world().site_export(k)};
  auto dataset = node::load_dataset(config, ":memory:");
  EXPECT_TRUE(dataset);
  return dataset ? std::move(*dataset) : nullptr;
}

// The numbers of `column` at the rows where `keep` holds.
template <class Keep>
std::vector<double> numbers_where(const analytics::StudyTable& table, const std::string& column, Keep keep) {
  const analytics::StudyColumn* c = table.find(column);
  std::vector<double> out;
  for (std::size_t row = 0; row < table.rows(); ++row) {
    if (!c->is_missing(row) && keep(row)) out.push_back(c->numbers[row]);
  }
  return out;
}

// The smallest age such that 1 to 4 of the ages are at least it (ties kept together).
double age_keeping_a_few(std::vector<double> ages) {
  std::sort(ages.begin(), ages.end(), std::greater<>());
  double cut = ages.at(0);
  for (double age : ages) {
    if (std::count_if(ages.begin(), ages.end(), [&](double a) { return a >= age; }) > 4) break;
    cut = age;
  }
  return cut;
}

// One model round at site k, posted by hand: the refusal text, or "" when answered.
std::string advertise(Attacker& who, int k, const json& model, const json& round, const std::string& fit,
                      const std::string& filter = "", json* answer = nullptr) {
  json body = {{"dataset", "registry"}, {"purpose", {{"use", "HMB"}, {"irb_approved", true}}}, {"model", model},
               {"round", round}, {"aggregation", random_id()}, {"participants", testing::site_names()},
               {"threshold", 2}, {"index", k}};
  if (!fit.empty()) body["fit"] = fit;
  if (!filter.empty()) body["filter"] = filter;
  auto reply = who.client(k).post("/model/round/advertise", body);
  if (!reply) return reply.error().message;
  if (answer != nullptr) *answer = *reply;
  return "";
}

const json kStart = {{"beta", json::array()}};

void expect_refused(const std::string& refusal, const std::string& reason) {
  EXPECT_NE(refusal.find(reason), std::string::npos) << "refusal: " << refusal << "\nexpected: " << reason;
}

// The numbers written in `text` (digits with an optional decimal part).
std::set<std::string> numbers_in(const std::string& text) {
  std::set<std::string> out;
  static const std::regex number(R"(\d+(\.\d+)?)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), number); it != std::sregex_iterator(); ++it) {
    out.insert(it->str());
  }
  return out;
}

// The reasons of the audit entries of site k's log.
std::string audit_reasons(const std::string& dir, int k) {
  std::string out;
  std::istringstream lines(node::testing::read_file(fmt::format("{}/site_{}/audit.log", dir, k)));
  for (std::string line; std::getline(lines, line);) {
    const json entry = json::parse(line, nullptr, false);
    if (entry.is_object() && entry.contains("reason")) out += entry["reason"].get<std::string>() + "\n";
  }
  return out;
}

class ModelDisclosureTest : public ::testing::Test {
 protected:
  node::testing::ScratchDir dir_;
};

TEST_F(ModelDisclosureTest, AOnePatientFilterIsRefused) {
  PolicyNodes nodes(dir_.str(), kModelPolicy);
  Attacker alice("alice", nodes.ports());
  auto site = site_dataset(1);
  // The oldest patient alone (ties included, at most four).
  const double cut = age_keeping_a_few(numbers_where(site->table, "age_dx", [](std::size_t) { return true; }));
  const std::string filter = fmt::format("age_dx >= {}", cut);
  // 6 coefficients x 10 rows per parameter (default policy).
  expect_refused(advertise(alice, 1, kLogistic, kStart, "fit1", filter),
                 "HTTP 403 model_too_few_rows: the model keeps fewer than 60 rows at this node after the filter and "
                 "missing values (at least max(min_cell_size 5, model_rows_per_parameter 10 x 6 parameters), dataset "
                 "policy)");
  // The whole site is fine.
  EXPECT_EQ(advertise(alice, 1, kLogistic, kStart, "fit1"), "");
}

TEST_F(ModelDisclosureTest, ABinaryOutcomeLevelOrACategoryBelowTheCellSizeIsRefused) {
  PolicyNodes nodes(dir_.str(), kModelPolicy);
  Attacker alice("alice", nodes.ports());
  // Site 2, large enough for the rest of each filter to keep the rows the model needs.
  auto site = site_dataset(2);
  const analytics::StudyTable& table = site->table;
  const analytics::StudyColumn* response = table.find("complete_response");
  const analytics::StudyColumn* stage = table.find("stage_group");
  auto is = [](const analytics::StudyColumn* c, const char* code) {
    return [c, level = c->level_of(code)](std::size_t row) { return c->levels[row] == level; };
  };
  // Every non-responder, and the few oldest responders.
  const double responders = age_keeping_a_few(numbers_where(table, "age_dx", is(response, "1")));
  expect_refused(advertise(alice, 2, kLogistic, kStart, "fit2",
                           fmt::format("complete_response = 0 or (complete_response = 1 and age_dx >= {})", responders)),
                 "HTTP 403 model_small_category: outcome 'complete_response': level '1' is present at this node, but "
                 "fewer than 5 times among the rows the model keeps (minimum cell size, dataset policy)");
  // Every patient of stages I-III, and the few oldest of stage IV (a dummy column)...
  const double stage_4 = age_keeping_a_few(numbers_where(table, "age_dx", is(stage, "4")));
  expect_refused(advertise(alice, 2, kLogistic, kStart, "fit2",
                           fmt::format("stage_group != 4 or (stage_group = 4 and age_dx >= {})", stage_4)),
                 "HTTP 403 model_small_category: covariate 'stage_group': level '4' is present at this node, but "
                 "fewer than 5 times among the rows the model keeps (minimum cell size, dataset policy)");
  // ... or of stage I (the reference level, the complement of the dummies).
  const double stage_1 = age_keeping_a_few(numbers_where(table, "age_dx", is(stage, "1")));
  expect_refused(advertise(alice, 2, kLogistic, kStart, "fit2",
                           fmt::format("stage_group != 1 or (stage_group = 1 and age_dx >= {})", stage_1)),
                 "HTTP 403 model_small_category: covariate 'stage_group': level '1' is present at this node, but "
                 "fewer than 5 times");
  // A level absent from the rows gives an all-zero column: nothing about anyone.
  EXPECT_EQ(advertise(alice, 2, kLogistic, kStart, "fit2", "stage_group != 4"), "");
}

// The boundary of the outcome-level rule: a window of responders' ages keeping k - 1 = 4 of
// them (with every covariate present, as the model keeps them) is refused, one keeping k = 5
// is answered.
TEST_F(ModelDisclosureTest, AnOutcomeLevelOfKMinusOneIsRefusedAndOfKIsAnswered) {
  PolicyNodes nodes(dir_.str(), kModelPolicy);
  Attacker alice("alice", nodes.ports());
  auto site = site_dataset(2);
  const analytics::StudyTable& table = site->table;
  const analytics::StudyColumn* response = table.find("complete_response");
  const analytics::StudyColumn* sex = table.find("sex");
  const analytics::StudyColumn* stage = table.find("stage_group");
  const auto responder = response->level_of("1");
  const std::vector<double> ages = numbers_where(table, "age_dx", [&](std::size_t row) {
    return !response->is_missing(row) && response->levels[row] == responder && !sex->is_missing(row) &&
           !stage->is_missing(row);
  });
  std::set<double> distinct(ages.begin(), ages.end());
  // An age window [lo, hi] holding exactly n of the responders the model keeps.
  auto window = [&](std::int64_t n) -> std::optional<std::pair<double, double>> {
    for (double lo : distinct) {
      for (double hi : distinct) {
        if (hi >= lo && std::count_if(ages.begin(), ages.end(), [&](double a) { return a >= lo && a <= hi; }) == n) {
          return std::pair{lo, hi};
        }
      }
    }
    return std::nullopt;
  };
  auto filter = [](std::pair<double, double> w) {
    return fmt::format("complete_response = 0 or (complete_response = 1 and age_dx >= {} and age_dx <= {})", w.first,
                       w.second);
  };
  const auto four = window(4), five = window(5);
  ASSERT_TRUE(four && five) << "no age window holds exactly 4 and 5 responders at site 2";
  expect_refused(advertise(alice, 2, kLogistic, kStart, "fit-k-1", filter(*four)),
                 "HTTP 403 model_small_category: outcome 'complete_response': level '1' is present at this node, but "
                 "fewer than 5 times");
  EXPECT_EQ(advertise(alice, 2, kLogistic, kStart, "fit-k", filter(*five)), "");
}

TEST_F(ModelDisclosureTest, AModelOfTheWrongOutcomeTypeIsRefusedWithoutAnyValue) {
  PolicyNodes nodes(dir_.str(), kModelPolicy);
  Attacker alice("alice", nodes.ports());
  const json continuous = {{"type", "glm"}, {"formula", "bmi ~ age_dx"}, {"family", "binomial"}};
  const std::string refusal = advertise(alice, 1, continuous, kStart, "fit3");
  expect_refused(refusal, "HTTP 403 model_outcome_type: outcome 'bmi' is numeric: a binomial model needs a categorical "
                          "variable with two levels coded 0 and 1 (e.g. yes/no)");
  // No value of bmi at the site, in the refusal or in the node's audit log.
  auto site = site_dataset(1);
  std::set<std::string> values;
  for (double v : numbers_where(site->table, "bmi", [](std::size_t) { return true; })) values.insert(fmt::format("{}", v));
  ASSERT_GT(values.size(), 50u);
  const std::string audit = audit_reasons(dir_.str(), 1);
  EXPECT_NE(audit.find("outcome 'bmi' is numeric"), std::string::npos) << audit;
  for (const std::string& text : {refusal, audit}) {
    for (const std::string& number : numbers_in(text)) EXPECT_FALSE(values.contains(number)) << number << " in " << text;
  }
  expect_refused(advertise(alice, 1, {{"type", "glm"}, {"formula", "stage_group ~ age_dx"}, {"family", "poisson"}},
                           kStart, "fit3"),
                 "HTTP 403 model_outcome_type: outcome 'stage_group' is categorical: a poisson model needs a numeric "
                 "variable");
  const json cox_on_stage = {{"type", "cox"}, {"formula", "Surv(survival_days, stage_group) ~ age_dx"}};
  expect_refused(advertise(alice, 1, cox_on_stage, {{"step", "summary"}}, "fit3"),
                 "HTTP 403 model_outcome_type: event 'stage_group' has 4 levels: a Cox model needs a categorical "
                 "variable with two levels coded 0 and 1");
  const json cox_on_age = {{"type", "cox"}, {"formula", "Surv(stage_group, event) ~ age_dx"}};
  expect_refused(advertise(alice, 1, cox_on_age, {{"step", "summary"}}, "fit3"),
                 "HTTP 403 model_outcome_type: time 'stage_group' is categorical: a Cox model needs a numeric variable");
}

TEST_F(ModelDisclosureTest, ARelevelTheTableCannotHonourIsRefusedAtItsFormulaColumn) {
  PolicyNodes nodes(dir_.str(), kModelPolicy);
  Attacker alice("alice", nodes.ports());
  auto refusal = [&](const std::string& rhs, const std::string& fit) {
    return advertise(alice, 1, {{"type", "glm"}, {"formula", "complete_response ~ " + rhs}, {"family", "binomial"}},
                     kStart, fit);
  };
  expect_refused(refusal("age_dx + relevel(stage_group, '9')", "fit10"),
                 "HTTP 400 bad_model: column 51: field 'stage_group': relevel(): 'stage_group' has no level '9' "
                 "(its levels: 1, 2, 3, 4)");
  expect_refused(refusal("relevel(stage, ref = \"3\")", "fit11"),
                 "HTTP 400 bad_model: column 29: field 'stage': relevel() of unknown variable 'stage'");
  expect_refused(refusal("relevel(age_dx, '3')", "fit12"),
                 "HTTP 400 bad_model: column 29: field 'age_dx': relevel() needs a categorical variable; 'age_dx' is "
                 "numeric");
  expect_refused(refusal("relevel(stage_group, 3)", "fit13"),
                 "HTTP 400 bad_model: column 42: expected the reference level in quotes, such as \"3\", found '3'");
}

TEST_F(ModelDisclosureTest, ACoxRoundOnAFineGridIsRefusedAtEveryStep) {
  PolicyNodes nodes(dir_.str(), kModelPolicy, /*exact_event_times=*/false);
  Attacker alice("alice", nodes.ports());
  const std::string policy = "a pooled Cox round needs a time grid step that is a multiple of 30 days (dataset policy)";
  expect_refused(advertise(alice, 1, kPooledCox, {{"step", "summary"}, {"stratified", false}, {"grid_step", 1}}, "fit4"),
                 "HTTP 403 event_times_not_allowed: field 'round.grid_step': dataset 'registry' does not reveal event "
                 "times, even summed: " + policy);
  // Risk sets at the days around one event time would tell the day.
  const json derivatives = {{"step", "derivatives"}, {"stratified", false}, {"grid_step", 1},
                            {"times", {946, 947, 948}}, {"beta", {0, 0}}, {"center", {0, 0}}};
  expect_refused(advertise(alice, 1, kPooledCox, derivatives, "fit4"), "HTTP 403 event_times_not_allowed");
  json concordance = derivatives;
  concordance["step"] = "concordance";
  concordance["edges"] = {0.0};
  expect_refused(advertise(alice, 1, kPooledCox, concordance, "fit4"), "HTTP 403 event_times_not_allowed");
  // A stratified model whose round asks for the pooled answer, and a step off the 30-day lattice.
  json stratified = kPooledCox;
  stratified["stratified"] = true;
  expect_refused(advertise(alice, 1, stratified, derivatives, "fit4"), "HTTP 403 event_times_not_allowed");
  json off_lattice = derivatives;
  off_lattice["grid_step"] = 45;
  expect_refused(advertise(alice, 1, kPooledCox, off_lattice, "fit4"), "HTTP 403 event_times_not_allowed");
  // A horizon short of 100 years would tell whether some time lies beyond it.
  json short_horizon = {{"step", "summary"}, {"stratified", false}, {"grid_step", 30}, {"grid_max", 900}};
  expect_refused(advertise(alice, 1, kPooledCox, short_horizon, "fit4"),
                 "HTTP 403 grid_horizon_too_short: field 'round.grid_max': a pooled Cox round's time grid must reach "
                 "36525 days; a shorter one would tell whether a time lies beyond it");
  // On the policy's grid the round is answered.
  json coarse = derivatives;
  coarse["grid_step"] = 60;
  coarse["times"] = {60, 120};
  EXPECT_EQ(advertise(alice, 1, kPooledCox, coarse, "fit4"), "");
}

TEST_F(ModelDisclosureTest, AFitMayAskForMaxModelRoundsRounds) {
  PolicyNodes nodes(dir_.str(), "max_model_rounds = 3");
  Attacker alice("alice", nodes.ports());
  for (int round = 0; round < 3; ++round) EXPECT_EQ(advertise(alice, 1, kLogistic, kStart, "fit5"), "") << round;
  expect_refused(advertise(alice, 1, kLogistic, kStart, "fit5"),
                 "HTTP 403 too_many_rounds: fit 'fit5' has had the 3 rounds a fit may ask of this node "
                 "(max_model_rounds, dataset policy)");
  EXPECT_EQ(advertise(alice, 1, kLogistic, kStart, "fit6"), "");
  expect_refused(advertise(alice, 1, kLogistic, kStart, ""), "HTTP 400 bad_request: field 'fit': required string");
  // The official client's fit needs more than three rounds.
  auto fit = run_study(testing::study(nodes.ports(), "encrypted", R"(
[[query]]
name = "response"
type = "glm"
formula = "complete_response ~ age_dx + sex + stage_group"
)"));
  ASSERT_FALSE(fit);
  expect_refused(fit.error().message, "too_many_rounds");
}

TEST_F(ModelDisclosureTest, TooManyParametersForTheRowsAreRefused) {
  PolicyNodes nodes(dir_.str(), "model_rows_per_parameter = 1\nmax_saturation = 0.001");
  Attacker alice("alice", nodes.ports());
  expect_refused(advertise(alice, 1, kLogistic, kStart, "fit7"),
                 "HTTP 403 model_saturated: 6 parameters on the rows this node keeps exceed the saturation limit "
                 "0.001 (parameters / rows, dataset policy)");
}

TEST_F(ModelDisclosureTest, AFitIsChargedOnceAndAFitBeyondTheBudgetIsRefused) {
  PolicyNodes nodes(dir_.str(), "dp_budget = \"1.5\"\nmodel_epsilon = \"1\"");
  const std::string query = R"(
[[query]]
name = "response"
type = "glm"
formula = "complete_response ~ age_dx + sex + stage_group"
)";
  // Many rounds, one charge.
  auto first = run_study(testing::study(nodes.ports(), "encrypted", query));
  ASSERT_TRUE(first) << first.error().to_string();
  EXPECT_GT(first->queries[0].model->aggregations, 2u);
  auto second = run_study(testing::study(nodes.ports(), "encrypted", query));
  ASSERT_FALSE(second);
  expect_refused(second.error().message,
                 "HTTP 403 budget_exceeded: privacy budget exceeded: requested 1, remaining 0.5 of 1.5");
  // By hand: a new fit is refused at its first round, whatever the round.
  Attacker alice("alice", nodes.ports());
  expect_refused(advertise(alice, 2, kLogistic, {{"beta", {0, 0, 0, 0, 0, 0}}}, "fit8"),
                 "HTTP 403 budget_exceeded: privacy budget exceeded: requested 1, remaining 0.5 of 1.5");
}

TEST_F(ModelDisclosureTest, AnExactDatasetWithoutModelEpsilonChargesNothing) {
  PolicyNodes nodes(dir_.str(), "dp_epsilon = \"0\"\nexact_answers = true\nmodel_epsilon = \"0\"\ndp_budget = \"1\"");
  Attacker alice("alice", nodes.ports());
  for (const char* fit : {"fit9", "fit10", "fit11"}) {
    json answer;
    EXPECT_EQ(advertise(alice, 1, kLogistic, kStart, fit, "", &answer), "") << fit;
    EXPECT_FALSE(answer.contains("budget_remaining")) << answer.dump();
  }
}

TEST_F(ModelDisclosureTest, TheFirstRoundOfAFitReportsTheBudgetLeft) {
  PolicyNodes nodes(dir_.str(), "dp_budget = \"3\"\nmodel_epsilon = \"1\"");
  Attacker alice("alice", nodes.ports());
  json answer;
  ASSERT_EQ(advertise(alice, 1, kLogistic, kStart, "fit12", "", &answer), "");
  EXPECT_EQ(answer["budget_remaining"], "2");
  ASSERT_EQ(advertise(alice, 1, kLogistic, kStart, "fit12", "", &answer), "");
  EXPECT_EQ(answer["budget_remaining"], "2");
  ASSERT_EQ(advertise(alice, 1, kLogistic, kStart, "fit13", "", &answer), "");
  EXPECT_EQ(answer["budget_remaining"], "1");
}

}  // namespace
}  // namespace oncoshare::coordinator
