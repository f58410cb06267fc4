// Every real fixture export read against its own dictionary.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "ingest/test_support.hpp"

namespace oncoshare::ingest {
namespace {

using test::fixture;
using test::load_dictionary;

struct Loaded {
  dictionary::Dictionary dict;
  std::vector<Record> records;
  Layout layout;
  IngestSummary summary;
};

Loaded load(const std::string& set) {
  Loaded out;
  out.dict = load_dictionary(set);
  auto reader = ExportReader::open(fixture(set, "export.csv"), out.dict);
  EXPECT_TRUE(reader) << (reader ? "" : reader.error().to_string());
  if (!reader) return out;
  out.records = test::read_all(*reader);
  out.layout = reader->layout();
  SummaryBuilder summary;
  for (const Record& r : out.records) summary.add(out.layout, r);
  out.summary = summary.finish(out.layout);
  EXPECT_TRUE(reader->warnings().empty());
  return out;
}

std::string value(const Loaded& l, std::size_t row, const std::string& column) {
  for (std::size_t i = 0; i < l.layout.columns.size(); ++i) {
    if (l.layout.columns[i].name == column) return l.records.at(row).values.at(i);
  }
  ADD_FAILURE() << "no column " << column;
  return {};
}

struct Expected {
  std::string set;
  std::uint64_t rows, records, columns;
};

// Names the case in test listings (otherwise gtest prints the struct's raw bytes).
void PrintTo(const Expected& e, std::ostream* out) { *out << e.set; }

class EveryFixture : public ::testing::TestWithParam<Expected> {};

TEST_P(EveryFixture, RowsRecordsAndColumnsMatchTheDictionary) {
  const Expected& e = GetParam();
  Loaded l = load(e.set);
  EXPECT_EQ(l.summary.rows, e.rows);
  EXPECT_EQ(l.summary.records, e.records);
  EXPECT_EQ(l.layout.columns.size(), e.columns);
  EXPECT_EQ(l.layout.format, ExportFormat::flat);
  EXPECT_TRUE(l.summary.unknown_columns.empty());
  EXPECT_TRUE(l.summary.missing_variables.empty());
  EXPECT_EQ(l.layout.record_id, 0);
  for (const Record& r : l.records) {
    EXPECT_EQ(r.values.size(), e.columns);
    EXPECT_FALSE(r.record_id.empty());
  }
  // Every data column resolved to the same name the dictionary expands to.
  std::vector<std::string> names;
  for (const Column& c : l.layout.columns) {
    if (c.kind == ColumnKind::field || c.kind == ColumnKind::record_id ||
        c.kind == ColumnKind::checkbox_choice || c.kind == ColumnKind::form_complete) {
      names.push_back(c.name);
      EXPECT_EQ(c.name, c.header);
    }
  }
  EXPECT_EQ(names, l.dict.export_columns());
}

INSTANTIATE_TEST_SUITE_P(Real, EveryFixture,
                         ::testing::Values(Expected{"clinical-trial-1", 500, 500, 13},
                                           Expected{"blank-for-gray-status", 6, 6, 26},
                                           Expected{"longitudinal", 18, 3, 125},
                                           Expected{"repeating-instruments-sparse", 9, 5, 15},
                                           Expected{"checkboxes-1", 4, 4, 13},
                                           Expected{"validation-types-1", 1, 1, 52},
                                           Expected{"potentially-problematic-values", 2, 2, 5}),
                         [](const auto& info) {
                           std::string n = info.param.set;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(Fixture, ClinicalTrialValues) {
  Loaded l = load("clinical-trial-1");
  EXPECT_EQ(l.records[0].record_id, "1");
  EXPECT_EQ(value(l, 0, "name_last"), "Cornel");
  EXPECT_EQ(value(l, 0, "address"), "88 Dawnview Way");
  EXPECT_EQ(value(l, 0, "height"), "176.1");
  EXPECT_EQ(l.records[0].line, 2u);
  EXPECT_EQ(l.records[499].line, 501u);
  ASSERT_EQ(l.summary.form_status.size(), 1u);
  EXPECT_EQ(l.summary.form_status[0].second.incomplete, 500u);  // every status is 0
  EXPECT_TRUE(l.summary.data_access_groups.empty());
}

TEST(Fixture, BlankForGrayDagsAndCheckboxes) {
  Loaded l = load("blank-for-gray-status");
  EXPECT_EQ(l.layout.data_access_group, 1);
  EXPECT_EQ(l.layout.columns[1].kind, ColumnKind::data_access_group);
  const std::map<std::string, std::uint64_t> dags{{"", 2}, {"dag_1", 3}, {"dag_2", 1}};
  EXPECT_EQ(l.summary.data_access_groups, dags);
  EXPECT_EQ(l.records[3].record_id, "4");
  EXPECT_EQ(l.records[3].data_access_group, "");
  EXPECT_EQ(l.records[4].data_access_group, "dag_2");
  EXPECT_EQ(value(l, 0, "race___5"), "1");
  EXPECT_EQ(value(l, 0, "race___1"), "0");
  EXPECT_EQ(value(l, 5, "name_first"), "blank-for-gray");
  EXPECT_EQ(value(l, 5, "height"), "");
  EXPECT_EQ(value(l, 0, "height"), "7");
  EXPECT_EQ(value(l, 1, "email"), "tummy@mouse.comm");
  const Column& race5 = l.layout.columns[21];
  EXPECT_EQ(race5.name, "race___5");
  EXPECT_EQ(race5.kind, ColumnKind::checkbox_choice);
  EXPECT_EQ(race5.choice_code, "5");
  EXPECT_EQ(l.dict.variables()[static_cast<std::size_t>(race5.variable)].name, "race");
  EXPECT_EQ(race5.form, "race_and_ethnicity");
  // health_complete: 1, 1, 2, 2, 0?, 0 -> read from the file itself.
  const auto& health = l.summary.form_status[1];
  EXPECT_EQ(health.first, "health");
  EXPECT_EQ(health.second, (FormStatusCounts{3, 1, 2, 0, 0}));
}

TEST(Fixture, LongitudinalEventsAndLeadingDotNumbers) {
  Loaded l = load("longitudinal");
  EXPECT_EQ(l.layout.event, 1);
  EXPECT_EQ(l.summary.events.size(), 12u);
  std::set<std::string> events;
  for (const Record& r : l.records) events.insert(r.event);
  EXPECT_EQ(events.size(), 12u);
  EXPECT_TRUE(events.contains("deadline_to_opt_ou_arm_2"));  // REDCap's truncation kept
  EXPECT_EQ(l.summary.events.at("enrollment_arm_1"), 2u);
  EXPECT_EQ(l.summary.events.at("enrollment_arm_2"), 1u);
  EXPECT_EQ(l.records[2].record_id, "100");
  EXPECT_EQ(l.records[2].event, "visit_1_arm_1");
  EXPECT_EQ(value(l, 2, "vld5"), ".34");
  EXPECT_EQ(value(l, 2, "vbw1"), ".4334");
  EXPECT_EQ(value(l, 4, "vld1"), ".423");
  EXPECT_EQ(value(l, 0, "gym___0"), "1");
  EXPECT_EQ(value(l, 1, "gym___0"), "");  // form not on this event: blank, not 0
  EXPECT_EQ(l.records[17].record_id, "304");
  EXPECT_EQ(l.records[17].event, "deadline_to_return_arm_2");
}

TEST(Fixture, RepeatingInstrumentsSparse) {
  Loaded l = load("repeating-instruments-sparse");
  std::vector<std::uint32_t> instances;
  std::vector<std::string> instruments;
  for (const Record& r : l.records) {
    instances.push_back(r.repeat_instance);
    instruments.push_back(r.repeat_instrument);
  }
  EXPECT_EQ(instances, (std::vector<std::uint32_t>{0, 1, 2, 3, 0, 1, 0, 0, 0}));
  EXPECT_EQ(instruments, (std::vector<std::string>{"", "bp", "bp", "bp", "", "bp", "", "", ""}));
  ASSERT_EQ(l.summary.repeat_instruments.size(), 1u);
  EXPECT_EQ(l.summary.repeat_instruments.at("bp"), (RepeatCounts{4, 3}));
  EXPECT_EQ(value(l, 5, "date_bp"), "2004-04-04");
  EXPECT_EQ(value(l, 3, "bp_systolic"), "112");
  EXPECT_EQ(value(l, 6, "first_name"), "empty 3");
  EXPECT_EQ(value(l, 8, "date_enrolled"), "");
}

TEST(Fixture, CheckboxCodes) {
  Loaded l = load("checkboxes-1");
  EXPECT_EQ(value(l, 0, "check_one___1"), "1");
  EXPECT_EQ(value(l, 0, "check_two___a"), "1");
  EXPECT_EQ(value(l, 0, "check_two___c"), "1");
  EXPECT_EQ(value(l, 0, "check_two___b"), "0");
  EXPECT_EQ(value(l, 1, "check_one___1"), "0");  // untouched boxes export 0, not blank
  EXPECT_EQ(l.layout.columns[6].choice_code, "a");
  EXPECT_EQ(l.layout.columns[1].kind, ColumnKind::form_complete);
  EXPECT_EQ(l.layout.columns[1].form, "form_1");
}

TEST(Fixture, ValidationTypesAndProblematicValues) {
  Loaded v = load("validation-types-1");
  EXPECT_EQ(value(v, 0, "f_calculated"), "");
  EXPECT_EQ(value(v, 0, "f_checkbox___0"), "0");
  Loaded p = load("potentially-problematic-values");
  EXPECT_EQ(value(p, 0, "date_before_validation"), "before validation 1");
  EXPECT_EQ(value(p, 1, "time_1"), "55:02");
  EXPECT_EQ(value(p, 1, "integer_before_validation"), "before validation 1");
}

}  // namespace
}  // namespace oncoshare::ingest
