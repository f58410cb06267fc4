// The formula parser and the design matrix: terms, exact syntax errors with columns, dummy
// coding against agreed levels (a level absent at a site still gets its column), missing
// rows excluded and counted, and errors naming the variable.
#include "models/models_test_support.hpp"

namespace oncoshare::models {
namespace {

std::string formula_error(const std::string& text) {
  auto terms = parse_formula(text);
  EXPECT_FALSE(terms.has_value()) << text;
  return terms ? "" : terms.error().to_string();
}

TEST(Formula, ParsesOutcomeCovariatesAndOffset) {
  auto t = parse_formula("n_events ~ age_dx + stage_group + offset(log(person_days))");
  ASSERT_TRUE(t.has_value()) << t.error().to_string();
  EXPECT_EQ(t->outcome, "n_events");
  EXPECT_EQ(t->covariates, (std::vector<std::string>{"age_dx", "stage_group"}));
  EXPECT_EQ(t->offset, "person_days");
  EXPECT_TRUE(t->offset_log);
  EXPECT_TRUE(t->intercept);
}

TEST(Formula, ParsesSurvAndInterceptRemoval) {
  auto t = parse_formula("Surv(survival_days, event) ~ age_dx + arm - 1");
  ASSERT_TRUE(t.has_value()) << t.error().to_string();
  EXPECT_EQ(t->time, "survival_days");
  EXPECT_EQ(t->event, "event");
  EXPECT_TRUE(t->outcome.empty());
  EXPECT_EQ(t->covariates, (std::vector<std::string>{"age_dx", "arm"}));
  EXPECT_FALSE(t->intercept);
  auto zero = parse_formula("y ~ 0 + wt.loss + offset(t)");
  ASSERT_TRUE(zero.has_value());
  EXPECT_FALSE(zero->intercept);
  EXPECT_EQ(zero->covariates, (std::vector<std::string>{"wt.loss"}));
  EXPECT_EQ(zero->offset, "t");
  EXPECT_FALSE(zero->offset_log);
}

TEST(Formula, SyntaxErrorsNameTheColumn) {
  EXPECT_EQ(formula_error("y ~ age * sex"), "column 9: expected '+' or the end of the formula, found '*'");
  EXPECT_EQ(formula_error("y age"), "column 3: expected '~' after the response, found 'a'");
  EXPECT_EQ(formula_error("y ~ "), "column 5: expected a variable name, found the end of the formula");
  EXPECT_EQ(formula_error("Surv(t event) ~ x"), "column 8: expected ',' between the time and the event, found 'e'");
  EXPECT_EQ(formula_error("y ~ x + log(z)"), "column 9: unsupported function 'log(' (only Surv, relevel, offset and log inside offset)");
  EXPECT_EQ(formula_error("y ~ x + x"), "column 9: 'x' appears twice in the formula");
  EXPECT_EQ(formula_error("y ~ x - z"), "column 9: expected '1' after '-' (only the intercept can be removed)");
  EXPECT_EQ(formula_error("y ~ offset(log(a)) + offset(b)"), "column 22: only one offset() term is allowed");
}

TEST(Formula, ParsesRelevelInBothOfRsSpellings) {
  auto t = parse_formula("y ~ age + relevel(stage_group, \"3\") + relevel( sex , ref='2')");
  ASSERT_TRUE(t.has_value()) << t.error().to_string();
  EXPECT_EQ(t->covariates, (std::vector<std::string>{"age", "stage_group", "sex"}));
  ASSERT_EQ(t->relevels.size(), 2u);
  const Relevel& stage = t->relevels.at("stage_group");
  EXPECT_EQ(stage.reference, "3");
  EXPECT_EQ(stage.variable_column, 19u);
  EXPECT_EQ(stage.reference_column, 32u);
  const Relevel& sex = t->relevels.at("sex");
  EXPECT_EQ(sex.reference, "2");
  EXPECT_EQ(sex.variable_column, 48u);
  EXPECT_EQ(sex.reference_column, 58u);
}

TEST(Formula, RelevelSyntaxErrorsNameTheColumn) {
  EXPECT_EQ(formula_error("y ~ relevel(g, 3)"), "column 16: expected the reference level in quotes, such as \"3\", found '3'");
  EXPECT_EQ(formula_error("y ~ relevel(g)"), "column 14: expected ',' and the reference level, found ')'");
  EXPECT_EQ(formula_error("y ~ relevel(g, ref \"3\")"), "column 20: expected '=' after ref, found '\"'");
  EXPECT_EQ(formula_error("y ~ relevel(g, \"3)"), "column 16: the quoted reference level is not closed");
  EXPECT_EQ(formula_error("y ~ relevel(g, '')"), "column 16: the reference level is empty");
  EXPECT_EQ(formula_error("y ~ relevel(g, '3'"), "column 19: expected ')' closing relevel(, found the end of the formula");
  EXPECT_EQ(formula_error("y ~ g + relevel(g, '3')"), "column 9: 'g' appears twice in the formula");
}

// A two-column table: numeric x (one missing) and categorical g with choices a, b, c.
analytics::StudyTable small_table() {
  analytics::StudyTable t;
  t.record_ids = {"r1", "r2", "r3", "r4"};
  t.sites = {"", "", "", ""};
  analytics::StudyColumn y{"y", "", analytics::ValueType::categorical, {{"0", "No", {}}, {"1", "Yes", {}}}, false,
                           {0, 1, 1, -1}, {}, {}};
  analytics::StudyColumn x{"x", "", analytics::ValueType::numeric, {}, false, {}, {1.5, std::nan(""), 3, 4}, {}};
  analytics::StudyColumn g{"g", "", analytics::ValueType::categorical,
                           {{"a", "A", {}}, {"b", "B", {}}, {"c", "C", {}}}, false, {0, 1, 0, 0}, {}, {}};
  analytics::StudyColumn label{"label", "", analytics::ValueType::text, {}, false, {}, {}, {"p", "q", "r", "s"}};
  t.columns = {y, x, g, label};
  return t;
}

TEST(Design, DummiesForAgreedLevelsEvenWhenAbsentAndMissingRowsCounted) {
  const auto t = small_table();
  auto terms = parse_formula("y ~ x + g");
  ASSERT_TRUE(terms.has_value());
  auto d = build_design(t, *terms);
  ASSERT_TRUE(d.has_value()) << d.error().to_string();
  EXPECT_EQ(d->names, (std::vector<std::string>{"(Intercept)", "x", "gb", "gc"}));
  EXPECT_EQ(d->excluded, 2u);  // r2: x missing, r4: y missing
  ASSERT_EQ(d->x.rows(), 2);
  Eigen::MatrixXd expected(2, 4);
  expected << 1, 1.5, 0, 0, 1, 3, 0, 0;  // level c never occurs: its column is still there
  EXPECT_EQ(d->x, expected);
  EXPECT_EQ(d->y, Eigen::Vector2d(0, 1));
  EXPECT_EQ(d->offset, Eigen::Vector2d::Zero());
  terms->levels["g"] = {"c", "a", "b"};  // reference c
  auto relevelled = build_design(t, *terms);
  ASSERT_TRUE(relevelled.has_value());
  EXPECT_EQ(relevelled->names, (std::vector<std::string>{"(Intercept)", "x", "ga", "gb"}));
  EXPECT_EQ(relevelled->x.col(2), Eigen::Vector2d(1, 1));
  // What the disclosure checks read: the response's name and each categorical's dummies.
  EXPECT_EQ(relevelled->outcome_variable, "y");
  ASSERT_EQ(relevelled->dummies.size(), 1u);
  EXPECT_EQ(relevelled->dummies[0].variable, "g");
  EXPECT_EQ(relevelled->dummies[0].levels, (std::vector<std::string>{"c", "a", "b"}));
  EXPECT_EQ(relevelled->dummies[0].first, 2u);
  EXPECT_EQ(relevelled->dummies[0].width, 2u);
}

TEST(Design, ErrorsNameTheVariable) {
  const auto t = small_table();
  auto error = [&](const std::string& formula, std::map<std::string, std::vector<std::string>> levels = {}) {
    auto terms = parse_formula(formula);
    EXPECT_TRUE(terms.has_value());
    terms->levels = std::move(levels);
    auto d = build_design(t, *terms);
    EXPECT_FALSE(d.has_value()) << formula;
    return d ? std::string() : d.error().to_string();
  };
  EXPECT_EQ(error("y ~ z"), "field 'z': unknown covariate variable 'z'");
  EXPECT_EQ(error("w ~ x"), "field 'w': unknown outcome variable 'w'");
  EXPECT_EQ(error("y ~ label"), "field 'label': covariate 'label' is a text column; a model needs numbers or choices");
  EXPECT_EQ(error("g ~ x"), "field 'g': categorical outcome 'g' has the non-numeric code 'a'");
  EXPECT_EQ(error("y ~ x + offset(g)"), "field 'g': offset 'g' is categorical");
  EXPECT_EQ(error("y ~ g", {{"g", {"a", "z"}}}), "field 'g': agreed level 'z' is not a choice of 'g'");
  EXPECT_EQ(error("y ~ g", {{"g", {"b", "c"}}}), "field 'g': covariate 'g': a value is not one of the agreed levels");
  auto t2 = t;
  t2.find("x")->numbers[0] = -1;
  auto terms = parse_formula("y ~ g + offset(log(x))");
  ASSERT_TRUE(terms.has_value());
  auto d = build_design(t2, *terms);
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().to_string(), "field 'x': offset 'x': log() of a value that is not positive");
}

TEST(Design, FilterKeepsOnlyMatchingRows) {
  const auto t = small_table();
  auto f = analytics::compile_filter("x >= 3", t);
  ASSERT_TRUE(f.has_value());
  auto terms = parse_formula("y ~ x");
  ASSERT_TRUE(terms.has_value());
  auto d = build_design(t, *terms, &*f);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->x.rows(), 1);  // r3; r4 passes the filter but has no outcome
  EXPECT_EQ(d->excluded, 1u);
  EXPECT_EQ(d->x(0, 1), 3);
}

}  // namespace
}  // namespace oncoshare::models
