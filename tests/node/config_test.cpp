// node.toml numbers: every number key has a range, and nan or inf never loosen a policy.
#include <gtest/gtest.h>

#include <string>

#include "node/config.hpp"

namespace oncoshare::node {
namespace {

std::string with(std::string_view from, std::string_view to) {
  std::string text = example_config();
  text.replace(text.find(from), from.size(), to);
  return text;
}

// The message, after checking the error names the file, a line and the key.
std::string error_of(const std::string& text) {
  auto parsed = parse_config(text, "node.toml", "");
  if (parsed) return "parsed";
  EXPECT_EQ(parsed.error().where.file, "node.toml");
  EXPECT_GT(parsed.error().where.line, 0u);
  EXPECT_EQ(parsed.error().where.field, "datasets[0].min_quality_score");
  return parsed.error().message;
}

// Regression: min_quality_score = 200 or nan started a node that filtered all or nothing.
TEST(NodeConfigNumbers, MinQualityScoreIsAFiniteScore) {
  const std::string key = "datasets[0].min_quality_score: ";
  EXPECT_EQ(error_of(with("min_quality_score = 80", "min_quality_score = 200")),
            key + "200 is outside the allowed range [0, 100]");
  EXPECT_EQ(error_of(with("min_quality_score = 80", "min_quality_score = nan")),
            key + "nan is not a finite number (allowed range [0, 100])");
  EXPECT_EQ(error_of(with("min_quality_score = 80", "min_quality_score = 100")), "parsed");
}

}  // namespace
}  // namespace oncoshare::node
