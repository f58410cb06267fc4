// What logic reads from an export: smart variables from the row (record, event, arm, data
// access group, instance) and piping modifiers from the dictionary's choices.
#include "quality/test_support.hpp"

namespace oncoshare::quality {
namespace {

using test::describe;

TEST(LogicValues, SmartVariablesAndModifiersComeFromTheRow) {
  const std::string text = std::string(test::kDictionaryHeader) +
      "record_id,base,,text,ID,,,,,,,,,,,,,\n"
      "sex,base,,radio,Sex,\"1, Male | 2, Female\",,,,,,,,,,,,\n"
      "como,base,,checkbox,Como,\"1, A | 2, B | 3, C\",,,,,,,,,,,,\n"
      "f_label,base,,text,L,,,,,,,[sex:label] = 'Female',,,,,,\n"
      "f_checked,base,,text,C,,,,,,,\"[como:checked:value] = '1, 3' and [como:unchecked] = 'B'\",,,,,,\n"
      "f_row,base,,text,R,,,,,,,[record-dag-name] = 'site_a' and [event-name] = 'base_arm_2' and "
      "[arm-number] = 2 and [record-name] = '1',,,,,,\n"
      "v,visit,,text,V,,,,,,,[current-instance] > 1,,,,,,\n";
  auto dict = dictionary::read_redcap_dictionary_text(text, "dd.csv");
  ASSERT_TRUE(dict.has_value()) << dict.error().to_string();
  const std::string data = test::temp_file(
      "export.csv",
      "record_id,redcap_event_name,redcap_repeat_instrument,redcap_repeat_instance,redcap_data_access_group,sex,"
      "como___1,como___2,como___3,f_label,f_checked,f_row,base_complete,v,visit_complete\n"
      "1,base_arm_2,,,site_a,2,1,0,1,x,y,z,2,,\n"
      "1,base_arm_2,visit,1,site_a,,,,,,,,,v1,2\n"
      "1,base_arm_2,visit,2,site_a,,,,,,,,,v2,2\n"
      "2,base_arm_1,,,site_b,1,1,1,0,x,y,z,2,,\n");
  const test::Run r = test::run_checker(*dict, {data});
  ASSERT_EQ(r.error, "");
  EXPECT_TRUE(r.report.not_checkable.empty());
  EXPECT_EQ(describe(r.failures), (std::vector<std::string>{
      "branching.hidden_value.v 1/visit#1 v='v1': has a value but its branching logic is false: "
      "[current-instance] > 1",
      "branching.hidden_value.f_label 2 f_label='x': has a value but its branching logic is false: "
      "[sex:label] = 'Female'",
      "branching.hidden_value.f_checked 2 f_checked='y': has a value but its branching logic is false: "
      "[como:checked:value] = '1, 3' and [como:unchecked] = 'B'",
      "branching.hidden_value.f_row 2 f_row='z': has a value but its branching logic is false: "
      "[record-dag-name] = 'site_a' and [event-name] = 'base_arm_2' and [arm-number] = 2 and [record-name] = '1'"}));
}

}  // namespace
}  // namespace oncoshare::quality
