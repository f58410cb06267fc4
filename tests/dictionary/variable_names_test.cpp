// REDCap's limits on variable names: length, reserved names, checkbox export columns.
#include "dictionary/variable_names.hpp"

#include <gtest/gtest.h>

#include "dictionary/check.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "dictionary_test_support.hpp"

namespace oncoshare::dictionary {
namespace {

using testing::kHeader;
using testing::ScratchDir;

std::vector<std::string> problems_of(const std::string& path) {
  auto d = read_redcap_dictionary(path);
  EXPECT_TRUE(d.has_value()) << d.error().to_string();
  std::vector<std::string> out;
  if (!d) return out;
  for (const Problem& p : check_dictionary(*d)) out.push_back(p.to_string());
  return out;
}

TEST(VariableNames, LengthReservedAndCheckboxColumns) {
  ScratchDir dir;
  const std::string long_name(101, 'a');
  const std::string longest(100, 'b');
  std::string path = dir.write(
      "dd.csv", kHeader +
                    "record_id,visit,,text,ID,,,,,,,,,,,,,\n"                       // 2
                    + long_name + ",visit,,text,Long,,,,,,,,,,,,,\n"                // 3
                    + longest + ",visit,,text,Longest allowed,,,,,,,,,,,,,\n"        // 4
                    "redcap_event_name,visit,,text,Event,,,,,,,,,,,,,\n"            // 5
                    "submit,visit,,text,Submit,,,,,,,,,,,,,\n"                      // 6
                    "visit_complete,visit,,text,Done,,,,,,,,,,,,,\n"                // 7
                    "visit_timestamp,visit,,text,When,,,,,,,,,,,,,\n"               // 8
                    "cb,visit,,checkbox,Pick,\"1, A | X, B\",,,,,,,,,,,,\n"          // 9
                    "cb___1,visit,,text,Clash,,,,,,,,,,,,,\n"                       // 10
                    "cb___x,visit,,yesno,Clash too,,,,,,,,,,,,,\n"                  // 11
                    "cb___2,visit,,text,No clash,,,,,,,,,,,,,\n"                    // 12
                    "other_complete,visit,,text,Not a form,,,,,,,,,,,,,\n");        // 13
  const std::string f = path + ":";
  EXPECT_EQ(problems_of(path),
            (std::vector<std::string>{
                f + "3: field '" + long_name +
                    "': error: variable name is 101 characters long; REDCap allows at most 100",
                f + "5: field 'redcap_event_name': error: 'redcap_event_name' is a reserved "
                    "name: REDCap uses this name itself",
                f + "6: field 'submit': error: 'submit' is a reserved name: REDCap reserves this "
                    "word because browsers misread it in logic",
                f + "7: field 'visit_complete': error: 'visit_complete' is a reserved name: "
                    "REDCap adds the form status column 'visit_complete' itself",
                f + "8: field 'visit_timestamp': warning: 'visit_timestamp' is the column REDCap "
                    "adds for the survey timestamp when the form is a survey",
                f + "10: field 'cb___1': error: 'cb___1' is also the export column of a choice "
                    "of checkbox 'cb' (line 9)",
                f + "11: field 'cb___x': error: 'cb___x' is also the export column of a choice "
                    "of checkbox 'cb' (line 9)",
            }));
}

TEST(VariableNames, ReservedNameReasons) {
  std::vector<Form> forms{{"baseline", {}}};
  for (const char* name : {"redcap_repeat_instrument", "redcap_repeat_instance",
                           "redcap_data_access_group", "redcap_survey_identifier", "instance",
                           "event_id", "baseline_complete"}) {
    EXPECT_TRUE(reserved_name_reason(name, forms).has_value()) << name;
  }
  EXPECT_EQ(reserved_name_reason("followup_complete", forms), std::nullopt);
  EXPECT_EQ(reserved_name_reason("record_id", forms), std::nullopt);
  EXPECT_TRUE(is_survey_timestamp_column("baseline_timestamp", forms));
  EXPECT_FALSE(is_survey_timestamp_column("timestamp", forms));
}

}  // namespace
}  // namespace oncoshare::dictionary
