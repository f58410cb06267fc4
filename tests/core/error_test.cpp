#include "core/error.hpp"

#include <gtest/gtest.h>

#include "core/result.hpp"

namespace oncoshare::core {
namespace {

TEST(Error, FormatsEveryPartOfTheLocation) {
  EXPECT_EQ(bad_input("bad date", Location{"d.csv", 12, 7, "dob"}).to_string(),
            "d.csv:12:7: field 'dob': bad date");
  EXPECT_EQ(bad_input("x", Location{"d.csv", 3}).to_string(), "d.csv:3: x");
  EXPECT_EQ(bad_input("x", Location{"", 0, 9}).to_string(), "column 9: x");
  EXPECT_EQ(bad_input("x", Location{"", 2, 9}).to_string(), "line 2, column 9: x");
  EXPECT_EQ(bad_input("x").to_string(), "x");
}

TEST(Error, ExitCodes) {
  EXPECT_EQ(exit_code(bad_input("x")), 2);
  EXPECT_EQ(exit_code(io_error("x")), 2);
  EXPECT_EQ(exit_code(Error{ErrorCode::check_failed, "x", {}}), 1);
  EXPECT_EQ(exit_code(Error{ErrorCode::internal, "x", {}}), 3);
}

Result<int> half(int n) {
  if (n % 2) return bad_input("odd");
  return n / 2;
}

Result<int> quarter(int n) {
  auto h = half(n);
  ONCOSHARE_TRY(h);
  return half(*h);
}

TEST(Result, CarriesValueOrErrorAndPropagates) {
  EXPECT_EQ(*quarter(8), 2);
  auto r = quarter(6);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "odd");
  Status ok;
  EXPECT_TRUE(ok);
  Status failed = fail(bad_input("no"));
  EXPECT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "no");
}

}  // namespace
}  // namespace oncoshare::core
