// The minimum-cell-size rule at its boundary: counts 1..min-1 are withheld, zero and min are
// released exactly.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <vector>

#include "node/policy.hpp"

namespace oncoshare::node {
namespace {

TEST(SmallCells, CountsBelowTheMinimumAreWithheldAndTheMinimumIsShown) {
  const std::vector<std::int64_t> cells = {0, 1, 4, 5, 6};
  nlohmann::json out;
  EXPECT_EQ(suppress_small_cells(cells, 5, out), 2u);
  EXPECT_EQ(out, nlohmann::json::parse("[0, null, null, 5, 6]"));
}

TEST(SmallCells, MinimumOneWithholdsNothing) {
  const std::vector<std::int64_t> cells = {0, 1, 2};
  nlohmann::json out;
  EXPECT_EQ(suppress_small_cells(cells, 1, out), 0u);
  EXPECT_EQ(out, nlohmann::json::parse("[0, 1, 2]"));
}

}  // namespace
}  // namespace oncoshare::node
