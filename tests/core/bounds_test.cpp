#include "core/bounds.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace oncoshare::core {
namespace {

std::string problem(std::string_view text, const Bounds& bounds) {
  return number_text_problem(text, bounds).value_or("ok");
}

TEST(Bounds, WholeNumbersAreReadExactly) {
  const Bounds seeds = whole_numbers(0, 18446744073709551615.0L);
  EXPECT_EQ(seeds.text(), "[0, 18446744073709551615]");
  EXPECT_EQ(problem("18446744073709551615", seeds), "ok");
  EXPECT_EQ(problem("-1", seeds), "-1 is outside the allowed range [0, 18446744073709551615]");
  EXPECT_EQ(problem("99999999999999999999999", seeds),
            "99999999999999999999999 is outside the allowed range [0, 18446744073709551615]");
  const Bounds k = whole_numbers(1, 100);
  EXPECT_EQ(problem("2.5", k), "'2.5' is not a whole number (allowed range [1, 100])");
  EXPECT_EQ(problem("", k), "'' is not a number (allowed range [1, 100])");
  EXPECT_EQ(problem("+7", k), "ok");
}

TEST(Bounds, RealNumbersMustBeFinite) {
  const Bounds score = real_numbers(0, 100);
  EXPECT_EQ(problem("99.5", score), "ok");
  EXPECT_EQ(problem("nan", score), "nan is not a finite number (allowed range [0, 100])");
  EXPECT_EQ(problem("-inf", score), "-inf is not a finite number (allowed range [0, 100])");
  EXPECT_EQ(problem(" 5", score), "' 5' is not a number (allowed range [0, 100])");
  EXPECT_EQ(range_problem(100.25, score).value_or("ok"), "100.25 is outside the allowed range [0, 100]");
  EXPECT_EQ(real_numbers(0, 0.05).text(), "[0, 0.05]");
  EXPECT_EQ(problem(std::string(100, '9') + "x", score).substr(0, 45), "'9999999999999999999999999999999999999999...'");
}

TEST(Bounds, AbsoluteUris) {
  for (const char* ok : {"urn:oncoshare:pseudonym", "https://example.org/ids?x=1#f", "urn:oid:1.2.3", "a+b-c.d:x"}) {
    EXPECT_EQ(absolute_uri_problem(ok), std::nullopt) << ok;
  }
  for (const char* bad : {"not a uri \"x", "pseudonyms", ":x", "1http://x", "http:", "http://a b", "urn:x\"y",
                          "urn:x\ty", "urn:{x}"}) {
    EXPECT_NE(absolute_uri_problem(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace oncoshare::core
