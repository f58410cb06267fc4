// R's survival package as the oracle: survfit (KM, Greenwood SE, CIs, medians) and
// survdiff (log-rank) on the synthetic cohort and on R's own `lung` data, with every
// distinct observed time as the grid. Agreement within 1e-10.
#include <fmt/format.h>

#include <map>

#include "analytics/test_support.hpp"
#include "dictionary/redcap_dictionary.hpp"

namespace oncoshare::analytics {
namespace {

using test::close;

// Reads a CSV with columns time, status (0/1 or 1/2), group; prints KM rows, medians and
// the log-rank test at full precision.
constexpr const char* kOracle = R"R(
suppressMessages(library(survival))
a <- commandArgs(TRUE)
d <- read.csv(a[1])
d$group <- d[[a[3]]]
fit <- survfit(Surv(time, status) ~ group, data = d, conf.type = a[2])
s <- summary(fit, censored = TRUE)
g <- sub("group=", "", as.character(s$strata))
for (i in seq_along(s$time)) cat(sprintf("KM %s %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g\n",
  g[i], s$time[i], s$n.risk[i], s$n.event[i], s$n.censor[i], s$surv[i], s$std.err[i],
  s$lower[i], s$upper[i]))
tab <- summary(fit)$table
for (i in seq_len(nrow(tab))) cat(sprintf("MED %s %.17g %.17g %.17g\n",
  sub("group=", "", rownames(tab)[i]), tab[i, "median"], tab[i, "0.95LCL"], tab[i, "0.95UCL"]))
sd <- survdiff(Surv(time, status) ~ group, data = d)
df <- sum(sd$exp > 0) - 1
cat(sprintf("LR %.17g %d %.17g\n", sd$chisq, df, pchisq(sd$chisq, df, lower.tail = FALSE)))
for (i in seq_along(sd$n)) cat(sprintf("OE %s %.17g %.17g\n", sub("group=", "", names(sd$n)[i]),
  sd$obs[i], sd$exp[i]))
)R";

std::string run_oracle(const std::string& csv, const std::string& conf_type,
                       const std::string& group) {
  int status = 0;
  std::string out = test::run_r(kOracle, csv + " " + conf_type + " " + group, status);
  EXPECT_EQ(status, 0) << "Rscript with the survival package is required (apt-get install "
                          "r-base-core r-cran-survival; ONCOSHARE_NO_R=1 skips): " << out;
  return out;
}

// Compares every KM row, median and the log-rank result with R's output; returns the
// number of KM rows compared.
std::size_t compare_with_r(const KmResult& km, const LogRankResult& lr, const std::string& r) {
  std::map<std::string, const KmCurve*> curves;
  for (const auto& curve : km.curves) curves[curve.group] = &curve;
  std::map<std::string, std::size_t> next;
  std::size_t compared = 0;
  for (const auto& f : test::tagged(r, "KM")) {
    EXPECT_EQ(f.size(), 9u);
    const KmCurve* curve = curves.at(f[0]);
    std::size_t& i = next[f[0]];
    EXPECT_LT(i, curve->rows.size()) << "group " << f[0];
    if (i >= curve->rows.size()) return compared;
    const KmRow& row = curve->rows[i++];
    const std::string where = fmt::format("group {} time {}", f[0], f[1]);
    EXPECT_EQ(row.time, test::r_number(f[1])) << where;
    EXPECT_EQ(row.n_risk, std::stoll(f[2])) << where;
    EXPECT_EQ(row.n_event, std::stoll(f[3])) << where;
    EXPECT_EQ(row.n_censor, std::stoll(f[4])) << where;
    EXPECT_TRUE(close(row.surv, test::r_number(f[5]))) << where << " surv";
    EXPECT_TRUE(close(row.std_err, test::r_number(f[6]))) << where << " std.err";
    EXPECT_TRUE(close(row.lower, test::r_number(f[7]))) << where << " lower";
    EXPECT_TRUE(close(row.upper, test::r_number(f[8]))) << where << " upper";
    ++compared;
  }
  for (const auto& [group, curve] : curves) {
    if (curve->n > 0) {
      EXPECT_EQ(next[group], curve->rows.size()) << "group " << group;
    }
  }
  const auto medians = test::tagged(r, "MED");
  EXPECT_FALSE(medians.empty());
  for (const auto& f : medians) {
    const KmCurve* curve = curves.at(f[0]);
    EXPECT_TRUE(close(curve->median, test::r_number(f[1]))) << "median of " << f[0];
    EXPECT_TRUE(close(curve->median_lower, test::r_number(f[2]))) << "median LCL of " << f[0];
    EXPECT_TRUE(close(curve->median_upper, test::r_number(f[3]))) << "median UCL of " << f[0];
  }
  const auto tests = test::tagged(r, "LR");
  EXPECT_EQ(tests.size(), 1u);
  if (tests.size() == 1) {
    EXPECT_TRUE(close(lr.chi_square, test::r_number(tests[0][0]))) << "chi-square";
    EXPECT_EQ(lr.df, std::stoi(tests[0][1]));
    EXPECT_TRUE(close(lr.p_value, test::r_number(tests[0][2]))) << "p-value";
  }
  for (const auto& f : test::tagged(r, "OE")) {
    std::size_t g = 0;
    while (g < lr.groups.size() && lr.groups[g] != f[0]) ++g;
    EXPECT_LT(g, lr.groups.size()) << f[0];
    if (g == lr.groups.size()) continue;
    EXPECT_TRUE(close(lr.observed[g], test::r_number(f[1]))) << "observed " << f[0];
    EXPECT_TRUE(close(lr.expected[g], test::r_number(f[2]))) << "expected " << f[0];
  }
  return compared;
}

struct Fitted {
  KmResult km;
  LogRankResult lr;
};

Fitted fit(const StudyTable& table, const SurvivalQuery& query, ConfType conf_type) {
  Filter all;
  auto grid = distinct_times(table, all, query.time);
  EXPECT_TRUE(grid.has_value());
  auto counts = survival_counts(table, all, query, *grid);
  EXPECT_TRUE(counts.has_value()) << counts.error().to_string();
  auto km = kaplan_meier(*counts, KmOptions{0.95, conf_type});
  EXPECT_TRUE(km.has_value()) << km.error().to_string();
  auto lr = log_rank(*counts);
  EXPECT_TRUE(lr.has_value()) << lr.error().to_string();
  return {*km, *lr};
}

class ROracle : public ::testing::Test {
 protected:
  void SetUp() override {
    if (test::r_disabled()) GTEST_SKIP() << "ONCOSHARE_NO_R=1";
  }
};

TEST_F(ROracle, SynthCohortByStageMatchesSurvfitAndSurvdiff) {
  StudyTable table = test::load({test::site_file(1), test::site_file(2), test::site_file(3)});
  const StudyColumn* time = table.find("survival_days");
  const StudyColumn* event = table.find("event");
  const StudyColumn* stage = table.find("stage_group");
  ASSERT_TRUE(time && event && stage);
  std::string csv = "time,status,stage\n";
  for (std::size_t row = 0; row < table.rows(); ++row) {
    ASSERT_FALSE(time->is_missing(row) || event->is_missing(row) || stage->is_missing(row));
    csv += fmt::format("{},{},{}\n", time->numbers[row], event->choices[event->levels[row]].code,
                       stage->choices[stage->levels[row]].code);
  }
  const std::string path = test::temp_path("synth_km.csv");
  test::write_file(path, csv);
  for (ConfType type : {ConfType::log, ConfType::log_log, ConfType::plain}) {
    SCOPED_TRACE(std::string(to_string(type)));
    Fitted f = fit(table, SurvivalQuery{"survival_days", "event", "1", "stage_group"}, type);
    const std::string r = run_oracle(path, std::string(to_string(type)), "stage");
    // Every patient appears once: rows cover all 600 and the comparison is not vacuous.
    EXPECT_GT(compare_with_r(f.km, f.lr, r), 300u);
  }
}

TEST_F(ROracle, LungBySexThroughARedcapExportMatchesSurvfitAndSurvdiff) {
  const std::string lung = test::temp_path("lung.csv");
  int status = 0;
  std::string out = test::run_r(
      "suppressMessages(library(survival)); write.csv(lung, commandArgs(TRUE)[1], row.names = FALSE)",
      lung, status);
  ASSERT_EQ(status, 0) << out;
  // The same data as a REDCap project: dictionary + raw export.
  const std::string dict_text =
      "\"Variable / Field Name\",\"Form Name\",\"Section Header\",\"Field Type\",\"Field Label\","
      "\"Choices, Calculations, OR Slider Labels\",\"Field Note\",\"Text Validation Type OR Show "
      "Slider Number\",\"Text Validation Min\",\"Text Validation Max\",Identifier?,\"Branching "
      "Logic (Show field only if...)\",\"Required Field?\",\"Custom Alignment\",\"Question Number "
      "(surveys only)\",\"Matrix Group Name\",\"Matrix Ranking?\",\"Field Annotation\"\n"
      "record_id,lung,,text,\"Record ID\",,,,,,,,,,,,,\n"
      "time,lung,,text,\"Survival time (days)\",,,integer,,,,,,,,,,\n"
      "status,lung,,radio,Status,\"1, censored | 2, dead\",,,,,,,,,,,,\n"
      "sex,lung,,radio,Sex,\"1, Male | 2, Female\",,,,,,,,,,,,\n";
  auto dict = dictionary::read_redcap_dictionary_text(dict_text, "lung_dictionary.csv");
  ASSERT_TRUE(dict.has_value()) << dict.error().to_string();
  std::ifstream in(lung);
  std::string line, export_text = "record_id,time,status,sex,lung_complete\n";
  std::getline(in, line);
  ASSERT_EQ(line, "\"inst\",\"time\",\"status\",\"age\",\"sex\",\"ph.ecog\",\"ph.karno\","
                  "\"pat.karno\",\"meal.cal\",\"wt.loss\"");
  int id = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, ',')) f.push_back(cell);
    ASSERT_EQ(f.size(), 10u) << line;
    export_text += fmt::format("{},{},{},{},2\n", ++id, f[1], f[2], f[4]);
  }
  ASSERT_EQ(id, 228);
  const std::string export_path = test::temp_path("lung_export.csv");
  test::write_file(export_path, export_text);
  Derivations none;
  none.survival_enabled = false;
  none.first_of.clear();
  auto table = load_study_table({export_path}, *dict, none);
  ASSERT_TRUE(table.has_value()) << table.error().to_string();
  EXPECT_TRUE(table->problems.empty());
  ASSERT_EQ(table->rows(), 228u);
  for (ConfType type : {ConfType::log, ConfType::log_log, ConfType::plain}) {
    SCOPED_TRACE(std::string(to_string(type)));
    Fitted f = fit(*table, SurvivalQuery{"time", "status", "2", "sex"}, type);
    ASSERT_EQ(f.km.curves.size(), 2u);
    EXPECT_EQ(f.km.curves[0].n, 138);  // lung: 138 men, 90 women
    EXPECT_EQ(f.km.curves[1].n, 90);
    EXPECT_EQ(f.km.curves[0].median, 270);  // survfit's well-known medians
    EXPECT_EQ(f.km.curves[1].median, 426);
    EXPECT_EQ(f.lr.df, 1);
    EXPECT_TRUE(close(f.lr.chi_square, 10.3, 0.05));
    EXPECT_EQ(compare_with_r(f.km, f.lr, run_oracle(lung, std::string(to_string(type)), "sex")),
              f.km.curves[0].rows.size() + f.km.curves[1].rows.size());
  }
}

}  // namespace
}  // namespace oncoshare::analytics
