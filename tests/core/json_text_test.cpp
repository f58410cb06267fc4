#include "core/json_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace oncoshare::core {
namespace {

std::string nested(std::size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); }

TEST(JsonTextTest, ParsesWithinTheLimit) {
  auto parsed = parse_json(R"({"a": [1, {"b": "[[[[ not brackets"}]})", {"body.json"});
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_EQ((*parsed)["a"][1]["b"], "[[[[ not brackets");
  EXPECT_TRUE(parse_json(nested(kMaxJsonDepth), {}));
}

TEST(JsonTextTest, RefusesDeepNestingAtTheBracket) {
  auto deep = parse_json("{\"x\":\n  " + nested(kMaxJsonDepth), {"body.json", 0, 0, "body"});
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code, ErrorCode::bad_input);
  EXPECT_EQ(deep.error().where.file, "body.json");
  EXPECT_EQ(deep.error().where.line, 2u);
  EXPECT_EQ(deep.error().where.column, 3u + kMaxJsonDepth - 1);  // the 65th opening bracket
  EXPECT_NE(deep.error().message.find("nested deeper than 64"), std::string::npos);
  // 400,000 levels (the attack): refused without recursion.
  EXPECT_FALSE(parse_json(nested(400'000), {}));
  EXPECT_FALSE(check_json_depth(std::string(400'000, '{'), {}));
}

TEST(JsonTextTest, EscapedQuotesDoNotEndAString) {
  EXPECT_TRUE(check_json_depth(R"(["\"[[[[[", 1])", {}, 1));
  EXPECT_FALSE(check_json_depth(R"(["\\", [1]])", {}, 1));
}

TEST(JsonTextTest, MalformedTextNamesThePlaceNotTheValue) {
  auto bad = parse_json("{\"a\": 1,\n \"b\": secret-value}", {"x.json", 10});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().where.line, 11u);
  EXPECT_EQ(bad.error().where.column, 7u);
  EXPECT_EQ(bad.error().message.find("secret"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("malformed JSON"), std::string::npos);
}

TEST(JsonTextTest, AnOverflowingNumberIsAnErrorWithoutTheNumber) {
  auto bad = parse_json(R"({"seq":4e378})", Location{"log", 3});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().to_string(), "log:3: malformed JSON: a number out of range");
}

}  // namespace
}  // namespace oncoshare::core
