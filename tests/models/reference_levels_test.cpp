// Which level of a categorical covariate is the reference, and how its dummies are named:
// yesno/truefalse as R's 0/1 numbers (reference No/False, one column named after the
// variable), radio/dropdown in dictionary order, relevel() in the formula, and the errors
// for a relevel() the table cannot honour, with their formula column.
#include "dictionary/choices.hpp"
#include "models/models_test_support.hpp"

namespace oncoshare::models {
namespace {

using analytics::StudyColumn;
using analytics::ValueType;
using dictionary::FieldType;

StudyColumn categorical(const std::string& name, FieldType field, std::vector<dictionary::Choice> choices,
                        std::vector<std::int32_t> levels) {
  StudyColumn c{name, "", ValueType::categorical, std::move(choices), false, std::move(levels), {}, {}};
  c.field_type = field;
  return c;
}

// Four rows: a yesno, a truefalse, a radio with choices 1..3 (dictionary order 2, 1, 3)
// and a numeric outcome.
analytics::StudyTable table() {
  analytics::StudyTable t;
  t.record_ids = {"r1", "r2", "r3", "r4"};
  t.sites = {"", "", "", ""};
  t.columns = {
      categorical("obstruct", FieldType::yesno, dictionary::implicit_choices(FieldType::yesno), {0, 1, 0, 1}),
      categorical("adhere", FieldType::truefalse, dictionary::implicit_choices(FieldType::truefalse), {1, 1, 0, 0}),
      categorical("grade", FieldType::radio, {{"2", "II", {}}, {"1", "I", {}}, {"3", "III", {}}}, {0, 1, 2, 1}),
      {"y", "", ValueType::numeric, {}, false, {}, {1, 2, 3, 4}, {}},
  };
  return t;
}

Design design(const std::string& formula) {
  auto terms = parse_formula(formula);
  EXPECT_TRUE(terms.has_value()) << terms.error().to_string();
  if (!terms) return {};
  auto d = build_design(table(), *terms);
  EXPECT_TRUE(d.has_value()) << d.error().to_string();
  return d ? std::move(*d) : Design{};
}

std::string design_error(const std::string& formula) {
  auto terms = parse_formula(formula);
  EXPECT_TRUE(terms.has_value()) << terms.error().to_string();
  if (!terms) return {};
  auto d = build_design(table(), *terms);
  EXPECT_FALSE(d.has_value()) << formula;
  return d ? std::string() : d.error().to_string();
}

TEST(ReferenceLevels, YesNoAndTrueFalseAreZeroOneNumbersNamedAfterTheVariable) {
  const Design d = design("y ~ obstruct + adhere");
  EXPECT_EQ(d.names, (std::vector<std::string>{"(Intercept)", "obstruct", "adhere"}));
  // Yes/True (code 1) is 1, No/False (code 0) the reference.
  EXPECT_EQ(d.x.col(1), Eigen::Vector4d(1, 0, 1, 0));
  EXPECT_EQ(d.x.col(2), Eigen::Vector4d(0, 0, 1, 1));
  ASSERT_EQ(d.dummies.size(), 2u);
  EXPECT_EQ(d.dummies[0].levels, (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(d.dummies[1].levels, (std::vector<std::string>{"0", "1"}));
}

TEST(ReferenceLevels, RadioKeepsTheFirstChoiceInDictionaryOrder) {
  const Design d = design("y ~ grade");
  EXPECT_EQ(d.names, (std::vector<std::string>{"(Intercept)", "grade1", "grade3"}));
  ASSERT_EQ(d.dummies.size(), 1u);
  EXPECT_EQ(d.dummies[0].levels, (std::vector<std::string>{"2", "1", "3"}));
  EXPECT_EQ(d.x.col(1), Eigen::Vector4d(0, 1, 0, 1));
  EXPECT_EQ(d.x.col(2), Eigen::Vector4d(0, 0, 1, 0));
}

TEST(ReferenceLevels, RelevelMovesTheReferenceFirstAndKeepsTheOthersInOrder) {
  for (const char* formula : {"y ~ relevel(grade, \"3\")", "y ~ relevel(grade, ref = '3')"}) {
    SCOPED_TRACE(formula);
    const Design d = design(formula);
    EXPECT_EQ(d.names, (std::vector<std::string>{"(Intercept)", "grade2", "grade1"}));
    ASSERT_EQ(d.dummies.size(), 1u);
    EXPECT_EQ(d.dummies[0].levels, (std::vector<std::string>{"3", "2", "1"}));
    EXPECT_EQ(d.x.col(1), Eigen::Vector4d(1, 0, 0, 0));
    EXPECT_EQ(d.x.col(2), Eigen::Vector4d(0, 1, 0, 1));
  }
}

TEST(ReferenceLevels, RelevelOfAYesNoMakesItAFactor) {
  // As R's relevel(factor(obstruct), ref = "1"): one dummy named variable + code.
  EXPECT_EQ(design("y ~ relevel(obstruct, \"1\")").names, (std::vector<std::string>{"(Intercept)", "obstruct0"}));
  EXPECT_EQ(design("y ~ relevel(obstruct, \"0\")").names, (std::vector<std::string>{"(Intercept)", "obstruct1"}));
}

TEST(ReferenceLevels, RelevelErrorsGiveTheFormulaColumn) {
  EXPECT_EQ(design_error("y ~ relevel(grade, \"9\")"),
            "column 20: field 'grade': relevel(): 'grade' has no level '9' (its levels: 2, 1, 3)");
  EXPECT_EQ(design_error("y ~ obstruct + relevel(stage, ref = \"3\")"),
            "column 24: field 'stage': relevel() of unknown variable 'stage'");
  EXPECT_EQ(design_error("obstruct ~ relevel(y, \"1\")"),
            "column 20: field 'y': relevel() needs a categorical variable; 'y' is numeric");
}

}  // namespace
}  // namespace oncoshare::models
