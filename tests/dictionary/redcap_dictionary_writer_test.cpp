#include "dictionary/redcap_dictionary_writer.hpp"

#include <gtest/gtest.h>

#include "dictionary/redcap_dictionary.hpp"
#include "dictionary_test_support.hpp"

namespace oncoshare::dictionary {
namespace {

using testing::fixture;
using testing::read_all;
using testing::ScratchDir;

TEST(RedcapCsvCell, QuotesOnlyWhenRedcapDoes) {
  EXPECT_EQ(redcap_csv_cell("record_id"), "record_id");
  EXPECT_EQ(redcap_csv_cell(""), "");
  EXPECT_EQ(redcap_csv_cell("Kt/V"), "Kt/V");
  EXPECT_EQ(redcap_csv_cell("Confirmed?"), "Confirmed?");
  EXPECT_EQ(redcap_csv_cell("Record ID"), "\"Record ID\"");
  EXPECT_EQ(redcap_csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(redcap_csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(redcap_csv_cell("two\nlines"), "\"two\nlines\"");
}

class WriterRoundTrip : public ::testing::TestWithParam<const char*> {};

// Read a real dictionary, write it, read it back: the same variables, and (except where
// the file's own spelling differs from REDCap's canonical one) the same bytes.
TEST_P(WriterRoundTrip, SameDictionaryAndBytes) {
  const std::string set = GetParam();
  auto original = read_redcap_dictionary(fixture(set));
  ASSERT_TRUE(original.has_value()) << original.error().to_string();
  ScratchDir dir;
  const std::string out = dir.path("dd.csv");
  ASSERT_TRUE(write_redcap_dictionary(*original, out).has_value());
  auto again = read_redcap_dictionary(out);
  ASSERT_TRUE(again.has_value()) << again.error().to_string();
  EXPECT_EQ(again->variables(), original->variables());

  std::string expected = read_all(fixture(set));
  if (expected.starts_with("\xEF\xBB\xBF")) expected.erase(0, 3);  // we write no BOM
  if (set == "redcapr-checkboxes-1") {
    // The upstream file writes "1, one|2, two"; REDCap itself writes " | ".
    std::string spaced;
    for (char c : expected) {
      if (c == '|') spaced += " | ";
      else spaced += c;
    }
    expected = spaced;
  }
  EXPECT_EQ(read_all(out), expected);
}

INSTANTIATE_TEST_SUITE_P(RealRedcap, WriterRoundTrip,
                         ::testing::Values("redcapr-clinical-trial-1",
                                           "redcapr-blank-for-gray-status",
                                           "redcapr-longitudinal",
                                           "redcapr-repeating-instruments-sparse",
                                           "redcapr-checkboxes-1",
                                           "redcapr-validation-types-1",
                                           "redcapr-potentially-problematic-values",
                                           "redcapr-potentially-problematic-dictionary"));

TEST(RedcapDictionaryWriter, BuiltDictionary) {
  Dictionary d;
  Variable id;
  id.name = "record_id";
  id.form = "patient";
  id.label = "Patient ID";
  d.add(id);
  Variable sex;
  sex.name = "sex";
  sex.form = "patient";
  sex.type = FieldType::radio;
  sex.label = "Sex, at birth";
  sex.choices = {{"1", "Male", {}}, {"2", "Female, \"F\"", {}}};
  sex.required = true;
  d.add(sex);
  EXPECT_EQ(format_redcap_dictionary(d),
            testing::kHeader +
                "record_id,patient,,text,\"Patient ID\",,,,,,,,,,,,,\n"
                "sex,patient,,radio,\"Sex, at birth\",\"1, Male | 2, Female, \"\"F\"\"\",,,,"
                ",,,y,,,,,\n");
}

TEST(RedcapDictionaryWriter, FailureLeavesNoFile) {
  Dictionary d;
  auto status = write_redcap_dictionary(d, "/nonexistent-dir/dd.csv");
  EXPECT_FALSE(status.has_value());
}

}  // namespace
}  // namespace oncoshare::dictionary
