// Precision and recall on synthetic cohorts: every injected defect in defects.csv is found,
// charged to the same cell and family, and nothing else is flagged.
#include <filesystem>

#include "core/csv_reader.hpp"
#include "quality/test_support.hpp"
#include "synth/synth.hpp"

namespace oncoshare::quality {
namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;

std::set<Key> expected_defects(const std::string& dir) {
  std::set<Key> keys;
  auto csv = core::CsvReader::open(dir + "/defects.csv");
  EXPECT_TRUE(csv.has_value());
  core::CsvRow row;
  EXPECT_EQ(csv->next(row), core::ReadStatus::ok);  // header
  EXPECT_EQ(row.fields[5], "check");
  while (csv->next(row) == core::ReadStatus::ok) {
    keys.insert({row.fields[0], row.fields[1], row.fields[2], row.fields[3], row.fields[4], row.fields[5]});
  }
  return keys;
}

void check_cohort(std::uint64_t seed, std::uint64_t patients, double rate) {
  synth::SynthOptions o;
  o.sites = 3;
  o.patients = patients;
  o.seed = seed;
  o.defect_rate = rate;
  o.show_progress = false;
  o.out = ::testing::TempDir() + "/quality_synth_" + std::to_string(seed);
  auto summary = synth::generate(o);
  ASSERT_TRUE(summary.has_value()) << summary.error().to_string();

  auto dict = dictionary::read_redcap_dictionary(o.out + "/dictionary.csv");
  ASSERT_TRUE(dict.has_value());
  ASSERT_TRUE(dictionary::apply_mapping(*dict, o.out + "/mapping.csv").has_value());
  QualityOptions options;
  options.rules = o.out + "/rules.csv";
  std::vector<std::string> data;
  for (const auto& site : summary->sites) data.push_back(o.out + "/" + site.file);
  const test::Run run = test::run_checker(*dict, data, options);
  ASSERT_EQ(run.error, "");

  std::set<Key> found;
  for (const Failure& f : run.failures) {
    found.insert({f.site, f.record_id, f.repeat_instrument,
                  f.repeat_instance == 0 ? "" : std::to_string(f.repeat_instance), f.column,
                  std::string(info(f.family).name)});
  }
  const std::set<Key> expected = expected_defects(o.out);
  EXPECT_EQ(run.failures.size(), found.size()) << "a cell was charged twice";
  EXPECT_EQ(expected.size(), summary->defects);
  std::vector<Key> missed, extra;
  std::set_difference(expected.begin(), expected.end(), found.begin(), found.end(), std::back_inserter(missed));
  std::set_difference(found.begin(), found.end(), expected.begin(), expected.end(), std::back_inserter(extra));
  for (const Key& k : missed) {
    ADD_FAILURE() << "missed " << std::get<1>(k) << " " << std::get<2>(k) << std::get<3>(k) << " " << std::get<4>(k)
                  << " " << std::get<5>(k);
  }
  for (const Key& k : extra) {
    ADD_FAILURE() << "false positive " << std::get<1>(k) << " " << std::get<2>(k) << std::get<3>(k) << " "
                  << std::get<4>(k) << " " << std::get<5>(k);
  }
  EXPECT_EQ(run.report.records, patients);
  // Every family was injected at least once at this size, so recall covers them all.
  std::set<std::string> families;
  for (const Key& k : expected) families.insert(std::get<5>(k));
  EXPECT_GE(families.size(), 10u);
  std::filesystem::remove_all(o.out);
}

TEST(Synth, AllDefectsFoundAndNothingElseSeed42) { check_cohort(42, 2000, 0.05); }
TEST(Synth, AllDefectsFoundAndNothingElseSeed7) { check_cohort(7, 2000, 0.05); }
TEST(Synth, AllDefectsFoundAndNothingElseSeed2024) { check_cohort(2024, 2000, 0.05); }

TEST(Synth, CleanCohortScoresFullMarks) {
  synth::SynthOptions o;
  o.sites = 2;
  o.patients = 500;
  o.seed = 3;
  o.defect_rate = 0;
  o.show_progress = false;
  o.out = ::testing::TempDir() + "/quality_synth_clean";
  auto summary = synth::generate(o);
  ASSERT_TRUE(summary.has_value());
  auto dict = dictionary::read_redcap_dictionary(o.out + "/dictionary.csv");
  ASSERT_TRUE(dictionary::apply_mapping(*dict, o.out + "/mapping.csv").has_value());
  QualityOptions options;
  options.rules = o.out + "/rules.csv";
  std::vector<std::string> data;
  for (const auto& site : summary->sites) data.push_back(o.out + "/" + site.file);
  const test::Run run = test::run_checker(*dict, data, options);
  ASSERT_EQ(run.error, "");
  EXPECT_TRUE(run.failures.empty());
  EXPECT_EQ(run.report.score(), 100.0);
  EXPECT_EQ(run.report.records, 500u);
  std::filesystem::remove_all(o.out);
}

}  // namespace
}  // namespace oncoshare::quality
