// Hierarchies, the lattice search and the generalised export, checked against an
// independent recount of the written file.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "core/csv_reader.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "privacy/generalise.hpp"
#include "privacy_test_support.hpp"
#include "synth/synth.hpp"

namespace oncoshare::privacy {
namespace {

Hierarchy parse(std::string_view spec) {
  auto h = parse_hierarchy(spec);
  EXPECT_TRUE(h) << h.error().to_string();
  return h ? *h : Hierarchy{};
}

TEST(Hierarchy, LevelsOfEachKind) {
  const Hierarchy age = parse("age=age:5|10|20");
  EXPECT_EQ(age.height(), 4u);
  EXPECT_EQ(*generalise_value(age, 0, "47"), "47");
  EXPECT_EQ(*generalise_value(age, 1, "47"), "45-49");
  EXPECT_EQ(*generalise_value(age, 2, "47"), "40-49");
  EXPECT_EQ(*generalise_value(age, 3, "47"), "40-59");
  EXPECT_EQ(*generalise_value(age, 4, "47"), "*");
  EXPECT_EQ(*generalise_value(age, 3, ""), "");
  EXPECT_EQ(*generalise_value(age, 4, ""), "");
  const Hierarchy date = parse("dx_date=date");
  EXPECT_EQ(*generalise_value(date, 1, "2020-02-29"), "2020-02");
  EXPECT_EQ(*generalise_value(date, 2, "2020-02-29"), "2020");
  EXPECT_EQ(*generalise_value(date, 3, "2020-02-29"), "*");
  const Hierarchy zip = parse("zip=truncate:3|1");
  EXPECT_EQ(*generalise_value(zip, 1, "75012"), "750*");
  EXPECT_EQ(*generalise_value(zip, 2, "75012"), "7*");
  EXPECT_EQ(*generalise_value(zip, 1, "75"), "75");
  EXPECT_EQ(*generalise_value(zip, 1, "Ölm88"), "Ölm*");
  EXPECT_EQ(*generalise_value(parse("sex=mask"), 1, "1"), "*");

  auto bad = generalise_value(age, 1, "forty");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().to_string(), "field 'age': not a number (hierarchy bands)");
  bad = generalise_value(date, 1, "2020-02-30");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().to_string(),
            "field 'dx_date': invalid date: expected YYYY-MM-DD[ HH:MM[:SS]]");
}

TEST(Hierarchy, InvalidSpecsAreExplained) {
  const std::map<std::string, std::string> cases{
      {"age", "invalid hierarchy 'age': expected <variable>=<bands:W|W..|date|truncate:N|N..|mask>"},
      {"age=age:5|7", "invalid hierarchy 'age=age:5|7': band widths must increase, each a multiple of the one before"},
      {"age=age:5|x", "invalid hierarchy 'age=age:5|x': 'x' is not a positive integer"},
      {"zip=truncate:1|3", "invalid hierarchy 'zip=truncate:1|3': truncation lengths must decrease"},
      {"zip=round:3", "invalid hierarchy 'zip=round:3': unknown kind 'round': expected bands, age, date, truncate or mask"},
      {"d=date:2", "invalid hierarchy 'd=date:2': 'date' takes no parameters"},
      {"zip=truncate", "invalid hierarchy 'zip=truncate': 'truncate' needs :N[|N...]"},
  };
  for (const auto& [spec, message] : cases) {
    auto h = parse_hierarchy(spec);
    ASSERT_FALSE(h) << spec;
    EXPECT_EQ(h.error().message, message);
  }
}

// Independent k: class sizes of the QI columns over the base rows of a written export.
std::uint64_t recount_k(const std::string& path, const std::vector<std::string>& quasi,
                        std::uint64_t* records = nullptr) {
  auto csv = core::CsvReader::open(path);
  EXPECT_TRUE(csv);
  core::CsvRow row;
  EXPECT_EQ(csv->next(row), core::ReadStatus::ok);
  const std::vector<std::string> header = row.fields;
  std::vector<std::size_t> cols;
  for (const auto& q : quasi) {
    cols.push_back(static_cast<std::size_t>(std::find(header.begin(), header.end(), q) - header.begin()));
  }
  const auto rep_it = std::find(header.begin(), header.end(), "redcap_repeat_instrument");
  std::map<std::vector<std::string>, std::uint64_t> classes;
  std::uint64_t n = 0;
  while (csv->next(row) == core::ReadStatus::ok) {
    if (rep_it != header.end() && !row.fields[static_cast<std::size_t>(rep_it - header.begin())].empty()) continue;
    std::vector<std::string> key;
    for (std::size_t c : cols) key.push_back(row.fields[c]);
    ++classes[key];
    ++n;
  }
  if (records != nullptr) *records = n;
  std::uint64_t k = UINT64_MAX;
  for (const auto& [key, size] : classes) k = std::min(k, size);
  return k;
}

TEST(Generalise, SmallTableChoosesTheLeastLossNodeAndSuppresses) {
  test::TempDir dir;
  test::write_file(dir.path("dd.csv"), test::kDictionary);
  auto dict = dictionary::read_redcap_dictionary(dir.path("dd.csv"));
  ASSERT_TRUE(dict);
  // Ages 40..49 and one 71: with k=2 and bands of 10 everyone but record 11 pairs up.
  std::string text = "record_id,sex,age,zip,dx_date,topography,symptoms___1,symptoms___2,demo_complete\n";
  for (int i = 0; i < 10; ++i) {
    text += fmt::format("{},{},{},7501{},2020-01-0{},C50,0,0,2\n", i + 1, 1 + i % 2, 40 + i, i, 1 + i % 9);
  }
  text += "11,1,71,99999,2021-05-05,C50,0,0,2\n";
  test::write_file(dir.path("e.csv"), text);
  const std::vector<std::string> quasi{"age", "zip"};
  auto table = read_quasi_table({dir.path("e.csv")}, *dict, quasi);
  ASSERT_TRUE(table);
  auto hierarchies = hierarchies_for(*dict, quasi, {parse("age=age:5|10"), parse("zip=truncate:4|2")});
  ASSERT_TRUE(hierarchies);
  GeneraliseOptions options{2, 0.1, *hierarchies};  // 0.1 * 11 -> 1 record may go
  auto result = find_generalisation(*table, options);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->levels, (std::vector<std::size_t>{1, 1}));  // 5-year bands, 4-char zips
  EXPECT_EQ(result->suppressed_count, 1u);
  EXPECT_TRUE(result->suppressed[10]);
  EXPECT_EQ(result->k, 5u);
  EXPECT_EQ(result->classes, 2u);
  EXPECT_EQ(result->generalised[0], (std::vector<std::string>{"40-44", "7501*"}));
  EXPECT_EQ(result->discernibility, 5u * 5 + 5 * 5 + 1 * 11);
  EXPECT_EQ(result->nodes_checked, 4u * 4);
  // Loss: ages 11 distinct, each 5-band holds 5 -> 4/10; zips 11 distinct, "7501*" holds
  // 10 -> 9/10; suppressed record counts 1 per attribute: (10*(0.4+0.9) + 2) / 22.
  EXPECT_NEAR(result->loss, (10 * (0.4 + 0.9) + 2) / 22.0, 1e-12);
  EXPECT_NEAR(result->precision, 1 - (10 * (1.0 / 3 + 1.0 / 3) + 2) / 22.0, 1e-12);

  ASSERT_TRUE(write_generalised_export(dir.path("e.csv"), *dict, *table, options, *result, dir.path("out.csv")));
  std::uint64_t n = 0;
  EXPECT_EQ(recount_k(dir.path("out.csv"), quasi, &n), 5u);
  EXPECT_EQ(n, 10u);
  std::ifstream out(dir.path("out.csv"));
  std::string header, first;
  std::getline(out, header);
  std::getline(out, first);
  EXPECT_EQ(header, "record_id,sex,age,zip,dx_date,topography,symptoms___1,symptoms___2,demo_complete");
  EXPECT_EQ(first, "1,1,40-44,7501*,2020-01-01,C50,0,0,2");

  options.suppression_limit = 0;  // no suppression: must generalise further
  result = find_generalisation(*table, options);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->suppressed_count, 0u);
  EXPECT_GE(result->k, 2u);
}

TEST(Generalise, BadOptionsAreErrors) {
  QuasiTable t;
  t.quasi = {"age"};
  t.records.push_back(QuasiRecord{0, "1", {"40"}, {}});
  GeneraliseOptions options{3, 0.05, {parse("age=age:5")}};
  auto r = find_generalisation(t, options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "cannot reach k = 3: the data has only 1 records");
  t.records.push_back(QuasiRecord{0, "2", {"x"}, {}});
  options.k = 2;
  r = find_generalisation(t, options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().to_string(), "field 'age': record '2': not a number (hierarchy bands)");
  options.suppression_limit = 1.5;
  r = find_generalisation(t, options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "--suppression-limit 1.5 is outside [0, 1]");
}

TEST(Generalise, SynthCohortBecomesKAnonymousOnRecount) {
  test::TempDir dir;
  synth::SynthOptions options;
  options.sites = 1;
  options.patients = 300;
  options.defect_rate = 0;
  options.show_progress = false;
  options.out = dir.path("cohort");
  ASSERT_TRUE(synth::generate(options));
  auto dict = dictionary::read_redcap_dictionary(options.out + "/dictionary.csv");
  ASSERT_TRUE(dict);
  const std::string in = options.out + "/site_1.csv";
  const std::vector<std::string> quasi{"sex", "age_dx", "postcode", "diagnosis_date"};
  auto table = read_quasi_table({in}, *dict, quasi);
  ASSERT_TRUE(table);
  auto hierarchies = hierarchies_for(*dict, quasi, {parse("age_dx=age:5|10|20"), parse("postcode=truncate:3|1")});
  ASSERT_TRUE(hierarchies);
  EXPECT_EQ((*hierarchies)[3].kind, HierarchyKind::date);  // date_ymd field by default
  const GeneraliseOptions go{5, 0.05, *hierarchies};
  auto result = find_generalisation(*table, go);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_LE(result->suppressed_count, 15u);
  ASSERT_TRUE(write_generalised_export(in, *dict, *table, go, *result, dir.path("out.csv")));
  std::uint64_t n = 0;
  const std::uint64_t k = recount_k(dir.path("out.csv"), quasi, &n);
  EXPECT_GE(k, 5u);
  EXPECT_EQ(k, result->k);
  EXPECT_EQ(n, 300u - result->suppressed_count);
  EXPECT_GT(recount_k(in, quasi), 0u);
  EXPECT_LT(recount_k(in, quasi), 5u);  // the original was not 5-anonymous
}

}  // namespace
}  // namespace oncoshare::privacy
