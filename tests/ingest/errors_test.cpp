// Bad input: exact one-line errors with file, line and field; unknown data kept, not dropped.
#include <gtest/gtest.h>

#include "ingest/test_support.hpp"

namespace oncoshare::ingest {
namespace {

using dictionary::Choice;
using dictionary::Dictionary;
using dictionary::FieldType;
using dictionary::Variable;
using test::first_error;

Dictionary small_dictionary() {
  Dictionary d;
  auto add = [&](std::string name, std::string form, FieldType type, std::string label,
                 std::vector<Choice> choices = {}) {
    Variable v;
    v.name = std::move(name);
    v.form = std::move(form);
    v.type = type;
    v.label = std::move(label);
    v.choices = std::move(choices);
    d.add(std::move(v));
  };
  add("record_id", "demo", FieldType::text, "Record ID");
  add("sex", "demo", FieldType::radio, "Sex", {{"0", "Female", {}}, {"1", "Male", {}}});
  add("race", "demo", FieldType::checkbox, "Race", {{"1", "White", {}}, {"A", "Other", {}}});
  add("note", "demo", FieldType::descriptive, "A note");
  add("bp_sys", "bp", FieldType::text, "Systolic");
  return d;
}

TEST(Errors, UnknownLabelIsAnErrorWithLineAndFieldButNotTheValue) {
  const std::string labels =
      "Record ID,Sex,Race (choice=White),Race (choice=Other),Complete?,Systolic,Complete?\n"
      "1,Male,Checked,Unchecked,Complete,120,Incomplete\n"
      "2,Purple,Checked,Unchecked,Complete,120,Incomplete\n";
  EXPECT_EQ(first_error(labels, small_dictionary()),
            "t.csv:3: field 'sex': label matches no choice (expected 'Female', 'Male')");
  const std::string bad_box =
      "Record ID,Sex,Race (choice=White),Race (choice=Other),Complete?,Systolic,Complete?\n"
      "1,Male,Yes,Unchecked,Complete,120,Incomplete\n";
  EXPECT_EQ(first_error(bad_box, small_dictionary()),
            "t.csv:2: field 'race___1': label matches no choice (expected 'Checked', "
            "'Unchecked')");
}

TEST(Errors, UnknownLabelCanBeKeptAndReported) {
  const Dictionary dict = small_dictionary();
  ReaderOptions options;
  options.keep_unmatched_labels = true;
  auto reader = ExportReader::from_string(
      "Record ID,Sex,Race (choice=White),Race (choice=Other),Complete?\n"
      "2,Purple,Checked,Unchecked,Unverified\n",
      "t.csv", dict, options);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->layout().format, ExportFormat::labels);
  EXPECT_EQ(reader->layout().missing_variables, std::vector<std::string>{"bp_sys"});
  const auto records = test::read_all(*reader);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].values, (std::vector<std::string>{"2", "Purple", "1", "0", "1"}));
  ASSERT_EQ(reader->warning_count(), 1u);
  EXPECT_EQ(reader->warnings()[0].to_string(),
            "t.csv:2: field 'sex': label matches no choice (expected 'Female', 'Male')");
}

TEST(Errors, UnsortedEav) {
  const Dictionary dict = small_dictionary();
  EXPECT_EQ(first_error("record,field_name,value\n1,sex,0\n2,sex,1\n1,bp_sys,120\n", dict),
            "t.csv:4: rows of record '1' are not consecutive; sort the EAV file by record, "
            "event, repeat instrument and instance");
  EXPECT_EQ(first_error("record,redcap_repeat_instrument,redcap_repeat_instance,field_name,value\n"
                        "1,bp,1,bp_sys,1\n1,bp,2,bp_sys,2\n1,bp,1,bp_complete,2\n",
                        dict),
            "t.csv:4: rows of record '1', repeat instrument 'bp', instance 1 are not "
            "consecutive; sort the EAV file by record, event, repeat instrument and instance");
}

TEST(Errors, BadRepeatInstance) {
  const Dictionary dict = small_dictionary();
  EXPECT_EQ(first_error("record_id,redcap_repeat_instrument,redcap_repeat_instance,bp_sys\n"
                        "1,,,\n1,bp,0,120\n",
                        dict),
            "t.csv:3: field 'redcap_repeat_instance': repeat instance '0' is not a positive "
            "integer");
  EXPECT_EQ(first_error("record_id,redcap_repeat_instrument,redcap_repeat_instance\n1,bp,2x\n", dict),
            "t.csv:2: field 'redcap_repeat_instance': repeat instance '2x' is not a positive "
            "integer");
  EXPECT_EQ(first_error("record,redcap_repeat_instrument,redcap_repeat_instance,field_name,value\n"
                        "1,bp,-1,bp_sys,1\n",
                        dict),
            "t.csv:2: field 'redcap_repeat_instance': repeat instance '-1' is not a positive "
            "integer");
}

TEST(Errors, MalformedCsvPropagatesTheReaderPosition) {
  const Dictionary dict = small_dictionary();
  EXPECT_EQ(first_error("record_id,sex\n1,0,extra\n", dict),
            "t.csv:2: ragged row: 3 fields where the header has 2");
  EXPECT_EQ(first_error("record_id,sex\n1,0\n2,\"1\n", dict),
            "t.csv:3:3: unclosed quote: the quoted field starting here never ends");
  EXPECT_EQ(first_error("record,field_name,value\n1,sex\n", dict),
            "t.csv:2: ragged row: 2 fields where the header has 3");
}

TEST(Errors, EmptyRecordId) {
  const Dictionary dict = small_dictionary();
  EXPECT_EQ(first_error("record_id,sex\n1,0\n,1\n", dict),
            "t.csv:3: field 'record_id': record id is empty");
  EXPECT_EQ(first_error("record,field_name,value\n,sex,1\n", dict),
            "t.csv:2: field 'record': record id is empty");
}

TEST(Errors, HeaderProblems) {
  const Dictionary dict = small_dictionary();
  EXPECT_EQ(first_error("foo,bar\n", dict),
            "t.csv:1: cannot tell the export layout from the first column 'foo': expected "
            "'record_id' (raw), 'record' (EAV) or the label 'Record ID' (labels)");
  EXPECT_EQ(first_error("record_id,sex,sex\n", dict),
            "t.csv:1: duplicate column 'sex' (columns 2 and 3)");
  EXPECT_EQ(first_error("", dict), "t.csv: the export is empty: expected a header row");
  EXPECT_EQ(first_error("record,field_name,value,extra\n", dict),
            "t.csv:1: field 'extra': unexpected column 'extra' in an EAV export (expected "
            "record, redcap_event_name, redcap_repeat_instrument, redcap_repeat_instance, "
            "field_name, value)");
  EXPECT_EQ(first_error("record,field_name,value\n1,race,B\n", dict),
            "t.csv:2: field 'race': value is not a choice code of this checkbox");
}

TEST(Columns, UnknownColumnsAreKeptAndMissingVariablesListed) {
  const Dictionary dict = small_dictionary();
  auto reader = ExportReader::from_string("record_id,sex,extra_col,race___A\n1,0,hello,1\n",
                                          "t.csv", dict);
  ASSERT_TRUE(reader);
  const Layout& layout = reader->layout();
  EXPECT_EQ(layout.unknown_columns(), std::vector<std::string>{"extra_col"});
  EXPECT_EQ(layout.missing_variables, (std::vector<std::string>{"race___1", "bp_sys"}));
  EXPECT_EQ(layout.columns[3].kind, ColumnKind::checkbox_choice);  // code matched ignoring case
  EXPECT_EQ(layout.columns[3].choice_code, "A");
  const auto records = test::read_all(*reader);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].values, (std::vector<std::string>{"1", "0", "hello", "1"}));
}

TEST(Columns, KnownRedcapExtrasAreKinded) {
  const Dictionary dict = small_dictionary();
  auto reader = ExportReader::from_string(
      "record_id,redcap_survey_identifier,demo_timestamp,sex,demo_complete\n"
      "1,,2024-01-02 10:11:12,1,2\n",
      "t.csv", dict);
  ASSERT_TRUE(reader);
  const Layout& layout = reader->layout();
  EXPECT_EQ(layout.survey_identifier, 1);
  EXPECT_EQ(layout.columns[2].kind, ColumnKind::survey_timestamp);
  EXPECT_EQ(layout.columns[2].form, "demo");
  EXPECT_EQ(layout.columns[4].kind, ColumnKind::form_complete);
  EXPECT_TRUE(layout.unknown_columns().empty());
}

TEST(Columns, EavUnknownFieldBecomesAColumn) {
  const Dictionary dict = small_dictionary();
  auto reader = ExportReader::from_string(
      "record,field_name,value\n1,mystery,42\n1,race,a\n1,redcap_data_access_group,site_a\n2,sex,0\n",
      "t.csv", dict);
  ASSERT_TRUE(reader);
  const auto records = test::read_all(*reader);
  const Layout& layout = reader->layout();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(layout.unknown_columns(), std::vector<std::string>{"mystery"});
  EXPECT_EQ(records[0].data_access_group, "site_a");
  EXPECT_EQ(records[0].line, 2u);
  EXPECT_EQ(records[1].line, 5u);
  const auto c0 = test::canonical(layout, records[0]);
  const auto& v = std::get<5>(c0);
  EXPECT_EQ(v.at("mystery"), "42");
  EXPECT_EQ(v.at("race___a"), "1");
  EXPECT_EQ(v.at("race___1"), "0");  // the form has data: unchecked boxes are 0
  EXPECT_EQ(v.at("bp_sys"), "");
  EXPECT_EQ(std::get<5>(test::canonical(layout, records[1])).at("mystery"), "");
}

}  // namespace
}  // namespace oncoshare::ingest
