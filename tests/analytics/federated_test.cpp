// Federated == pooled: statistics computed per site and summed equal, cell for cell, the
// statistics of the pooled cohort, and so do the estimates computed from them (bitwise).
#include <bit>
#include <cstdint>

#include "analytics/test_support.hpp"

namespace oncoshare::analytics {
namespace {

struct Cohort {
  std::vector<StudyTable> sites;
  StudyTable pooled;
};

const Cohort& cohort() {
  static const Cohort c = [] {
    Cohort out;
    for (int k = 1; k <= 3; ++k) out.sites.push_back(test::load({test::site_file(k)}));
    out.pooled = test::load({test::site_file(1), test::site_file(2), test::site_file(3)});
    return out;
  }();
  return c;
}

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

void expect_bitwise_equal(const KmResult& a, const KmResult& b) {
  ASSERT_EQ(a.curves.size(), b.curves.size());
  for (std::size_t g = 0; g < a.curves.size(); ++g) {
    const auto& x = a.curves[g];
    const auto& y = b.curves[g];
    ASSERT_EQ(x.rows.size(), y.rows.size());
    EXPECT_EQ(bits(x.median), bits(y.median));
    EXPECT_EQ(bits(x.median_lower), bits(y.median_lower));
    EXPECT_EQ(bits(x.median_upper), bits(y.median_upper));
    for (std::size_t i = 0; i < x.rows.size(); ++i) {
      EXPECT_EQ(bits(x.rows[i].time), bits(y.rows[i].time));
      EXPECT_EQ(x.rows[i].n_risk, y.rows[i].n_risk);
      EXPECT_EQ(bits(x.rows[i].surv), bits(y.rows[i].surv));
      EXPECT_EQ(bits(x.rows[i].std_err), bits(y.rows[i].std_err));
      EXPECT_EQ(bits(x.rows[i].lower), bits(y.rows[i].lower));
      EXPECT_EQ(bits(x.rows[i].upper), bits(y.rows[i].upper));
    }
  }
}

SurvivalCounts summed(const SurvivalQuery& query, const std::vector<double>& grid,
                      const std::string& where) {
  SurvivalCounts total;
  for (std::size_t k = 0; k < cohort().sites.size(); ++k) {
    const StudyTable& site = cohort().sites[k];
    auto part = survival_counts(site, test::filter(site, where), query, grid);
    EXPECT_TRUE(part.has_value()) << part.error().to_string();
    if (k == 0) {
      total = *part;
    } else {
      // What the coordinator does: decrypt the sum of the sites' vectors.
      std::vector<std::int64_t> sum = total.to_vector();
      EXPECT_TRUE(add_counts(sum, part->to_vector()).has_value());
      EXPECT_TRUE(total.assign(sum).has_value());
    }
  }
  return total;
}

TEST(Federated, SitesAreDisjointAndCoverThePooledCohort) {
  std::size_t rows = 0;
  for (const auto& site : cohort().sites) rows += site.rows();
  EXPECT_EQ(rows, 600u);
  EXPECT_EQ(cohort().pooled.rows(), 600u);
  EXPECT_TRUE(cohort().pooled.problems.empty());
  EXPECT_EQ(cohort().pooled.sites.front(), "site_1");
  EXPECT_EQ(cohort().pooled.sites.back(), "site_3");
}

class FederatedKm : public ::testing::TestWithParam<std::string> {};

TEST_P(FederatedKm, SummedSiteCountsEqualPooledCountsAndEstimates) {
  const std::string where = GetParam();
  const StudyTable& pooled = cohort().pooled;
  const Filter filter = test::filter(pooled, where);
  // Exact grid: the union of the sites' distinct times is the pooled one.
  std::vector<std::vector<double>> site_grids;
  for (const auto& site : cohort().sites) {
    site_grids.push_back(*distinct_times(site, test::filter(site, where), "survival_days"));
  }
  const std::vector<double> exact = merge_grids(site_grids);
  EXPECT_EQ(exact, *distinct_times(pooled, filter, "survival_days"));
  auto monthly = regular_grid(30, 12000);
  ASSERT_TRUE(monthly.has_value());
  for (const auto& grid : {exact, *monthly}) {
    for (const std::string& group : {std::string(), std::string("stage_group"),
                                     std::string("first_treatment")}) {
      SCOPED_TRACE(where + " / " + group + " / grid of " + std::to_string(grid.size()));
      SurvivalQuery query{"survival_days", "event", "1", group};
      auto direct = survival_counts(pooled, filter, query, grid);
      ASSERT_TRUE(direct.has_value()) << direct.error().to_string();
      SurvivalCounts federated = summed(query, grid, where);
      EXPECT_EQ(federated.to_vector(), direct->to_vector());
      std::int64_t n = 0;
      for (std::size_t g = 0; g < direct->groups.size(); ++g) n += direct->at_risk[direct->index(g, 0)];
      EXPECT_GT(n, 50);
      EXPECT_EQ(n + direct->excluded, count_rows(pooled, filter));
      auto a = kaplan_meier(federated);
      auto b = kaplan_meier(*direct);
      ASSERT_TRUE(a.has_value() && b.has_value());
      expect_bitwise_equal(*a, *b);
      if (!group.empty()) {
        auto la = log_rank(federated);
        auto lb = log_rank(*direct);
        ASSERT_TRUE(la.has_value() && lb.has_value());
        EXPECT_EQ(bits(la->chi_square), bits(lb->chi_square));
        EXPECT_EQ(bits(la->p_value), bits(lb->p_value));
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Filters, FederatedKm,
                         ::testing::Values("", "age_dx >= 60", "stage_group in (III, IV)",
                                           "sex = Female and not stage_group = 1"),
                         [](const auto& info) { return "filter" + std::to_string(info.index); });

TEST(Federated, CountsCrossTabsAndHistogramsAddUp) {
  const StudyTable& pooled = cohort().pooled;
  const std::string where = "age_dx >= 50";
  std::int64_t count = 0;
  std::vector<std::int64_t> cross, hist;
  for (const auto& site : cohort().sites) {
    const Filter f = test::filter(site, where);
    count += count_rows(site, f);
    auto c = cross_tabulate(site, f, "stage_group", "first_treatment");
    auto h = histogram(site, f, "age_dx", {50, 60, 70, 80, 90});
    ASSERT_TRUE(c.has_value() && h.has_value());
    if (cross.empty()) {
      cross = c->counts;
      hist = h->counts;
    } else {
      ASSERT_TRUE(add_counts(cross, c->counts).has_value());
      ASSERT_TRUE(add_counts(hist, h->counts).has_value());
    }
  }
  const Filter f = test::filter(pooled, where);
  EXPECT_EQ(count, count_rows(pooled, f));
  EXPECT_GT(count, 100);
  auto c = cross_tabulate(pooled, f, "stage_group", "first_treatment");
  auto h = histogram(pooled, f, "age_dx", {50, 60, 70, 80, 90});
  ASSERT_TRUE(c.has_value() && h.has_value());
  EXPECT_EQ(cross, c->counts);
  EXPECT_EQ(hist, h->counts);
  EXPECT_EQ(c->counts.size(), 5u * 4u);  // 4 stages + missing, 3 treatments + missing
  EXPECT_EQ(h->counts[0], 0);            // nobody below 50 passes the filter
  std::int64_t total = 0;
  for (auto v : h->counts) total += v;
  EXPECT_EQ(total, count);
}

TEST(Federated, MismatchedShapesAreRefused) {
  std::vector<std::int64_t> total{1, 2, 3};
  auto status = add_counts(total, std::vector<std::int64_t>{1, 2});
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().message, "cannot add a statistic of 2 cells to one of 3 cells");
  const StudyTable& site = cohort().sites[0];
  auto a = survival_counts(site, Filter{}, SurvivalQuery{}, {30, 60});
  auto b = survival_counts(site, Filter{}, SurvivalQuery{}, {30, 90});
  ASSERT_TRUE(a.has_value() && b.has_value());
  auto added = add(*a, *b);
  ASSERT_FALSE(added.has_value());
  EXPECT_EQ(added.error().message, "survival counts: the grids or groups of the two sites differ");
}

}  // namespace
}  // namespace oncoshare::analytics
