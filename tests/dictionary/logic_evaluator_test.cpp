#include <gtest/gtest.h>

#include "dictionary/logic.hpp"
#include "logic_test_helpers.hpp"

namespace oncoshare::dictionary::logic {
namespace {

using testing::eval;
using testing::Values;

TEST(LogicEvaluator, Arithmetic) {
  EXPECT_EQ(eval("3+4"), "7");
  EXPECT_EQ(eval("1 + 2 * 3"), "7");
  EXPECT_EQ(eval("(1 + 2) * 3"), "9");
  EXPECT_EQ(eval("10 / 4"), "2.5");
  EXPECT_EQ(eval("7 - 2 - 1"), "4");
  EXPECT_EQ(eval("2^3^2"), "512");  // right-associative
  EXPECT_EQ(eval("-2^2"), "-4");    // power binds tighter than unary minus
  EXPECT_EQ(eval("2^-1"), "0.5");
  EXPECT_EQ(eval("--3"), "3");
  EXPECT_EQ(eval(".34 * 2"), "0.68");
  EXPECT_EQ(eval("[a] * 2", Values{{"[a]", ".4334"}}), "0.8668");
  EXPECT_EQ(eval("1 / 0"), "");  // REDCap shows nothing
  EXPECT_EQ(eval("(-8)^(1/3)"), "");
}

TEST(LogicEvaluator, BlankOperandMakesCalculationBlank) {
  const Values values{{"[weight]", "80"}, {"[height]", ""}};
  EXPECT_EQ(eval("[weight] + [height]", values), "");
  EXPECT_EQ(eval("round(([weight]*10000)/(([height])^(2)),1)", values), "");
  EXPECT_EQ(eval("-[height]", values), "");
  EXPECT_EQ(eval("'' + 1"), "");
}

TEST(LogicEvaluator, TextInArithmeticIsAnErrorWithItsColumn) {
  EXPECT_EQ(eval("[a] * 2", Values{{"[a]", "before validation 1"}}),
            "error: column 1: '*' needs a number, got 'before validation 1'");
  EXPECT_EQ(eval("1 + 'x'"), "error: column 5: '+' needs a number, got 'x'");
  EXPECT_EQ(eval("-'x'"), "error: column 1: unary '-' needs a number, got 'x'");
}

TEST(LogicEvaluator, EqualityIsNumericWhenBothSidesAreNumbers) {
  EXPECT_EQ(eval("[sex] = \"0\"", Values{{"[sex]", "0"}}), "1");
  EXPECT_EQ(eval("[sex] = '0'", Values{{"[sex]", "1"}}), "0");
  EXPECT_EQ(eval("[x] = 1", Values{{"[x]", "01"}}), "1");
  EXPECT_EQ(eval("[x] = 1", Values{{"[x]", "1.0"}}), "1");
  EXPECT_EQ(eval("[x] = 0.5", Values{{"[x]", ".5"}}), "1");
  EXPECT_EQ(eval("'abc' = 'abc'"), "1");
  EXPECT_EQ(eval("'abc' = 'ABC'"), "0");
  EXPECT_EQ(eval("'a' <> 'b'"), "1");
  EXPECT_EQ(eval("'a' != 'a'"), "0");
}

TEST(LogicEvaluator, OrderingComparisons) {
  EXPECT_EQ(eval("[age] >= 18", Values{{"[age]", "18"}}), "1");
  EXPECT_EQ(eval("[age] > 18", Values{{"[age]", "18"}}), "0");
  EXPECT_EQ(eval("[age] < 9", Values{{"[age]", "10"}}), "0");  // numeric, not "10" < "9"
  EXPECT_EQ(eval("[d] < '2020-01-01'", Values{{"[d]", "2019-12-31"}}), "1");  // ISO dates as text
  EXPECT_EQ(eval("2 <= 2"), "1");
}

TEST(LogicEvaluator, BlankEqualsOnlyBlank) {
  const Values blank{{"[x]", ""}};
  EXPECT_EQ(eval("[x] = ''", blank), "1");
  EXPECT_EQ(eval("[x] = \"\"", blank), "1");
  EXPECT_EQ(eval("[x] <> ''", blank), "0");
  EXPECT_EQ(eval("[x] = 0", blank), "0");
  EXPECT_EQ(eval("[x] <> 0", blank), "1");
  EXPECT_EQ(eval("[x] < 5", blank), "0");
  EXPECT_EQ(eval("[x] >= 5", blank), "0");
  EXPECT_EQ(eval("[x] = ''", Values{{"[x]", "0"}}), "0");
}

TEST(LogicEvaluator, LogicalOperators) {
  const Values female{{"[sex]", "0"}, {"[given_birth]", "1"}};
  EXPECT_EQ(eval("[sex] = \"0\" and [given_birth] = \"1\"", female), "1");
  EXPECT_EQ(eval("[sex] = \"1\" or [given_birth] = \"1\"", female), "1");
  EXPECT_EQ(eval("[sex] = \"1\" OR [given_birth] = \"0\"", female), "0");
  EXPECT_EQ(eval("not [sex] = '1'", female), "1");
  EXPECT_EQ(eval("not 1 or 1"), "1");    // (not 1) or 1
  EXPECT_EQ(eval("1 or 0 and 0"), "1");  // and binds tighter than or
  EXPECT_EQ(eval("true and not false"), "1");
}

TEST(LogicEvaluator, AndOrShortCircuit) {
  // The right side names an unknown field, so evaluating it would fail.
  EXPECT_EQ(eval("1 = 1 or [missing] = 1"), "1");
  EXPECT_EQ(eval("1 = 2 and [missing] = 1"), "0");
  EXPECT_EQ(eval("1 = 2 or [missing] = 1"), "error: column 10: field 'missing': unknown field [missing]");
}

TEST(LogicEvaluator, CheckboxAndEventReferences) {
  const Values values{{"[race(2)]", "0"}, {"[race(3)]", "1"}, {"[enrollment_arm_1][age]", "40"}};
  EXPECT_EQ(eval("[race(2)] = '1' or [race(3)]='1'", values), "1");
  EXPECT_EQ(eval("[race(2)] = '1' and [race(3)]='1'", values), "0");
  EXPECT_EQ(eval("[enrollment_arm_1][age] >= 18", values), "1");
  EXPECT_EQ(eval("[age] >= 18", values), "error: column 1: field 'age': unknown field [age]");
}

TEST(LogicEvaluator, TestGivesTruthOfBranchingLogic) {
  auto parsed = parse("[sex] = '0'");
  ASSERT_TRUE(parsed);
  const Values male{{"[sex]", "1"}};
  auto shown = parsed->test(testing::map_resolver(male));
  ASSERT_TRUE(shown);
  EXPECT_FALSE(*shown);

  auto text = parse("[name]");
  ASSERT_TRUE(text);
  const Values named{{"[name]", "Zharko"}};
  auto bad = text->test(testing::map_resolver(named));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().to_string(), "column 1: expected true/false or a number, got 'Zharko'");
}

TEST(LogicEvaluator, NoResolverMeansEveryFieldIsUnknown) {
  auto parsed = parse("[a] = 1");
  ASSERT_TRUE(parsed);
  auto value = parsed->evaluate(Resolver{});
  ASSERT_FALSE(value);
  EXPECT_EQ(value.error().where.field, "a");
  EXPECT_EQ(value.error().where.column, 1u);
}

TEST(LogicEvaluator, TextIsNeverRunAsCode) {
  // A value that looks like logic stays a plain string.
  EXPECT_EQ(eval("[a] = '1'", Values{{"[a]", "1' or '1' = '1"}}), "0");
  EXPECT_EQ(eval("concat([a], '')", Values{{"[a]", "[b] + 1"}}), "[b] + 1");
}

}  // namespace
}  // namespace oncoshare::dictionary::logic
