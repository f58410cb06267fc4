#include "synth/synth.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

#include "export_oracle.hpp"

namespace oncoshare::synth {
namespace {

namespace fs = std::filesystem;
using testing::CellKey;
using testing::ExportOracle;
using testing::read_bytes;
using testing::read_table;

// A fresh directory per test, removed afterwards.
class SynthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "synth_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    root_ = templ;
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string make(const std::string& name, std::uint64_t seed, double rate, std::uint64_t patients = 400,
                   std::uint64_t sites = 3) {
    SynthOptions o;
    o.sites = sites;
    o.patients = patients;
    o.seed = seed;
    o.defect_rate = rate;
    o.out = (root_ / name).string();
    o.show_progress = false;
    auto summary = generate(o);
    EXPECT_TRUE(summary.has_value()) << (summary ? "" : summary.error().to_string());
    if (summary) summary_ = *summary;
    return o.out;
  }

  fs::path root_;
  SynthSummary summary_;
};

TEST_F(SynthTest, SameSeedGivesByteIdenticalFilesAndAnotherSeedDiffers) {
  const std::string a = make("a", 11, 0.1);
  const std::string b = make("b", 11, 0.1);
  const std::string c = make("c", 12, 0.1);
  const std::vector<std::string> files{"dictionary.csv", "mapping.csv", "site_1.csv", "site_2.csv",
                                       "site_3.csv", "defects.csv", "truth.json", "rules.csv", "README.txt"};
  EXPECT_EQ(summary_.files, files);
  for (const auto& f : files) {
    EXPECT_EQ(read_bytes(a + "/" + f), read_bytes(b + "/" + f)) << f;
    EXPECT_FALSE(read_bytes(a + "/" + f).empty()) << f;
  }
  EXPECT_TRUE(fs::exists(a + "/.oncoshare-output"));
  EXPECT_EQ(std::distance(fs::directory_iterator(a), fs::directory_iterator{}), 10);  // and the marker: nothing else
  EXPECT_NE(read_bytes(a + "/site_1.csv"), read_bytes(c + "/site_1.csv"));
  EXPECT_NE(read_bytes(a + "/truth.json"), read_bytes(c + "/truth.json"));
  EXPECT_EQ(read_bytes(a + "/dictionary.csv"), read_bytes(c + "/dictionary.csv"));
}

TEST_F(SynthTest, SiteHeaderIsRecordIdRepeatColumnsDagThenDictionaryColumns) {
  const std::string dir = make("h", 3, 0.02);
  ExportOracle oracle(dir);
  std::vector<std::string> expected{"record_id", "redcap_repeat_instrument", "redcap_repeat_instance",
                                    "redcap_data_access_group"};
  const auto columns = oracle.dict().export_columns();
  ASSERT_EQ(columns.front(), "record_id");
  expected.insert(expected.end(), columns.begin() + 1, columns.end());
  for (int k = 1; k <= 3; ++k) {
    EXPECT_EQ(read_table(dir + "/site_" + std::to_string(k) + ".csv").header, expected);
  }
  const std::string start =
      "record_id,redcap_repeat_instrument,redcap_repeat_instance,redcap_data_access_group,sex,birth_date,"
      "age_dx,postcode,ecog,comorbidity___1,";
  EXPECT_EQ(read_bytes(dir + "/site_1.csv").substr(0, start.size()), start);
}

TEST_F(SynthTest, CleanCohortPassesEveryRuleAndHasUniqueIdsAndDags) {
  const std::string dir = make("clean", 5, 0.0, 600);
  ExportOracle oracle(dir);
  std::set<std::string> ids;
  std::uint64_t rows = 0, treatments = 0;
  for (int k = 1; k <= 3; ++k) {
    const std::string file = "site_" + std::to_string(k) + ".csv";
    const auto table = read_table(dir + "/" + file);
    const auto bad = oracle.violations(file, table);
    EXPECT_TRUE(bad.empty()) << file << ": first bad cell " << std::get<1>(*bad.begin()) << " "
                             << std::get<4>(*bad.begin());
    const std::regex id("S" + std::to_string(k) + R"(-\d{6})");
    int instance = 0;
    for (const auto& row : table.rows) {
      EXPECT_TRUE(std::regex_match(row[0], id)) << row[0];
      EXPECT_EQ(row[3], "site_" + std::to_string(k));
      if (row[1].empty()) {
        EXPECT_TRUE(ids.insert(row[0]).second) << "repeated record " << row[0];
        EXPECT_EQ(row[2], "");
        instance = 0;
      } else {
        EXPECT_EQ(row[1], "treatment");
        EXPECT_EQ(row[2], std::to_string(++instance));
        ++treatments;
      }
      ++rows;
    }
  }
  EXPECT_EQ(ids.size(), 600u);
  EXPECT_EQ(rows, summary_.rows);
  EXPECT_GT(treatments, 600u);
  EXPECT_EQ(read_bytes(dir + "/defects.csv"),
            "site,record_id,repeat_instrument,repeat_instance,variable,check,original_value,injected_value\n");
}

TEST_F(SynthTest, EveryDefectIsListedDetectableAndAlone) {
  const std::string clean_dir = make("clean", 21, 0.0, 600);
  const std::string dir = make("dirty", 21, 0.5, 600);
  ExportOracle oracle(dir);
  const auto defects = read_table(dir + "/defects.csv");
  ASSERT_GT(defects.rows.size(), 200u);
  EXPECT_EQ(defects.rows.size(), summary_.defects);

  std::set<CellKey> listed, allowed_companions;
  std::set<std::string> families;
  for (const auto& d : defects.rows) {
    const CellKey key{d[0] + ".csv", d[1], d[2], d[3], d[4]};
    EXPECT_TRUE(listed.insert(key).second) << "two defects in one cell";
    EXPECT_NE(d[6], d[7]) << d[1] << " " << d[4];
    families.insert(d[5]);
    if (d[5] == "plausibility_range" && (d[4] == "height" || d[4] == "weight")) {
      allowed_companions.insert(CellKey{d[0] + ".csv", d[1], d[2], d[3], "bmi"});
    }
  }
  EXPECT_EQ(families.size(), kCheckFamilies.size());

  std::set<CellKey> changed, flagged;
  std::size_t found = 0;
  for (int k = 1; k <= 3; ++k) {
    const std::string file = "site_" + std::to_string(k) + ".csv";
    const auto dirty = read_table(dir + "/" + file);
    const auto clean = read_table(clean_dir + "/" + file);
    ASSERT_EQ(dirty.rows.size(), clean.rows.size());
    for (std::size_t r = 0; r < dirty.rows.size(); ++r) {
      for (std::size_t c = 0; c < dirty.header.size(); ++c) {
        const CellKey key{file, dirty.rows[r][0], dirty.rows[r][1], dirty.rows[r][2], dirty.header[c]};
        if (listed.count(key)) {
          ++found;
          // The listed original is the clean value, the listed injected value is in the file.
          for (const auto& d : defects.rows) {
            if (CellKey{d[0] + ".csv", d[1], d[2], d[3], d[4]} != key) continue;
            EXPECT_EQ(clean.rows[r][c], d[6]);
            EXPECT_EQ(dirty.rows[r][c], d[7]);
          }
        }
        if (dirty.rows[r][c] != clean.rows[r][c]) changed.insert(key);
      }
    }
    const auto bad = oracle.violations(file, dirty);
    flagged.insert(bad.begin(), bad.end());
  }
  EXPECT_EQ(found, listed.size()) << "a defect points at a cell that does not exist";
  for (const auto& key : changed) {
    EXPECT_TRUE(listed.count(key) || allowed_companions.count(key))
        << "unlisted change " << std::get<1>(key) << " " << std::get<4>(key);
  }
  // The independent checker finds exactly the listed cells: nothing else is defective.
  for (const auto& key : listed) EXPECT_TRUE(flagged.count(key)) << "undetected " << std::get<1>(key) << " " << std::get<4>(key);
  for (const auto& key : flagged) EXPECT_TRUE(listed.count(key)) << "unlisted " << std::get<1>(key) << " " << std::get<4>(key);
}

TEST_F(SynthTest, BadOptionsAreRefusedWithTheValue) {
  SynthOptions o;
  o.out = (root_ / "x").string();
  o.sites = 0;
  ASSERT_FALSE(validate(o).has_value());
  EXPECT_EQ(validate(o).error().message, "--sites must be between 1 and 1000 (got 0)");
  o.sites = 2;
  o.patients = 0;
  EXPECT_EQ(validate(o).error().message, "--patients must be at least 1 (got 0)");
  o.patients = 5;
  o.defect_rate = 1.5;
  EXPECT_EQ(validate(o).error().message, "--defect-rate must be between 0 and 1 (got 1.5)");
  EXPECT_FALSE(generate(o).has_value());
  EXPECT_FALSE(fs::exists(o.out));
}

TEST_F(SynthTest, UnwritableOutputLeavesNothing) {
  SynthOptions o;
  o.out = (root_ / "missing" / "deeper" / "out").string();
  o.show_progress = false;
  auto result = generate(o);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(core::exit_code(result.error()), 2);
  EXPECT_FALSE(fs::exists(root_ / "missing"));
}

TEST_F(SynthTest, MoreSitesThanPatientsStillWritesEverySite) {
  const std::string dir = make("tiny", 1, 0.0, 2, 4);
  EXPECT_EQ(summary_.patients, 2u);
  for (int k = 1; k <= 4; ++k) EXPECT_TRUE(fs::exists(dir + "/site_" + std::to_string(k) + ".csv"));
}

}  // namespace
}  // namespace oncoshare::synth
