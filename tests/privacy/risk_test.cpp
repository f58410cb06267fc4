// Risk metrics on hand-computed tables, on an export read through the dictionary, and on
// the synthetic cohort.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/csv_reader.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "privacy/risk.hpp"
#include "privacy_test_support.hpp"
#include "synth/synth.hpp"

namespace oncoshare::privacy {
namespace {

// (40,F) x1, (50,M) x2, (60,F) x3; sensitive values per class {x}, {x,y}, {x,y,z}.
QuasiTable hand_table() {
  QuasiTable t;
  t.quasi = {"age", "sex"};
  t.sensitive = "topography";
  auto add = [&t](std::string id, std::string age, std::string sex, std::string s) {
    t.records.push_back(QuasiRecord{0, std::move(id), {std::move(age), std::move(sex)}, std::move(s)});
  };
  add("1", "40", "F", "x");
  add("2", "50", "M", "x");
  add("3", "50", "M", "y");
  add("4", "60", "F", "x");
  add("5", "60", "F", "y");
  add("6", "60", "F", "z");
  return t;
}

TEST(Risk, SampleOnlyHandComputed) {
  auto r = assess_risk(hand_table(), RiskOptions{});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->records, 6u);
  EXPECT_EQ(r->classes, 3u);
  EXPECT_EQ(r->k, 1u);
  EXPECT_EQ(r->l, 1u);
  EXPECT_EQ(r->class_sizes, (std::map<std::uint64_t, std::uint64_t>{{1, 1}, {2, 1}, {3, 1}}));
  EXPECT_DOUBLE_EQ(r->prosecutor.records_at_risk, 1.0);  // 1, 1/2, 1/3 all > 0.2
  EXPECT_DOUBLE_EQ(r->prosecutor.highest_risk, 1.0);
  EXPECT_DOUBLE_EQ(r->prosecutor.average_risk, 0.5);     // 3 classes / 6 records
  EXPECT_DOUBLE_EQ(r->marketer, 0.5);                     // sample = population
  EXPECT_DOUBLE_EQ(r->journalist.average_risk, 0.5);
  RiskOptions strict;
  strict.threshold = 0.4;
  r = assess_risk(hand_table(), strict);
  EXPECT_DOUBLE_EQ(r->prosecutor.records_at_risk, 0.5);  // classes of size 1 and 2: 3 records
}

TEST(Risk, JournalistAndMarketerWithAPopulationTable) {
  RiskOptions options;
  options.population_table = PopulationTable{
      {{"40", "F"}, 4}, {{"50", "M"}, 2}, {{"60", "F"}, 12}, {{"70", "M"}, 9}};
  auto r = assess_risk(hand_table(), options);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->population, "table");
  // population risks 1/4, 1/2, 1/12: > 0.2 for the first two classes (1 + 2 records)
  EXPECT_DOUBLE_EQ(r->journalist.records_at_risk, 0.5);
  EXPECT_DOUBLE_EQ(r->journalist.highest_risk, 0.5);
  // max(3 / (4+2+12), (1/4 + 2/2 + 3/12) / 6) = max(1/6, 1/4)
  EXPECT_DOUBLE_EQ(r->journalist.average_risk, 0.25);
  EXPECT_DOUBLE_EQ(r->marketer, 0.25);
  EXPECT_DOUBLE_EQ(r->prosecutor.average_risk, 0.5);  // prosecutor ignores the population

  options.population_table->erase({"60", "F"});
  r = assess_risk(hand_table(), options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "population table lacks class (60, F) (3 records in the sample)");
}

TEST(Risk, PopulationSizeScalesClassesUniformly) {
  RiskOptions options;
  options.population_size = 60;  // sampling fraction 1/10: F = 10, 20, 30
  auto r = assess_risk(hand_table(), options);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->population, "size 60");
  EXPECT_DOUBLE_EQ(r->journalist.records_at_risk, 0.0);
  EXPECT_DOUBLE_EQ(r->journalist.highest_risk, 0.1);
  EXPECT_DOUBLE_EQ(r->journalist.average_risk, 0.05);  // max(3/60, (0.1*3)/6)
  EXPECT_DOUBLE_EQ(r->marketer, 0.05);
  options.population_size = 5;
  r = assess_risk(hand_table(), options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "--population 5 is smaller than the sample (6 records)");
}

TEST(Risk, JsonReport) {
  const QuasiTable t = hand_table();
  const auto json = risk_to_json(*assess_risk(t, RiskOptions{}), t);
  EXPECT_EQ(json["k"], 1);
  EXPECT_EQ(json["l"], 1);
  EXPECT_EQ(json["class_sizes"][2]["size"], 3);
  EXPECT_EQ(json["class_sizes"][2]["records"], 3);
  EXPECT_DOUBLE_EQ(json["prosecutor"]["average_risk"].get<double>(), 0.5);
}

TEST(QuasiTable, ReadsBaseRowsOnePerRecordAndRejectsUnknownVariables) {
  test::TempDir dir;
  test::write_file(dir.path("dd.csv"), test::kDictionary);
  auto dict = dictionary::read_redcap_dictionary(dir.path("dd.csv"));
  ASSERT_TRUE(dict) << dict.error().to_string();
  test::write_file(dir.path("e.csv"),
                   "record_id,sex,age,zip,dx_date,topography,symptoms___1,symptoms___2,demo_complete\n"
                   "1,1,40,75012,2020-01-02,C50,1,0,2\n"
                   "2,2,51,75013,2020-02-03,C61,0,0,2\n"
                   "3,,,,,,0,0,0\n");
  auto table = read_quasi_table({dir.path("e.csv")}, *dict, {"age", "zip"}, "topography");
  ASSERT_TRUE(table) << table.error().to_string();
  ASSERT_EQ(table->records.size(), 3u);
  EXPECT_EQ(table->records[1].values, (std::vector<std::string>{"51", "75013"}));
  EXPECT_EQ(table->records[1].sensitive, "C61");
  EXPECT_EQ(table->records[2].values, (std::vector<std::string>{"", ""}));

  auto bad = read_quasi_table({dir.path("e.csv")}, *dict, {"age", "zipcode"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "unknown variable 'zipcode' in --quasi");
  bad = read_quasi_table({dir.path("e.csv")}, *dict, {"symptoms"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message,
            "variable 'symptoms' in --quasi is a checkbox field; quasi-identifiers must be "
            "single-column fields");
}

TEST(Risk, SynthCohortMatchesAnIndependentCount) {
  test::TempDir dir;
  synth::SynthOptions options;
  options.sites = 2;
  options.patients = 400;
  options.defect_rate = 0;
  options.show_progress = false;
  options.out = dir.path("cohort");
  ASSERT_TRUE(synth::generate(options));
  auto dict = dictionary::read_redcap_dictionary(options.out + "/dictionary.csv");
  ASSERT_TRUE(dict);
  const std::vector<std::string> files{options.out + "/site_1.csv", options.out + "/site_2.csv"};
  auto table = read_quasi_table(files, *dict, {"sex", "age_dx"});
  ASSERT_TRUE(table) << table.error().to_string();
  ASSERT_EQ(table->records.size(), 400u);
  auto r = assess_risk(*table, RiskOptions{});
  ASSERT_TRUE(r);
  // Independent: count (sex, age_dx) pairs straight from the CSV base rows.
  std::map<std::pair<std::string, std::string>, std::uint64_t> counts;
  for (const auto& file : files) {
    auto csv = core::CsvReader::open(file);
    ASSERT_TRUE(csv);
    core::CsvRow row;
    ASSERT_EQ(csv->next(row), core::ReadStatus::ok);
    const auto& h = row.fields;
    const auto col = [&h](const char* name) {
      return static_cast<std::size_t>(std::find(h.begin(), h.end(), name) - h.begin());
    };
    const std::size_t sex = col("sex"), age = col("age_dx"), rep = col("redcap_repeat_instrument");
    while (csv->next(row) == core::ReadStatus::ok) {
      if (row.fields[rep].empty()) ++counts[{row.fields[sex], row.fields[age]}];
    }
  }
  std::uint64_t k = 400, unique = 0;
  for (const auto& [key, c] : counts) {
    k = std::min(k, c);
    if (c == 1) ++unique;
  }
  EXPECT_EQ(r->classes, counts.size());
  EXPECT_EQ(r->k, k);
  EXPECT_EQ(r->class_sizes[1], unique);
  EXPECT_DOUBLE_EQ(r->prosecutor.average_risk, static_cast<double>(counts.size()) / 400.0);
  EXPECT_DOUBLE_EQ(r->prosecutor.highest_risk, 1.0 / static_cast<double>(k));
}

}  // namespace
}  // namespace oncoshare::privacy
