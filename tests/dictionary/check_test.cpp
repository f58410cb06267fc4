#include "dictionary/check.hpp"

#include <gtest/gtest.h>

#include "dictionary/mapping.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "dictionary_test_support.hpp"

namespace oncoshare::dictionary {
namespace {

using testing::fixture;
using testing::kHeader;
using testing::ScratchDir;

std::vector<std::string> problems_of(const Dictionary& d) {
  std::vector<std::string> out;
  for (const Problem& p : check_dictionary(d)) out.push_back(p.to_string());
  return out;
}

TEST(Check, RealFixturesHaveNoErrors) {
  for (const char* set : {"redcapr-clinical-trial-1", "redcapr-blank-for-gray-status",
                          "redcapr-repeating-instruments-sparse", "redcapr-checkboxes-1",
                          "redcapr-validation-types-1", "redcapr-potentially-problematic-values",
                          "redcapr-potentially-problematic-dictionary"}) {
    auto d = read_redcap_dictionary(fixture(set));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(problems_of(*d), std::vector<std::string>{}) << set;
  }
}

TEST(Check, LongitudinalCreatinineStoredAsDate) {
  auto d = read_redcap_dictionary(fixture("redcapr-longitudinal"));
  ASSERT_TRUE(d.has_value());
  std::vector<Problem> problems = check_dictionary(*d);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].severity, Severity::warning);
  EXPECT_EQ(problems[0].where.line, 78u);
  EXPECT_EQ(problems[0].to_string(),
            fixture("redcapr-longitudinal") +
                ":78: field 'creat_4': warning: the label 'Creatinine (mg/dL)' names a unit "
                "(mg/dL) but the validation is date_ymd: a measurement stored as a date?");
}

// A dictionary with one of every problem; check_dictionary reports them all, in order.
TEST(Check, ReportsEveryProblem) {
  ScratchDir dir;
  std::string path = dir.write(
      "dd.csv",
      kHeader +
          "id,a,,radio,ID,\"1, x\",,,,,y,,,,,,,\n"                                  // 2
          "sex,a,,radio,Sex,\"0, F | 1, M\",,,,,,,,,,,,\n"                          // 3
          "meds,a,,checkbox,Meds,\"1, A | 2, B\",,,,,,\"[meds(3)] = '1'\",,,,,,\n"    // 4
          "preg,a,,yesno,Pregnant,,,,,,,\"[sxe] = '0' and [sex(1)] = '1'\",,,,,,\n" // 5
          "bad,a,,text,Bad,,,,,,,\"[sex] = = '0'\",,,,,,\n"                         // 6
          "c1,b,,calc,Calc,,,,,,,,,,,,,\n"                                          // 7
          "c2,b,,calc,Calc,\"[weight] * 2\",,,,,,,,,,,,\n"                           // 8
          "dd,b,,dropdown,Empty,,,,,,,,,,,,,\n"                                     // 9
          "h,b,,text,H,,,number,250,100,,,,,,,,\n"                                  // 10
          "d1,b,,text,D,,,date_ymd,2023-02-30,today,,,,,,,,\n"                      // 11
          "d2,b,,text,D,,,date_dmy,31/12/2020,,,,,,,,,\n"                           // 12
          "e,b,,text,E,,,email,1,,,,,,,,,\n"                                        // 13
          "n,b,,text,N,,,,0,10,,,,,,,,\n"                                           // 14
          "r,b,,radio,R,\"1, a\",,integer,,,,,,,,,,\n"                              // 15
          "z,b,,text,Z,,,my_custom_type,,,,,,,,,,\n"                                // 16
          "t,b,,text,T,,,time,23:59,00:00,,,,,,,,\n"                                // 17
          "i,b,,text,I,,,integer,1.5,x,,,,,,,,\n"                                   // 18
          "s,b,,slider,S,\"a | b\",,number,low,100,,,,,,,,\n"                       // 19
          "k,b,,text,\"Weight (kg)\",,,date_ymd,,,,,,,,,,\n"                        // 20
          "late,a,,text,L,,,,,,,,,,,,,\n"                                           // 21
          "record_id,a,,text,R,,,,,,,,,,,,,\n");                                    // 22
  auto d = read_redcap_dictionary(path);
  ASSERT_TRUE(d.has_value()) << d.error().to_string();
  const std::string f = path + ":";
  std::vector<std::string> expected{
      f + "2: field 'id': warning: the first field is the record ID and should be a text "
          "field, not radio",
      f + "22: field 'record_id': warning: 'record_id' is not the first field; REDCap uses the "
          "first field ('id') as the record ID",
      f + "2: field 'id': warning: flagged as identifier but it is a radio field; identifiers "
          "are usually free text (names, dates, numbers)",
      f + "4: field 'meds': error: branching logic at column 1 refers to checkbox code '3' that "
          "'meds' does not have",
      f + "5: field 'preg': error: branching logic at column 1 refers to unknown variable 'sxe'",
      f + "5: field 'preg': error: branching logic at column 17 uses [sex(1)] but 'sex' is a "
          "radio field, not a checkbox",
      f + "6: field 'bad': error: branching logic does not parse at column 9: expected a value, "
          "found '=': '[sex] = = '0''",
      f + "7: field 'c1': error: calc field has no formula",
      f + "8: field 'c2': error: calculation at column 1 refers to unknown variable 'weight'",
      f + "9: field 'dd': error: dropdown field has no choices",
      f + "10: field 'h': error: min '250' is greater than max '100'",
      f + "11: field 'd1': error: min '2023-02-30' is not valid for date_ymd: expected a real "
          "date as Y-M-D or M/D/Y, 'today' or 'now'",
      f + "12: field 'd2': error: min '31/12/2020' is not valid for date_dmy: expected a real "
          "date as Y-M-D, M/D/Y or D-M-Y, 'today' or 'now'",
      f + "13: field 'e': error: min '1' is given but validation 'email' takes no min/max",
      f + "14: field 'n': error: min '0' is given but a field without validation takes no "
          "min/max",
      f + "14: field 'n': error: max '10' is given but a field without validation takes no "
          "min/max",
      f + "15: field 'r': error: validation 'integer' applies only to text fields, not to a "
          "radio field",
      f + "16: field 'z': warning: unknown validation type 'my_custom_type' (project-defined?); "
          "its values cannot be checked",
      f + "17: field 't': error: min '23:59' is greater than max '00:00'",
      f + "18: field 'i': error: min '1.5' is not valid for integer: expected an integer",
      f + "18: field 'i': error: max 'x' is not valid for integer: expected an integer",
      f + "19: field 's': error: min 'low' is not valid for number: expected a number",
      f + "20: field 'k': warning: the label 'Weight (kg)' names a unit (kg) but the validation "
          "is date_ymd: a measurement stored as a date?",
      f + "21: field 'late': warning: form 'a' continues here after form 'b': REDCap keeps a "
          "form's fields together, so the export order will differ",
  };
  EXPECT_EQ(problems_of(*d), expected);
  // The column inside the logic is kept apart for machine-readable output.
  std::vector<Problem> problems = check_dictionary(*d);
  EXPECT_EQ(problems[5].where.column, 17u);
  EXPECT_EQ(problems[6].where.column, 9u);
}

TEST(Check, MandatoryIfProblemsPointAtTheMappingFile) {
  ScratchDir dir;
  auto d = read_redcap_dictionary(fixture("redcapr-longitudinal"));
  ASSERT_TRUE(d.has_value());
  std::string map = dir.write("map.csv",
                              "variable,requirement,mandatory_if\n"
                              "num_children,mandatory,\"[sex] = '0' and [gym(7)] = '1'\"\n");
  ASSERT_TRUE(apply_mapping(*d, map).has_value());
  // A dictionary built in code can still carry mandatory_if without mandatory.
  d->find("height")->mapping.mandatory_if = "[nope] = 1";
  std::vector<std::string> problems = problems_of(*d);
  std::string dd = fixture("redcapr-longitudinal");
  EXPECT_EQ(problems, (std::vector<std::string>{
                          map + ":2: field 'num_children': error: mandatory_if at column 17 "
                                "refers to checkbox code '7' that 'gym' does not have",
                          dd + ":22: field 'height': error: mandatory_if is given but the "
                               "requirement is 'optional', not 'mandatory'",
                          dd + ":22: field 'height': error: mandatory_if at column 1 refers to "
                               "unknown variable 'nope'",
                          dd + ":78: field 'creat_4': warning: the label 'Creatinine (mg/dL)' "
                               "names a unit (mg/dL) but the validation is date_ymd: a "
                               "measurement stored as a date?"}));
}

// REDCap writes "autocomplete" for a dropdown searched as you type; elsewhere it is a fault.
TEST(Check, AutocompleteBelongsToDropdowns) {
  ScratchDir dir;
  std::string path = dir.write("dd.csv", kHeader +
                                             "record_id,f,,text,ID,,,,,,,,,,,,,\n"
                                             "site,f,,dropdown,Site,\"1, A | 2, B\",,autocomplete,,,,,,,,,,\n"
                                             "name,f,,text,Name,,,autocomplete,,,,,,,,,,\n");
  auto d = read_redcap_dictionary(path);
  ASSERT_TRUE(d.has_value()) << d.error().to_string();
  EXPECT_EQ(d->find("site")->validation.kind, ValidationKind::autocomplete);
  EXPECT_EQ(problems_of(*d), (std::vector<std::string>{
                                 path + ":4: field 'name': error: validation 'autocomplete' "
                                        "applies only to dropdown fields, not to a text field"}));
}

TEST(Check, BuiltDictionaryDuplicatesAndNames) {
  Dictionary d;
  d.set_source("built");
  Variable a;
  a.name = "record_id";
  a.form = "f";
  a.line = 2;
  d.add(a);
  Variable b = a;
  b.name = "Bad Name";
  b.type = FieldType::radio;
  b.choices = {{"1", "x", {}}, {"1", "y", {}}};
  b.line = 3;
  d.add(b);
  Variable c = a;
  c.line = 4;
  d.add(c);
  EXPECT_EQ(problems_of(d),
            (std::vector<std::string>{
                "built:3: field 'Bad Name': error: invalid variable name 'Bad Name': REDCap "
                "names start with a lowercase letter and contain only lowercase letters, digits "
                "and '_'",
                "built:3: field 'Bad Name': error: duplicate choice code '1'",
                "built:4: field 'record_id': error: duplicate variable name (first on line 2)"}));
  EXPECT_EQ(problems_of(Dictionary{}),
            std::vector<std::string>{"error: the dictionary has no variables"});
}

}  // namespace
}  // namespace oncoshare::dictionary
