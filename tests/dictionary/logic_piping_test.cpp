// What [var:label], [var:value], [checkbox:checked] ... stand for.
#include <gtest/gtest.h>

#include <set>

#include "dictionary/logic.hpp"

namespace oncoshare::dictionary::logic {
namespace {

FieldRef ref_of(std::string_view text) {
  auto parsed = parse(text);
  EXPECT_TRUE(parsed) << text;
  return parsed ? parsed->fields().at(0) : FieldRef{};
}

Variable choice_field(FieldType type) {
  Variable v;
  v.name = "race";
  v.type = type;
  v.choices = {Choice{"1", "White", {}}, Choice{"2", "Black", {}}, Choice{"3", "Asian", {}}};
  return v;
}

std::string piped(const Variable& v, std::string_view ref, std::string_view raw, std::set<std::string> ticked = {}) {
  return piped_text(v, ref_of(ref), raw, [&](std::string_view code) { return ticked.contains(std::string(code)); });
}

TEST(LogicPiping, RadioValueAndLabel) {
  const Variable radio = choice_field(FieldType::radio);
  EXPECT_EQ(piped(radio, "[race:label]", "2"), "Black");
  EXPECT_EQ(piped(radio, "[race:value]", "2"), "2");
  EXPECT_EQ(piped(radio, "[race:label]", ""), "");
  EXPECT_EQ(piped(radio, "[race:label]", "9"), "9");  // not a choice: the code as is
}

TEST(LogicPiping, CheckboxCheckedAndUnchecked) {
  const Variable box = choice_field(FieldType::checkbox);
  EXPECT_EQ(piped(box, "[race:checked]", "", {"1", "3"}), "White, Asian");
  EXPECT_EQ(piped(box, "[race:checked:value]", "", {"1", "3"}), "1, 3");
  EXPECT_EQ(piped(box, "[race:unchecked]", "", {"1", "3"}), "Black");
  EXPECT_EQ(piped(box, "[race:unchecked:value]", "", {"1", "3"}), "2");
  EXPECT_EQ(piped(box, "[race:value]", "", {"2"}), "2");
  EXPECT_EQ(piped(box, "[race:checked]", "", {}), "");
  EXPECT_EQ(piped(box, "[race(2):label]", "", {"2"}), "Checked");
  EXPECT_EQ(piped(box, "[race(2):value]", "", {"1"}), "0");
}

TEST(LogicPiping, TextFieldPipesItsValue) {
  Variable text;
  text.name = "note";
  EXPECT_EQ(piped(text, "[note:label]", "abc"), "abc");
  EXPECT_EQ(piped(text, "[note:value]", "abc"), "abc");
}

}  // namespace
}  // namespace oncoshare::dictionary::logic
