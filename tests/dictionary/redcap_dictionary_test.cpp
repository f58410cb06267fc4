#include "dictionary/redcap_dictionary.hpp"

#include <gtest/gtest.h>

#include "core/csv_reader.hpp"
#include "dictionary_test_support.hpp"

namespace oncoshare::dictionary {
namespace {

using testing::fixture;
using testing::kHeader;
using testing::ScratchDir;

Dictionary load(const std::string& set) {
  auto d = read_redcap_dictionary(fixture(set));
  EXPECT_TRUE(d.has_value()) << (d ? "" : d.error().to_string());
  return d ? std::move(*d) : Dictionary{};
}

// The export header without REDCap's own columns (redcap_event_name, redcap_repeat_*, DAG).
std::vector<std::string> export_data_columns(const std::string& set) {
  auto reader = core::CsvReader::open(fixture(set, "export.csv"));
  EXPECT_TRUE(reader.has_value());
  core::CsvRow row;
  EXPECT_EQ(reader->next(row), core::ReadStatus::ok);
  std::vector<std::string> columns;
  for (const std::string& c : row.fields) {
    if (!c.starts_with("redcap_")) columns.push_back(c);
  }
  return columns;
}

struct FixtureCounts {
  const char* set;
  std::size_t variables;
  std::size_t forms;
};

// Names the case in test listings (otherwise gtest prints the struct's raw bytes).
void PrintTo(const FixtureCounts& c, std::ostream* out) { *out << c.set; }

class FixtureLoads : public ::testing::TestWithParam<FixtureCounts> {};

TEST_P(FixtureLoads, CountsAndExportColumns) {
  const FixtureCounts& f = GetParam();
  Dictionary d = load(f.set);
  EXPECT_EQ(d.variables().size(), f.variables);
  EXPECT_EQ(d.forms().size(), f.forms);
  EXPECT_EQ(d.source(), fixture(f.set));
  if (std::string(f.set) != "redcapr-potentially-problematic-dictionary") {
    EXPECT_EQ(d.export_columns(), export_data_columns(f.set));
  }
}

INSTANTIATE_TEST_SUITE_P(
    RealRedcap, FixtureLoads,
    ::testing::Values(FixtureCounts{"redcapr-clinical-trial-1", 12, 1},
                      FixtureCounts{"redcapr-blank-for-gray-status", 17, 3},
                      FixtureCounts{"redcapr-longitudinal", 95, 9},
                      FixtureCounts{"redcapr-repeating-instruments-sparse", 11, 2},
                      FixtureCounts{"redcapr-checkboxes-1", 4, 2},
                      FixtureCounts{"redcapr-validation-types-1", 50, 1},
                      FixtureCounts{"redcapr-potentially-problematic-values", 4, 1},
                      FixtureCounts{"redcapr-potentially-problematic-dictionary", 6, 1}));

TEST(RedcapDictionary, ClinicalTrialFieldsAndChoices) {
  Dictionary d = load("redcapr-clinical-trial-1");
  const Variable* race = d.find("race");
  ASSERT_NE(race, nullptr);
  EXPECT_EQ(race->type, FieldType::radio);
  EXPECT_EQ(race->line, 9u);
  ASSERT_EQ(race->choices.size(), 6u);
  EXPECT_EQ(race->choices[1].code, "2");
  EXPECT_EQ(race->choices[1].label, "(Not Used)");
  EXPECT_EQ(race->choices[4].label, "Other/Mixed");
  const Variable* dob = d.find("dob");
  ASSERT_NE(dob, nullptr);
  EXPECT_EQ(dob->validation.kind, ValidationKind::date_ymd);
  EXPECT_EQ(dob->validation.min, "1900-01-01");
  EXPECT_EQ(dob->validation.max, "2029-12-31");
  EXPECT_TRUE(dob->identifier);
  int identifiers = 0;
  for (const Variable& v : d.variables()) identifiers += v.identifier ? 1 : 0;
  EXPECT_EQ(identifiers, 5);
  EXPECT_EQ(d.find("height")->validation.kind, ValidationKind::number);
  EXPECT_EQ(d.find("height")->validation.max, "250");
  EXPECT_EQ(d.find("weight")->validation.kind, ValidationKind::integer);
  EXPECT_EQ(d.find("email")->validation.kind, ValidationKind::none);
  EXPECT_EQ(d.record_id().name, "record_id");
  EXPECT_EQ(d.record_id().label, "Record ID");
}

TEST(RedcapDictionary, CheckboxLetterCodesWithoutSpaces) {
  Dictionary d = load("redcapr-checkboxes-1");
  const Variable* two = d.find("check_two");
  ASSERT_NE(two, nullptr);
  EXPECT_EQ(two->type, FieldType::checkbox);
  std::vector<Choice> expected{{"a", "A", {}}, {"b", "B", {}}, {"c", "C", {}},
                               {"d", "D", {}}, {"e", "E", {}}};
  EXPECT_EQ(two->choices, expected);
  EXPECT_EQ(d.find("check_one")->choices[3].label, "four");
}

TEST(RedcapDictionary, EveryTypeAndValidation) {
  Dictionary d = load("redcapr-validation-types-1");
  EXPECT_EQ(d.find("f_calculated")->calculation, "3+4");
  EXPECT_EQ(d.find("f_sql")->calculation, "SELECT 1 as one;");
  EXPECT_EQ(d.find("f_signature")->validation.kind, ValidationKind::signature);
  const Variable* slider = d.find("f_slider");
  EXPECT_EQ(slider->slider_labels, (std::vector<std::string>{"-1", "50", "101"}));
  EXPECT_EQ(slider->validation.min, "-1");
  EXPECT_EQ(slider->validation.max, "101");
  EXPECT_EQ(slider->custom_alignment, "RH");
  EXPECT_EQ(d.find("f_yes_no")->choices,
            (std::vector<Choice>{{"1", "Yes", {}}, {"0", "No", {}}}));
  EXPECT_EQ(d.find("f_true_false")->choices,
            (std::vector<Choice>{{"1", "True", {}}, {"0", "False", {}}}));
  EXPECT_EQ(d.find("v_time_hh_mm")->validation.kind, ValidationKind::time_hh_mm);
  EXPECT_EQ(d.find("v_datetime_seconds_mdy")->validation.kind,
            ValidationKind::datetime_seconds_mdy);
  const Variable* n3 = d.find("v_number_3dp_comma_decimal");
  EXPECT_EQ(n3->validation.kind, ValidationKind::number_comma_decimal);
  EXPECT_EQ(n3->validation.decimals, 3);
  EXPECT_EQ(n3->validation.name, "number_3dp_comma_decimal");
  EXPECT_EQ(d.find("v_number_2dp")->validation.kind, ValidationKind::number);
  EXPECT_EQ(d.find("v_number_2dp")->validation.decimals, 2);
  EXPECT_FALSE(d.find("v_number")->validation.decimals.has_value());
  EXPECT_EQ(d.find("f_calculated")->section_header, "Menu of Field Types");
  EXPECT_EQ(d.find("f_checkbox")->section_header, "");
  for (const Variable& v : d.variables()) {
    EXPECT_NE(v.validation.kind, ValidationKind::other) << v.name;
  }
}

TEST(RedcapDictionary, LongitudinalLogicCalcSliderMatrix) {
  Dictionary d = load("redcapr-longitudinal");
  EXPECT_EQ(d.record_id().name, "study_id");
  EXPECT_EQ(d.find("num_children")->branching_logic, "[sex] = \"0\" and [given_birth] = \"1\"");
  EXPECT_EQ(d.find("bmi2")->calculation, "round(([weight2]*10000)/(([height2])^(2)),1)");
  EXPECT_EQ(d.find("specify_mood")->slider_labels,
            (std::vector<std::string>{"Very sad", "Indifferent", "Very happy"}));
  EXPECT_EQ(d.find("gym")->matrix_group, "weekly_schedule");
  EXPECT_EQ(d.find("cpq8")->choices.front().code, "1");
  EXPECT_EQ(d.find("pmq1")->choices[2].label, "6-15");
  EXPECT_EQ(d.find("creat_4")->validation.kind, ValidationKind::date_ymd);
  EXPECT_EQ(d.variables().back().name, "cpq13");
  EXPECT_EQ(d.variables().back().line, 96u);
}

TEST(RedcapDictionary, BomUnicodeAndDoubledQuotes) {
  Dictionary d = load("redcapr-potentially-problematic-dictionary");
  EXPECT_EQ(d.record_id().name, "record_id");  // the BOM is not part of the first header
  const Variable* v1 = d.find("v1");
  ASSERT_NE(v1, nullptr);
  EXPECT_EQ(v1->label, "Is the laser mounted on the shark?\xEF\xBF\xBD?\xEF\xBF\xBD");
  EXPECT_EQ(v1->choices.size(), 3u);
  EXPECT_EQ(v1->choices[2].code, "3");
  EXPECT_EQ(v1->choices[2].label, "I should find out");
  EXPECT_EQ(d.find("curly_quote_double_left")->label, "Maybe I don't \"look the part\"");
  EXPECT_EQ(d.find("long_dash")->annotation, "https://github.com/OuhscBbmc/REDCapR/issues/290");
  EXPECT_EQ(d.find("curly_quote_single")->choices[0].label, "(0) Never or Almost Never");
}

TEST(RedcapDictionary, MultiLineLabelsAndCalcWithDoubledQuotes) {
  Dictionary d = load("redcapr-potentially-problematic-values");
  const Variable* t = d.find("time_1");
  EXPECT_EQ(t->label,
            "Potentially problematic time values \n\nSee "
            "https://github.com/OuhscBbmc/REDCapR/issues/245");
  EXPECT_EQ(t->line, 3u);
  EXPECT_EQ(d.find("date_before_validation")->line, 6u);
  EXPECT_EQ(d.find("integer_before_validation")->line, 8u);
  Dictionary r = load("redcapr-repeating-instruments-sparse");
  EXPECT_EQ(r.find("age")->calculation, "rounddown(datediff(\"today\", [dob], \"y\", \"ymd\"), 1 )");
  EXPECT_EQ(r.find("bp_systolic")->validation.min, "0");
  EXPECT_EQ(r.find("bp_systolic")->validation.max, "");
}

TEST(RedcapDictionary, OlderSeventeenColumnsAndApiHeader) {
  ScratchDir dir;
  std::string old17 = kHeader.substr(0, kHeader.find(",\"Field Annotation\"")) + "\n" +
                      "record_id,f,,text,\"Record ID\",,,,,,,,,,,,\n"
                      "sex,f,,radio,Sex,\"0, F | 1, M\",,,,,,,,,,,\n";
  auto a = read_redcap_dictionary(dir.write("old.csv", old17));
  ASSERT_TRUE(a.has_value()) << a.error().to_string();
  EXPECT_EQ(a->find("sex")->choices.size(), 2u);
  std::string api =
      "field_name,form_name,section_header,field_type,field_label,"
      "select_choices_or_calculations,field_note,text_validation_type_or_show_slider_number,"
      "text_validation_min,text_validation_max,identifier,branching_logic,required_field,"
      "custom_alignment,question_number,matrix_group_name,matrix_ranking,field_annotation\n"
      "record_id,f,,text,ID,,,,,,,,y,,,,,\n"
      "age,f,,text,Age,,,integer,0,120,,,,,,,,@HIDDEN\n";
  auto b = read_redcap_dictionary(dir.write("api.csv", api));
  ASSERT_TRUE(b.has_value()) << b.error().to_string();
  EXPECT_TRUE(b->record_id().required);
  EXPECT_EQ(b->find("age")->validation.max, "120");
  EXPECT_EQ(b->find("age")->annotation, "@HIDDEN");
  // Columns in another order are matched by name.
  std::string shuffled =
      "form_name,field_name,field_type,field_label,select_choices_or_calculations,field_note,"
      "text_validation_type_or_show_slider_number,text_validation_min,text_validation_max,"
      "identifier,branching_logic,required_field,custom_alignment,question_number,"
      "matrix_group_name,matrix_ranking,section_header\n"
      "f,record_id,text,ID,,,,,,y,,,,,,,Head\n";
  auto c = read_redcap_dictionary(dir.write("shuffled.csv", shuffled));
  ASSERT_TRUE(c.has_value()) << c.error().to_string();
  EXPECT_EQ(c->record_id().form, "f");
  EXPECT_EQ(c->record_id().section_header, "Head");
  EXPECT_TRUE(c->record_id().identifier);
}

// Each bad dictionary gives exactly one error, naming file, line and variable.
struct BadCase {
  const char* rows;
  const char* message;  // Error::to_string() after "<file>:"
};

void PrintTo(const BadCase& c, std::ostream* out) { *out << c.message; }

class BadDictionary : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadDictionary, ExactMessage) {
  ScratchDir dir;
  std::string path = dir.write("dd.csv", kHeader + "record_id,f,,text,ID,,,,,,,,,,,,,\n" +
                                             GetParam().rows);
  auto d = read_redcap_dictionary(path);
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().to_string(), path + ":" + GetParam().message);
  EXPECT_EQ(core::exit_code(d.error()), 2);
}

INSTANTIATE_TEST_SUITE_P(
    Errors, BadDictionary,
    ::testing::Values(
        BadCase{"x,f,,texte,X,,,,,,,,,,,,,\n",
                "3: field 'x': unknown field type 'texte' (allowed: text, notes, dropdown, "
                "radio, checkbox, yesno, truefalse, calc, file, slider, descriptive, sql)"},
        BadCase{",f,,text,X,,,,,,,,,,,,,\n",
                "3: field 'Variable / Field Name': empty variable name"},
        BadCase{"a,f,,text,A,,,,,,,,,,,,,\nb,f,,text,B,,,,,,,,,,,,,\na,g,,text,A,,,,,,,,,,,,,\n",
                "5: field 'a': duplicate variable name (first defined on line 3)"},
        BadCase{"Sex,f,,text,X,,,,,,,,,,,,,\n",
                "3: field 'Sex': invalid variable name 'Sex': REDCap names start with a "
                "lowercase letter and contain only lowercase letters, digits and '_'"},
        BadCase{"_x,f,,text,X,,,,,,,,,,,,,\n",
                "3: field '_x': invalid variable name '_x': REDCap names start with a "
                "lowercase letter and contain only lowercase letters, digits and '_'"},
        BadCase{"sex,f,,radio,Sex,\"0, F | 1 M\",,,,,,,,,,,,\n",
                "3: field 'sex': bad choices: choice 2 '1 M' has no comma between code and "
                "label (expected 'code, label')"},
        BadCase{"sex,f,,dropdown,Sex,\"0, F | 1, M | 0, Other\",,,,,,,,,,,,\n",
                "3: field 'sex': bad choices: duplicate choice code '0' (choice 3)"},
        BadCase{"sex,f,,checkbox,Sex,\"0, F || 1, M\",,,,,,,,,,,,\n",
                "3: field 'sex': bad choices: choice 2 is empty in '0, F || 1, M'"},
        BadCase{"sex,f,,radio,Sex,\" , F\",,,,,,,,,,,,\n",
                "3: field 'sex': bad choices: choice 1 ', F' has an empty code"},
        BadCase{"x,f,,text,X,,,,,,yes,,,,,,,\n",
                "3: field 'x': 'Identifier?' must be 'y' or empty, not 'yes'"},
        BadCase{"x,,,text,X,,,,,,,,,,,,,\n", "3: field 'x': empty form name"},
        BadCase{"x,f,,text,\"multi\nline\",,,,,,,,,,,,,\ny,f,,bogus,Y,,,,,,,,,,,,,\n",
                "5: field 'y': unknown field type 'bogus' (allowed: text, notes, dropdown, "
                "radio, checkbox, yesno, truefalse, calc, file, slider, descriptive, sql)"}));

TEST(RedcapDictionary, HeaderErrors) {
  ScratchDir dir;
  std::string missing = kHeader;
  missing.replace(missing.find("\"Field Type\","), 13, "");
  std::string p1 = dir.write("missing.csv", missing);
  auto a = read_redcap_dictionary(p1);
  ASSERT_FALSE(a.has_value());
  EXPECT_EQ(a.error().to_string(),
            p1 + ":1: field 'Field Type': missing required column 'Field Type' in the "
                 "dictionary header");
  std::string p2 = dir.write("unknown.csv", "Variable,Form\nx,f\n");
  auto b = read_redcap_dictionary(p2);
  ASSERT_FALSE(b.has_value());
  EXPECT_EQ(b.error().to_string(),
            p2 + ":1: field 'Variable': unknown column 'Variable' in the dictionary header "
                 "(expected REDCap's columns, e.g. 'Variable / Field Name' or 'field_name')");
  std::string p3 = dir.write("twice.csv", "field_name,Variable / Field Name\n");
  auto c = read_redcap_dictionary(p3);
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().to_string(),
            p3 + ":1: field 'Variable / Field Name': column 'Variable / Field Name' appears "
                 "twice in the header");
  std::string p4 = dir.write("empty.csv", "");
  auto e = read_redcap_dictionary(p4);
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().to_string(), p4 + ": empty file: expected a REDCap dictionary header");
  auto f = read_redcap_dictionary(dir.path("absent.csv"));
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().code, core::ErrorCode::io);
  std::string p5 = dir.write("ragged.csv", kHeader + "record_id,f,,text\n");
  auto g = read_redcap_dictionary(p5);
  ASSERT_FALSE(g.has_value());
  EXPECT_EQ(g.error().where.line, 2u);
}

}  // namespace
}  // namespace oncoshare::dictionary
