// Other spellings REDCap accepts: && and ||, and '#' comment lines.
#include <gtest/gtest.h>

#include "dictionary/logic.hpp"
#include "logic_test_helpers.hpp"

namespace oncoshare::dictionary::logic {
namespace {

using testing::eval;
using testing::syntax_error;
using testing::Values;

TEST(LogicSyntax, DoubleAmpersandAndBarAreAndOr) {
  const Values values{{"[a]", "1"}, {"[b]", "0"}};
  EXPECT_EQ(eval("[a] = 1 && [b] = 0", values), "1");
  EXPECT_EQ(eval("[a] = 1 && [b] = 1", values), "0");
  EXPECT_EQ(eval("[a] = 2 || [b] = 0", values), "1");
  EXPECT_EQ(eval("[a] = 2 || [b] = 1", values), "0");
  // Same precedence as and / or: && binds tighter than ||.
  EXPECT_EQ(eval("[a] = 1 || [b] = 1 && [b] = 2", values), "1");
  EXPECT_EQ(eval("([a] = 1 || [b] = 1) && [b] = 2", values), "0");
  EXPECT_EQ(eval("[a] = 1 AND [b] = 0 || 0", values), "1");
}

TEST(LogicSyntax, SingleAmpersandOrBarIsAnError) {
  EXPECT_EQ(syntax_error("[a] = 1 & [b] = 0"),
            "column 9: unexpected character '&' (write '&&' / '||', or 'and' / 'or')");
  EXPECT_EQ(syntax_error("[a] = 1 | [b] = 0"),
            "column 9: unexpected character '|' (write '&&' / '||', or 'and' / 'or')");
  EXPECT_EQ(syntax_error("[a] = 1 &&"), "column 11: expected a value, found end of logic");
}

TEST(LogicSyntax, HashLinesAreComments) {
  const Values values{{"[a]", "yes"}, {"[b]", "no"}};
  EXPECT_EQ(eval("# first group\n[a]='yes' or\n  # second group\n  [b]='yes'", values), "1");
  EXPECT_EQ(eval("# only a comment", values), "");
  EXPECT_EQ(eval("[b]='yes' or\n\t# 'quoted # text' [a]='no'\n[a]='yes'", values), "1");
  auto parsed = parse("# [ignored] field\n[b] = 'x'");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->fields().size(), 1u);
  EXPECT_EQ(parsed->fields()[0].variable, "b");
  EXPECT_EQ(parsed->fields()[0].column, 19u);  // columns still count the comment
}

TEST(LogicSyntax, HashInsideALineOrStringIsNotAComment) {
  EXPECT_EQ(syntax_error("[a] = 1 # note"),
            "column 9: unexpected character '#' ('#' starts a comment only as a line's first character)");
  EXPECT_EQ(eval("[a] = '#1'", Values{{"[a]", "#1"}}), "1");
  EXPECT_EQ(eval("[a] = '\n# not a comment'", Values{{"[a]", "\n# not a comment"}}), "1");
}

}  // namespace
}  // namespace oncoshare::dictionary::logic
