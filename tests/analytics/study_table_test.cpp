// The study view: typed columns, the derivations and the problems they report, on a small
// export written against the synthetic cohort's dictionary.
#include <map>

#include "analytics/test_support.hpp"

namespace oncoshare::analytics {
namespace {

// An export with the cohort's header; each row sets a few columns by name.
std::string export_text(const std::vector<std::map<std::string, std::string>>& rows) {
  std::ifstream in(test::site_file(1));
  std::string header;
  std::getline(in, header);
  std::vector<std::string> names;
  std::stringstream cells(header);
  for (std::string name; std::getline(cells, name, ',');) names.push_back(name);
  std::string out = header + "\n";
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      auto it = row.find(names[i]);
      out += (i ? "," : "") + (it == row.end() ? std::string() : it->second);
    }
    out += "\n";
  }
  return out;
}

core::Result<StudyTable> table_of(const std::vector<std::map<std::string, std::string>>& rows,
                                  const Derivations& d = {}) {
  const std::string path = test::temp_path(
      std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".csv");
  test::write_file(path, export_text(rows));
  return load_study_table({path}, test::cohort_dictionary(), d);
}

const std::vector<std::map<std::string, std::string>> kRows = {
    {{"record_id", "A"}, {"redcap_data_access_group", "site_9"}, {"sex", "2"},
     {"birth_date", "1950-01-01"}, {"age_dx", "60"}, {"diagnosis_date", "2010-03-01"},
     {"stage_group", "3"}, {"last_contact_date", "2011-03-01"}, {"vital_status", "1"},
     {"death_date", "2011-03-01"}, {"weight", "70.5"}, {"comorbidity___2", "1"}},
    {{"record_id", "A"}, {"redcap_repeat_instrument", "treatment"}, {"redcap_repeat_instance", "2"},
     {"treatment_type", "3"}},
    {{"record_id", "A"}, {"redcap_repeat_instrument", "treatment"}, {"redcap_repeat_instance", "1"},
     {"treatment_type", "1"}},
    {{"record_id", "B"}, {"sex", "1"}, {"diagnosis_date", "2020-01-10"},
     {"last_contact_date", "2020-02-09"}, {"vital_status", "0"}},
    {{"record_id", "C"}, {"diagnosis_date", "2020-01-10"}, {"vital_status", "1"},
     {"death_date", "2019-12-31"}, {"weight", "heavy"}},
};

TEST(StudyTable, TypesDerivesAndKeepsIdentifiersAtTheSite) {
  auto table = table_of(kRows);
  ASSERT_TRUE(table.has_value()) << table.error().to_string();
  ASSERT_EQ(table->rows(), 3u);
  EXPECT_EQ(table->record_ids, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(table->sites[0], "site_9");
  EXPECT_EQ(table->find("birth_date"), nullptr);      // identifier
  EXPECT_EQ(table->find("postcode"), nullptr);        // identifier
  EXPECT_EQ(table->find("treatment_type"), nullptr);  // repeating instrument
  const StudyColumn* time = table->find("survival_days");
  const StudyColumn* event = table->find("event");
  const StudyColumn* first = table->find("first_treatment");
  ASSERT_TRUE(time && event && first);
  EXPECT_EQ(time->numbers[0], 365);
  EXPECT_EQ(event->levels[0], 1);
  EXPECT_EQ(time->numbers[1], 30);
  EXPECT_EQ(event->levels[1], 0);
  EXPECT_TRUE(time->is_missing(2));
  EXPECT_EQ(first->choices[first->levels[0]].label, "Surgery");  // instance 1, not 2
  EXPECT_TRUE(first->is_missing(1));
  EXPECT_EQ(table->find("weight")->numbers[0], 70.5);
  EXPECT_EQ(table->find("age_dx")->type, ValueType::numeric);
  EXPECT_EQ(table->find("diagnosis_date")->numbers[0], 14669);  // days since 1970-01-01
  EXPECT_EQ(table->find("comorbidity___2")->levels[0], 1);
  EXPECT_EQ(table->find("comorbidity___1")->levels[0], -1);
  EXPECT_EQ(table->find("stage_group")->choices[2].label, "Stage III");
  ASSERT_EQ(table->problems.size(), 2u);
  const std::string file = test::temp_path("TypesDerivesAndKeepsIdentifiersAtTheSite.csv");
  EXPECT_EQ(table->problems[0].to_string(), file + ":6: field 'weight': not a number: 'heavy'");
  EXPECT_EQ(table->problems[1].to_string(),
            file + ":6: field 'death_date': '2019-12-31' is before diagnosis_date '2020-01-10': "
                   "no survival_days");
}

TEST(StudyTable, IdentifiersOnRequestAndDerivationsConfigurable) {
  Derivations d;
  d.include_identifiers = true;
  d.survival.time_name = "os_days";
  d.survival.last_contact = "diagnosis_date";  // degenerate, but shows the knob works
  d.first_of = {{"first_intent", "treatment", "intent"}};
  auto table = table_of(kRows, d);
  ASSERT_TRUE(table.has_value()) << table.error().to_string();
  EXPECT_NE(table->find("birth_date"), nullptr);
  ASSERT_NE(table->find("os_days"), nullptr);
  EXPECT_EQ(table->find("os_days")->numbers[1], 0);
  EXPECT_NE(table->find("first_intent"), nullptr);
  EXPECT_EQ(table->find("first_treatment"), nullptr);
}

TEST(StudyTable, DerivationOfAnUnknownVariableIsAnError) {
  Derivations d;
  d.survival.origin = "enrol_date";
  auto table = table_of(kRows, d);
  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().message,
            "derivation 'survival_days': the dictionary has no variable 'enrol_date'");
  Derivations wrong_type;
  wrong_type.survival.origin = "stage_group";
  table = table_of(kRows, wrong_type);
  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().message,
            "derivation 'survival_days': variable 'stage_group' is categorical, not date");
}

TEST(StudyTable, UnreadableExportNamesTheFile) {
  auto table = load_study_table({"/nonexistent/site.csv"}, test::cohort_dictionary());
  ASSERT_FALSE(table.has_value());
  EXPECT_NE(table.error().to_string().find("/nonexistent/site.csv"), std::string::npos);
}

}  // namespace
}  // namespace oncoshare::analytics
