#include <gtest/gtest.h>

#include "dictionary/logic.hpp"
#include "logic_test_helpers.hpp"

namespace oncoshare::dictionary::logic {
namespace {

using testing::eval;
using testing::Values;

TEST(LogicFunctions, IfRunsOnlyTheChosenBranch) {
  EXPECT_EQ(eval("if([a] > 1, 'big', 'small')", Values{{"[a]", "5"}}), "big");
  EXPECT_EQ(eval("if([a] > 1, 'big', 'small')", Values{{"[a]", "0"}}), "small");
  EXPECT_EQ(eval("if(1 = 1, 3, [unknown])"), "3");
}

TEST(LogicFunctions, AggregatesIgnoreBlanks) {
  const Values values{{"[a]", "2"}, {"[b]", ""}, {"[c]", "7"}};
  EXPECT_EQ(eval("sum([a], [b], [c])", values), "9");
  EXPECT_EQ(eval("mean([a], [b], [c])", values), "4.5");
  EXPECT_EQ(eval("min([a], [b], [c])", values), "2");
  EXPECT_EQ(eval("max([a], [b], [c])", values), "7");
  EXPECT_EQ(eval("median(5, 1, 3, [b])", values), "3");
  EXPECT_EQ(eval("median(4, 1, 3, 2)"), "2.5");
  EXPECT_EQ(eval("stdev(2, 4, 4, 4, 5, 5, 7, 9)"), "2.138089935299395");
  EXPECT_EQ(eval("sum([b])", values), "");
  EXPECT_EQ(eval("sum(1, 'x')"), "error: column 1: sum() needs a number, got 'x'");
}

TEST(LogicFunctions, Rounding) {
  EXPECT_EQ(eval("round(31.25, 1)"), "31.3");
  EXPECT_EQ(eval("round(2.675, 2)"), "2.68");  // decimal intent, although 2.675 is 2.67499... in binary
  EXPECT_EQ(eval("round(-2.5)"), "-3");        // half away from zero
  EXPECT_EQ(eval("round(1234.5, -2)"), "1200");
  EXPECT_EQ(eval("roundup(8.91, 1)"), "9");
  EXPECT_EQ(eval("rounddown(8.99947, 1)"), "8.9");
  EXPECT_EQ(eval("rounddown(1.1, 1)"), "1.1");  // 1.1 * 10 is 11.000000000000002
  EXPECT_EQ(eval("round([x], 1)", Values{{"[x]", ""}}), "");
  EXPECT_EQ(eval("round(1.5, 0.5)"), "error: column 1: round(): expected a whole number, got 0.5");
  EXPECT_EQ(eval("abs(-3.5)"), "3.5");
  EXPECT_EQ(eval("sqrt(16)"), "4");
  EXPECT_EQ(eval("sqrt(-1)"), "");
}

TEST(LogicFunctions, ValueTests) {
  EXPECT_EQ(eval("isblankormissingcode([x])", Values{{"[x]", ""}}), "1");
  EXPECT_EQ(eval("isblankormissingcode([x])", Values{{"[x]", "0"}}), "0");
  EXPECT_EQ(eval("isnumber('.34')"), "1");
  EXPECT_EQ(eval("isnumber('55:02')"), "0");
  EXPECT_EQ(eval("isinteger('12')"), "1");
  EXPECT_EQ(eval("isinteger('-12')"), "1");
  EXPECT_EQ(eval("isinteger('12.5')"), "0");
  EXPECT_EQ(eval("isinteger('before validation 1')"), "0");
}

TEST(LogicFunctions, MissingCodesComeFromTheOptions) {
  auto parsed = parse("isblankormissingcode([x])");
  ASSERT_TRUE(parsed);
  EvaluationOptions options;
  options.missing_codes = {"UNK", "NA"};
  const Values values{{"[x]", "UNK"}};
  auto value = parsed->evaluate(testing::map_resolver(values), options);
  ASSERT_TRUE(value);
  EXPECT_EQ(format_value(*value), "1");
}

TEST(LogicFunctions, TextFunctions) {
  EXPECT_EQ(eval("contains('Adenocarcinoma', 'CARCIN')"), "1");  // case-insensitive, as in REDCap
  EXPECT_EQ(eval("not_contain('Adenocarcinoma', 'sarcoma')"), "1");
  EXPECT_EQ(eval("starts_with('Adenocarcinoma', 'adeno')"), "1");
  EXPECT_EQ(eval("ends_with('Adenocarcinoma', 'oma')"), "1");
  EXPECT_EQ(eval("ends_with('a', 'oma')"), "0");
  EXPECT_EQ(eval("length('héllo')"), "5");
  EXPECT_EQ(eval("left('héllo', 2)"), "hé");
  EXPECT_EQ(eval("right('héllo', 3)"), "llo");
  EXPECT_EQ(eval("right('abc', 10)"), "abc");
  EXPECT_EQ(eval("mid('abcdef', 2, 3)"), "bcd");
  EXPECT_EQ(eval("mid('abcdef', 0, 3)"), "error: column 1: mid(): start must be 1 or more, got 0");
  EXPECT_EQ(eval("left('abc', -1)"), "error: column 1: left(): expected a count of 0 or more, got -1");
  EXPECT_EQ(eval("concat('T', 2, 'N', 0)"), "T2N0");
  EXPECT_EQ(eval("lower('ABC') = 'abc'"), "1");
  EXPECT_EQ(eval("upper('abc')"), "ABC");
  EXPECT_EQ(eval("trim('  x y  ')"), "x y");
  EXPECT_EQ(eval("trim('   ') = ''"), "1");
}

TEST(LogicFunctions, DateParts) {
  EXPECT_EQ(eval("year('2019-10-14')"), "2019");
  EXPECT_EQ(eval("month('2019-10-14')"), "10");
  EXPECT_EQ(eval("day('2019-10-14 08:30')"), "14");
  EXPECT_EQ(eval("year([d])", Values{{"[d]", ""}}), "");
  EXPECT_EQ(eval("year('before validation 1')"), "error: column 1: year(): expected a date, got 'before validation 1'");
}

// Expected values below are counted by hand: day counts between the dates, then REDCap's
// factors (a year is 365.2425 days, a month 30.44 days).
TEST(LogicFunctions, DatediffUnits) {
  EXPECT_EQ(eval("datediff('2020-01-01', '2021-01-01', 'd')"), "366");  // 2020 is a leap year
  EXPECT_EQ(eval("datediff('2020-01-01', '2021-01-01', 'y')"), "1.0020739645577939");  // 366 / 365.2425
  EXPECT_EQ(eval("datediff('2020-01-01', '2020-03-01', 'M')"), "1.971090670170828");  // 60 / 30.44
  EXPECT_EQ(eval("datediff('2020-01-01 10:00', '2020-01-02 12:30', 'h')"), "26.5");
  EXPECT_EQ(eval("datediff('2020-01-01 10:00', '2020-01-02 12:30', 'm')"), "1590");
  EXPECT_EQ(eval("datediff('2020-01-01 10:00:00', '2020-01-02 12:30:05', 's')"), "95405");
  EXPECT_EQ(eval("datediff('2023-02-28', '2023-03-01', 'd')"), "1");
  EXPECT_EQ(eval("datediff('2024-02-28', '2024-03-01', 'd')"), "2");
  EXPECT_EQ(eval("datediff('1900-01-01', '2000-01-01', 'd')"), "36524");  // 1900 is not a leap year
}

TEST(LogicFunctions, DatediffSignAndFormat) {
  EXPECT_EQ(eval("datediff('2021-01-01', '2020-01-01', 'd')"), "366");  // absolute by default
  EXPECT_EQ(eval("datediff('2021-01-01', '2020-01-01', 'd', 'ymd', true)"), "-366");
  EXPECT_EQ(eval("datediff('2021-01-01', '2020-01-01', 'd', true)"), "-366");
  EXPECT_EQ(eval("datediff('2020-01-01', '2021-01-01', 'd', 'ymd', true)"), "366");
  EXPECT_EQ(eval("datediff('12-31-2019', '01-01-2020', 'd', 'mdy')"), "1");
  EXPECT_EQ(eval("datediff('31/12/2019', '01/01/2020', 'd', 'dmy')"), "1");
  EXPECT_EQ(eval("datediff('2019-12-31', '2020-01-01', 'd', 'dmy')"), "1");  // exports are ISO anyway
}

TEST(LogicFunctions, DatediffToday) {
  // 2000-03-01 .. 2024-03-01 = 24 * 365 + 6 leap days (2000, 04, 08, 12, 16, 20) = 8766 days.
  const Values values{{"[dob]", "2000-03-01"}};
  EXPECT_EQ(eval("datediff([dob],'today','y')", values, "2024-03-01"), "24.000492823261258");
  EXPECT_EQ(eval("rounddown(datediff(\"today\", [dob], \"y\", \"ymd\"), 1 )", values, "2024-03-01"), "24");
  EXPECT_EQ(eval("datediff([dob], 'now', 'd')", values, "2000-03-02"), "1");
  EXPECT_EQ(eval("datediff([dob],'today','y')", values, ""),
            "error: column 1: datediff(): 'today' needs today's date, and none was given");
  EXPECT_EQ(eval("datediff([dob],'today','y')", Values{{"[dob]", ""}}), "");
}

TEST(LogicFunctions, DatediffErrors) {
  EXPECT_EQ(eval("datediff('2020-01-01', '2021-01-01', 'w')"),
            "error: column 1: datediff(): unit must be one of y, M, d, h, m, s; got 'w'");
  EXPECT_EQ(eval("1 + datediff('2023-02-30', '2021-01-01', 'd')"),
            "error: column 5: datediff(): expected a date, got '2023-02-30'");
  EXPECT_EQ(eval("datediff('2020-01-01', '2021-01-01', 'd', 'iso', true)"),
            "error: column 1: datediff(): format must be ymd, mdy or dmy; got 'iso'");
}

TEST(LogicFunctions, LogarithmsExponentialAndMod) {
  EXPECT_EQ(eval("log(100, 10)"), "2");
  EXPECT_EQ(eval("log(8, 2)"), "3");
  EXPECT_EQ(eval("round(log(10), 6)"), "2.302585");  // natural without a base
  EXPECT_EQ(eval("log(exponential(2))"), "2");
  EXPECT_EQ(eval("log(0)"), "");
  EXPECT_EQ(eval("log(-1, 10)"), "");
  EXPECT_EQ(eval("log([x], 10)", Values{{"[x]", ""}}), "");
  EXPECT_EQ(eval("log('x')"), "error: column 1: log() needs a number, got 'x'");
  EXPECT_EQ(eval("exponential(0)"), "1");
  EXPECT_EQ(eval("mod(10, 3)"), "1");
  EXPECT_EQ(eval("mod(-7, 3)"), "-1");
  EXPECT_EQ(eval("mod(7.5, 2)"), "1.5");
  EXPECT_EQ(eval("mod(7, 0)"), "");
}

TEST(LogicFunctions, FindConcatWsReplaceText) {
  EXPECT_EQ(eval("find('lo', 'Hello')"), "4");
  EXPECT_EQ(eval("find('LO', 'hello')"), "4");  // case-insensitive like contains()
  EXPECT_EQ(eval("find('z', 'hello')"), "0");
  EXPECT_EQ(eval("find('b', 'éab')"), "3");     // characters, not bytes
  EXPECT_EQ(eval("concat_ws(' and ', 'Lettuce', [b], 'Onion')", Values{{"[b]", ""}}), "Lettuce and Onion");
  EXPECT_EQ(eval("concat_ws('-', 2024, 3, 1)"), "2024-3-1");
  EXPECT_EQ(eval("replace_text('a-b-c', '-', '/')"), "a/b/c");
  EXPECT_EQ(eval("replace_text('aaa', 'aa', 'b')"), "ba");
  EXPECT_EQ(eval("replace_text('abc', '', 'x')"), "abc");
  EXPECT_EQ(eval("not_contains('abc', 'z')"), "1");
  EXPECT_EQ(eval("not_contain('abc', 'B')"), "0");
}

}  // namespace
}  // namespace oncoshare::dictionary::logic
