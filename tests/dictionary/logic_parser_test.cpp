#include <gtest/gtest.h>

#include "dictionary/logic.hpp"
#include "logic_test_helpers.hpp"

namespace oncoshare::dictionary::logic {
namespace {

using testing::eval;
using testing::syntax_error;

std::vector<std::string> field_names(std::string_view text) {
  auto parsed = parse(text);
  EXPECT_TRUE(parsed) << text << ": " << (parsed ? "" : parsed.error().to_string());
  std::vector<std::string> out;
  if (parsed) {
    for (const auto& field : parsed->fields()) out.push_back(to_string(field));
  }
  return out;
}

TEST(LogicParser, FixtureCalculationsAndBranchingLogicParse) {
  using V = std::vector<std::string>;
  EXPECT_EQ(field_names("round(([weight]*10000)/(([height])^(2)),1)"), (V{"[weight]", "[height]"}));
  EXPECT_EQ(field_names("rounddown(datediff(\"today\", [dob], \"y\", \"ymd\"), 1 )"), (V{"[dob]"}));
  EXPECT_EQ(field_names("[sex] = \"0\" and [given_birth] = \"1\""), (V{"[sex]", "[given_birth]"}));
  EXPECT_EQ(field_names("3+4"), V{});
  EXPECT_EQ(field_names("[histopathology] = '0'"), (V{"[histopathology]"}));
  EXPECT_EQ(field_names("[race(2)] = '1' or [race(3)]='1'"), (V{"[race(2)]", "[race(3)]"}));
  EXPECT_EQ(field_names("datediff([dob],'today','y')"), (V{"[dob]"}));
}

TEST(LogicParser, FieldReferencesCarryEventChoiceAndColumn) {
  auto parsed = parse("[enrollment_arm_1][age] >= 18 and [check_two(a)] = '1'");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->fields().size(), 2u);
  const FieldRef& age = parsed->fields()[0];
  EXPECT_EQ(age.event, "enrollment_arm_1");
  EXPECT_EQ(age.variable, "age");
  EXPECT_EQ(age.choice_code, "");
  EXPECT_EQ(age.column, 1u);
  const FieldRef& check = parsed->fields()[1];
  EXPECT_EQ(check.event, "");
  EXPECT_EQ(check.variable, "check_two");
  EXPECT_EQ(check.choice_code, "a");
  EXPECT_EQ(check.column, 35u);
}

TEST(LogicParser, SeparatedBracketsAreNotAnEventPrefix) {
  // "[a] [b]" is two values side by side, not [event][var].
  EXPECT_EQ(syntax_error("[a] [b]"), "column 5: expected an operator or end of logic, found field [b]");
}

TEST(LogicParser, KeywordsAreCaseInsensitive) {
  EXPECT_EQ(field_names("[a]=1 AND [b]=2 Or NOT [c]=3"), (std::vector<std::string>{"[a]", "[b]", "[c]"}));
  EXPECT_EQ(field_names("ROUND(1.5) + Sum(1, 2)"), std::vector<std::string>{});
}

TEST(LogicParser, EmptyLogicParsesAndIsAlwaysTrue) {
  auto parsed = parse("   ");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->root(), nullptr);
  auto shown = parsed->test([](const FieldRef&) { return std::nullopt; });
  ASSERT_TRUE(shown);
  EXPECT_TRUE(*shown);
}

TEST(LogicParser, ErrorsSayWhatWasExpectedAndWhere) {
  EXPECT_EQ(syntax_error("[sex] = (1 + 2"), "column 15: expected ')' to close '(' opened at column 9");
  EXPECT_EQ(syntax_error("((1)"), "column 5: expected ')' to close '(' opened at column 1");
  EXPECT_EQ(syntax_error("round([a], 1"), "column 13: expected ',' or ')' to close 'round(' opened at column 6");
  EXPECT_EQ(syntax_error("[a] = = 1"), "column 7: expected a value, found '='");
  EXPECT_EQ(syntax_error("[a] ="), "column 6: expected a value, found end of logic");
  EXPECT_EQ(syntax_error("[a] 1"), "column 5: expected an operator or end of logic, found number 1");
  EXPECT_EQ(syntax_error("[a] = 1)"), "column 8: expected an operator or end of logic, found ')'");
  EXPECT_EQ(syntax_error("[a] = 'x"), "column 9: expected closing quote (') for the string started at column 7");
  EXPECT_EQ(syntax_error("[a] # 1"),
            "column 5: unexpected character '#' ('#' starts a comment only as a line's first character)");
  EXPECT_EQ(syntax_error("[a] ! 1"), "column 5: unexpected character '!' (write 'not' or '<>')");
  EXPECT_EQ(syntax_error("age > 3"),
            "column 1: expected a value, found name 'age' (fields are written in brackets: [age])");
  EXPECT_EQ(syntax_error("1 + 1" + std::string(400, '0')), "column 5: number 1" + std::string(400, '0') + " is out of range");
  EXPECT_EQ(syntax_error("round 1"), "column 7: expected '(' after function name 'round'");
}

TEST(LogicParser, UnknownFunctionIsNamedWithItsColumn) {
  EXPECT_EQ(syntax_error("[a] = 1 or foo([b])"), "column 12: unknown function 'foo'");
  EXPECT_EQ(syntax_error("round(1, 2, 3)"), "column 1: function 'round' takes 1 to 2 arguments, got 3");
  EXPECT_EQ(syntax_error("if(1, 2)"), "column 1: function 'if' takes 3 arguments, got 2");
  EXPECT_EQ(syntax_error("sum()"), "column 1: function 'sum' takes at least 1 argument, got 0");
}

TEST(LogicParser, FieldReferenceErrors) {
  EXPECT_EQ(syntax_error("[a"), "column 3: expected ']' to close '[' opened at column 1");
  EXPECT_EQ(syntax_error("[a = 1"), "column 7: expected ']' to close '[' opened at column 1");
  EXPECT_EQ(syntax_error("[] = 1"), "column 2: expected a field name inside '[]'");
  EXPECT_EQ(syntax_error("[ a]"), "column 2: expected a field name after '[', found ' '");
  EXPECT_EQ(syntax_error("[a(]"), "column 4: expected a checkbox choice code after 'a('");
  EXPECT_EQ(syntax_error("[a(1]"), "column 5: expected ')' to close '(' opened at column 3");
  EXPECT_EQ(syntax_error("[a b]"), "column 3: expected ']' after field name 'a', found ' '");
  EXPECT_EQ(syntax_error("[a:inline]"),
            "column 4: unsupported field modifier ':inline' (supported: :value, :label, :checked, :unchecked)");
  EXPECT_EQ(syntax_error("[a(1)][b]"),
            "column 1: expected an event name in [a(1)], not a checkbox choice or modifier");
}

TEST(LogicParser, ColumnsCountCharactersNotBytes) {
  // 'é' is two bytes in UTF-8 but one column.
  EXPECT_EQ(syntax_error("'é' = [a] ~"), "column 11: unexpected character '~'");
}

TEST(LogicParser, NestingIsBounded) {
  const std::string deep = std::string(300, '(') + "1" + std::string(300, ')');
  EXPECT_EQ(syntax_error(deep), "column 257: logic is nested deeper than 256 levels");
  const std::string ok = std::string(256, '(') + "1" + std::string(256, ')');
  EXPECT_EQ(syntax_error(ok), "parsed");
  EXPECT_EQ(syntax_error(std::string(100000, '-') + "1"), "column 257: logic is nested deeper than 256 levels");
  std::string chain = "1";
  for (int i = 0; i < 1100; ++i) chain += "+1";
  EXPECT_EQ(syntax_error(chain), "column 2048: logic is nested deeper than 1024 levels");
}

// Regression: `^` is right-associative, so each operand recursed once more without the
// guard the other rules have; 14,000 operands overflowed the stack.
TEST(LogicParser, PowerChainIsBounded) {
  std::string chain = "2";
  for (int i = 1; i < 14000; ++i) chain += "^2";
  EXPECT_EQ(syntax_error(chain), "column 514: logic is nested deeper than 256 levels");
  std::string signed_chain = "2";
  for (int i = 1; i < 14000; ++i) signed_chain += "^-2";
  EXPECT_EQ(syntax_error(signed_chain), "column 386: logic is nested deeper than 256 levels");
  std::string ok = "1";
  for (int i = 0; i < 200; ++i) ok += "^1";
  EXPECT_EQ(eval(ok), "1");
}

// The evaluator recurses over the tree; the height bound keeps the deepest tree the parser
// accepts within the stack.
TEST(LogicParser, DeepestAcceptedTreesEvaluate) {
  std::string chain = "1";
  for (int i = 0; i < 1022; ++i) chain += "+1";
  EXPECT_EQ(eval(chain), "1023");
  const std::string nested = std::string(128, '(') + std::string(128, '-') + "1" + std::string(128, ')');
  EXPECT_EQ(eval(nested), "1");
}

}  // namespace
}  // namespace oncoshare::dictionary::logic
