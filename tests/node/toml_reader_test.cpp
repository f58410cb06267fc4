// The TOML reader on hostile nesting: toml++ refuses it itself (TOML_MAX_NESTED_VALUES)
// rather than recursing once per bracket, and the error names the line.
#include "node/toml_reader.hpp"

#include <gtest/gtest.h>

#include <string>

namespace oncoshare::node {
namespace {

TEST(TomlReader, DeeplyNestedArraysAndInlineTablesAreRefusedNamingTheLine) {
  for (const std::string open : {"[", "{a="}) {
    std::string text = "# node.toml\n\nname = ";
    for (int i = 0; i < 100'000; ++i) text += open;
    auto parsed = parse_toml(text, "node.toml");
    ASSERT_FALSE(parsed) << open;
    EXPECT_EQ(parsed.error().where.file, "node.toml");
    EXPECT_EQ(parsed.error().where.line, 3u);
    EXPECT_NE(parsed.error().message.find("nested"), std::string::npos) << parsed.error().message;
  }
}

}  // namespace
}  // namespace oncoshare::node
