// The checks a site runs before computing any statistic of a model: response types from
// the dictionary, rows per parameter, saturation, and rare levels of a binary response or a
// categorical covariate (present, but fewer than the minimum cell size), at the boundaries.
#include "models/model_disclosure.hpp"
#include "models/models_test_support.hpp"

namespace oncoshare::models {
namespace {

using analytics::StudyColumn;
using analytics::StudyTable;
using analytics::ValueType;

// `rows` rows of y: binary (0/1), x: numeric, g: categorical a/b/c, t: survival time,
// pair: two levels coded a/b. y = 1 on the first `ones` rows; g = b on the `b` rows after
// them, c on the `c` rows after those (as far as the rows go), a elsewhere.
StudyTable table(std::size_t rows, std::size_t ones, std::size_t b, std::size_t c) {
  StudyTable t;
  StudyColumn y{"y", "", ValueType::categorical, {{"0", "No", {}}, {"1", "Yes", {}}}, false, {}, {}, {}};
  StudyColumn x{"x", "", ValueType::numeric, {}, false, {}, {}, {}};
  StudyColumn g{"g", "", ValueType::categorical, {{"a", "A", {}}, {"b", "B", {}}, {"c", "C", {}}}, false, {}, {}, {}};
  StudyColumn time{"t", "", ValueType::numeric, {}, false, {}, {}, {}};
  StudyColumn pair{"pair", "", ValueType::categorical, {{"a", "A", {}}, {"b", "B", {}}}, false, {}, {}, {}};
  for (std::size_t row = 0; row < rows; ++row) {
    t.record_ids.push_back(fmt::format("r{}", row));
    t.sites.emplace_back();
    y.levels.push_back(row < ones ? 1 : 0);
    x.numbers.push_back(static_cast<double>(row % 7));
    g.levels.push_back(row >= ones && row < ones + b ? 1 : row >= ones + b && row < ones + b + c ? 2 : 0);
    time.numbers.push_back(static_cast<double>(30 * (row + 1)));
    pair.levels.push_back(static_cast<std::int32_t>(row % 2));
  }
  t.columns = {y, x, g, time, pair};
  return t;
}

ModelSpec glm(Family family = Family::binomial) { return {ModelType::glm, "", family, CoxTies::efron, true}; }
ModelSpec cox() { return {ModelType::cox, "", Family::binomial, CoxTies::efron, true}; }

std::string type_refusal(const StudyTable& t, const std::string& formula, const ModelSpec& spec) {
  auto terms = parse_formula(formula);
  EXPECT_TRUE(terms.has_value());
  auto refusal = check_response_types(t, *terms, spec);
  return refusal ? refusal->code + ": " + refusal->reason : "";
}

// The refusal of the design of `formula` on `t`, or "" when the site may answer.
std::string design_refusal(const StudyTable& t, const std::string& formula, const ModelSpec& spec,
                           const ModelLimits& limits = {}) {
  auto terms = parse_formula(formula);
  EXPECT_TRUE(terms.has_value());
  auto design = build_design(t, *terms);
  EXPECT_TRUE(design.has_value()) << design.error().to_string();
  auto refusal = check_design_disclosure(*design, spec, limits);
  return refusal ? refusal->code + ": " + refusal->reason : "";
}

TEST(ModelDisclosure, ResponseTypesAreCheckedAgainstTheDictionary) {
  const StudyTable t = table(100, 50, 20, 20);
  EXPECT_EQ(type_refusal(t, "y ~ x", glm()), "");
  EXPECT_EQ(type_refusal(t, "x ~ g", glm()),
            "model_outcome_type: outcome 'x' is numeric: a binomial model needs a categorical variable with two levels "
            "coded 0 and 1 (e.g. yes/no)");
  EXPECT_EQ(type_refusal(t, "g ~ x", glm()),
            "model_outcome_type: outcome 'g' has 3 levels: a binomial model needs a categorical variable with two "
            "levels coded 0 and 1 (e.g. yes/no)");
  EXPECT_EQ(type_refusal(t, "pair ~ x", glm()),
            "model_outcome_type: outcome 'pair' is not coded 0 and 1: a binomial model needs a categorical variable "
            "with two levels coded 0 and 1 (e.g. yes/no)");
  EXPECT_EQ(type_refusal(t, "x ~ g", glm(Family::gaussian)), "");
  EXPECT_EQ(type_refusal(t, "y ~ x", glm(Family::poisson)),
            "model_outcome_type: outcome 'y' is categorical: a poisson model needs a numeric variable");
  EXPECT_EQ(type_refusal(t, "Surv(t, y) ~ x", cox()), "");
  EXPECT_EQ(type_refusal(t, "Surv(g, y) ~ x", cox()),
            "model_outcome_type: time 'g' is categorical: a Cox model needs a numeric variable");
  EXPECT_EQ(type_refusal(t, "Surv(t, x) ~ g", cox()),
            "model_outcome_type: event 'x' is numeric: a Cox model needs a categorical variable with two levels coded "
            "0 and 1");
  EXPECT_EQ(type_refusal(t, "unknown ~ x", glm()), "");  // build_design names it
}

TEST(ModelDisclosure, RowsPerParameterAndSaturation) {
  // y ~ x + g: 4 parameters, so 40 rows at 10 per parameter.
  EXPECT_EQ(design_refusal(table(39, 15, 10, 10), "y ~ x + g", glm()),
            "model_too_few_rows: the model keeps fewer than 40 rows at this node after the filter and missing values "
            "(at least max(min_cell_size 5, model_rows_per_parameter 10 x 4 parameters), dataset policy)");
  EXPECT_EQ(design_refusal(table(40, 15, 10, 10), "y ~ x + g", glm()), "");
  // The minimum cell size when it is larger; a Cox model's parameters leave out the intercept.
  const ModelLimits strict{50, 10, 0.33};
  EXPECT_EQ(design_refusal(table(49, 0, 0, 0), "Surv(t, y) ~ x", cox(), strict),
            "model_too_few_rows: the model keeps fewer than 50 rows at this node after the filter and missing values "
            "(at least max(min_cell_size 50, model_rows_per_parameter 10 x 1 parameters), dataset policy)");
  const ModelLimits loose{5, 1, 0.05};
  EXPECT_EQ(design_refusal(table(79, 30, 20, 20), "y ~ x + g", glm(), loose),
            "model_saturated: 4 parameters on the rows this node keeps exceed the saturation limit 0.05 "
            "(parameters / rows, dataset policy)");
  EXPECT_EQ(design_refusal(table(80, 30, 20, 20), "y ~ x + g", glm(), loose), "");  // 4 / 80 = 0.05
}

TEST(ModelDisclosure, ABinaryResponseLevelIsAbsentOrAtLeastTheCellSize) {
  EXPECT_EQ(design_refusal(table(60, 4, 20, 20), "y ~ x", glm()),
            "model_small_category: outcome 'y': level '1' is present at this node, but fewer than 5 times among the "
            "rows the model keeps (minimum cell size, dataset policy)");
  EXPECT_EQ(design_refusal(table(60, 56, 0, 0), "y ~ x", glm()),
            "model_small_category: outcome 'y': level '0' is present at this node, but fewer than 5 times among the "
            "rows the model keeps (minimum cell size, dataset policy)");
  EXPECT_EQ(design_refusal(table(60, 5, 20, 20), "y ~ x", glm()), "");
  EXPECT_EQ(design_refusal(table(60, 0, 20, 20), "y ~ x", glm()), "");
  // A Cox event has the same rule; the same codes as a covariate are a category.
  EXPECT_EQ(design_refusal(table(60, 4, 20, 20), "x ~ y", glm(Family::gaussian)),
            "model_small_category: covariate 'y': level '1' is present at this node, but fewer than 5 times among "
            "the rows the model keeps (minimum cell size, dataset policy)");
  EXPECT_EQ(design_refusal(table(60, 4, 20, 20), "Surv(t, y) ~ x", cox()),
            "model_small_category: event 'y': level '1' is present at this node, but fewer than 5 times among the "
            "rows the model keeps (minimum cell size, dataset policy)");
}

TEST(ModelDisclosure, EachLevelOfACategoricalCovariateIsAbsentOrAtLeastTheCellSize) {
  const std::string rule = " is present at this node, but fewer than 5 times among the rows the model keeps "
                           "(minimum cell size, dataset policy)";
  EXPECT_EQ(design_refusal(table(60, 30, 4, 20), "y ~ g", glm()), "model_small_category: covariate 'g': level 'b'" + rule);
  EXPECT_EQ(design_refusal(table(60, 30, 20, 4), "y ~ g", glm()), "model_small_category: covariate 'g': level 'c'" + rule);
  // The reference level is the rows with no dummy set.
  EXPECT_EQ(design_refusal(table(60, 0, 28, 28), "y ~ g", glm()), "model_small_category: covariate 'g': level 'a'" + rule);
  EXPECT_EQ(design_refusal(table(60, 30, 5, 50), "y ~ g", glm()), "");
  EXPECT_EQ(design_refusal(table(60, 30, 0, 20), "y ~ g", glm()), "");  // b absent: a column of zeros
  EXPECT_EQ(design_refusal(table(60, 0, 30, 30), "y ~ g", glm()), "");  // a absent
}

}  // namespace
}  // namespace oncoshare::models
