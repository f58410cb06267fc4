// KM maths on a hand-checked example and its text / JSON / SVG renderings.
#include <nlohmann/json.hpp>

#include "analytics/test_support.hpp"

namespace oncoshare::analytics {
namespace {

// Times 1, 2, 2+, 3, 4 (one group) and 2, 5+ (a second, with a <label>): R gives for the
// first S = 0.8, 0.6, 0.3, 0; std.err 0.1788854, 0.2190890, 0.2387467, NaN.
SurvivalCounts example() {
  SurvivalCounts c;
  c.grid = {1, 2, 3, 4, 5};
  c.groups = {"a", "b"};
  c.group_labels = {"Arm A", "Arm <B> & co"};
  c.at_risk = {5, 4, 2, 1, 0, 2, 2, 1, 1, 1};
  c.events = {1, 1, 1, 1, 0, 0, 1, 0, 0, 0};
  c.censored = {0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
  c.excluded = 3;
  return c;
}

TEST(KaplanMeier, HandCheckedExampleAsR) {
  auto km = kaplan_meier(example());
  ASSERT_TRUE(km.has_value()) << km.error().to_string();
  const auto& rows = km->curves[0].rows;
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_DOUBLE_EQ(rows[0].surv, 0.8);
  EXPECT_DOUBLE_EQ(rows[2].surv, 0.3);
  EXPECT_EQ(rows[3].surv, 0);
  EXPECT_NEAR(rows[0].std_err, 0.1788854382, 1e-10);
  EXPECT_NEAR(rows[1].std_err, 0.2190890230, 1e-10);
  EXPECT_NEAR(rows[1].lower, 0.29331643, 1e-8);
  EXPECT_EQ(rows[1].upper, 1);
  EXPECT_TRUE(std::isnan(rows[3].std_err) && std::isnan(rows[3].lower));
  EXPECT_EQ(km->curves[0].median, 3);
  EXPECT_EQ(km->curves[0].median_lower, 2);
  EXPECT_TRUE(std::isnan(km->curves[0].median_upper));
  // Group b: S = 0.5 from t = 2 to its end; R's median is then the midpoint rule's
  // fallback, the time the curve reached 0.5.
  EXPECT_EQ(km->curves[1].median, 2);
  EXPECT_EQ(km->excluded, 3);
  auto lr = log_rank(example());
  ASSERT_TRUE(lr.has_value());
  EXPECT_NEAR(lr->chi_square, 0.5982859, 1e-7);  // R: survdiff(...)$chisq
}

TEST(SurvivalCountsVector, StartCountsEventsCensoredExcludedAndAtRiskDerived) {
  const SurvivalCounts c = example();
  const std::vector<std::int64_t> v = c.to_vector();
  // 2 groups + 2 x 10 cells + excluded: the later at-risk numbers are not sent.
  EXPECT_EQ(v, (std::vector<std::int64_t>{5, 2, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 3}));
  SurvivalCounts back;
  back.grid = c.grid;
  back.groups = c.groups;
  ASSERT_TRUE(back.assign(v));
  EXPECT_EQ(back.at_risk, c.at_risk);
  EXPECT_EQ(back.events, c.events);
  EXPECT_EQ(back.censored, c.censored);
  EXPECT_EQ(back.excluded, 3);
  EXPECT_EQ(back.assign(std::vector<std::int64_t>(22)).error().message, "survival counts: expected 23 values, got 22");
}

TEST(KaplanMeier, MedianOnAFlatHalfIsTheMidpointAsInR) {
  SurvivalCounts c;
  c.grid = {1, 2, 3, 4};
  c.groups = {""};
  c.group_labels = {"All"};
  c.at_risk = {4, 3, 2, 1};
  c.events = {1, 1, 1, 1};
  c.censored = {0, 0, 0, 0};
  auto km = kaplan_meier(c);
  ASSERT_TRUE(km.has_value());
  EXPECT_EQ(km->curves[0].median, 2.5);  // R: survfit(Surv(1:4, rep(1, 4)) ~ 1) median 2.5
}

TEST(KaplanMeier, InconsistentCountsAreRefused) {
  SurvivalCounts c = example();
  c.at_risk[1] = 5;
  auto km = kaplan_meier(c);
  ASSERT_FALSE(km.has_value());
  EXPECT_EQ(km.error().message, "survival counts of group 'Arm A' at time 1 are inconsistent "
                                "(at risk 5, events 1, censored 0)");
  EXPECT_FALSE(kaplan_meier(example(), KmOptions{1.5, ConfType::log}).has_value());
  SurvivalCounts one = example();
  one.groups.resize(1);
  auto lr = log_rank(one);
  ASSERT_FALSE(lr.has_value());
  EXPECT_EQ(lr.error().message, "log-rank test: needs a group variable with two or more groups");
}

TEST(KmFormat, TextTableLikeSummarySurvfit) {
  auto km = kaplan_meier(example());
  ASSERT_TRUE(km.has_value());
  const std::string text = km_text(*km);
  EXPECT_EQ(text.substr(0, text.find("\n\n")),
            "Arm A (a)\n"
            "    time  n.risk  n.event  n.censor  survival   std.err  lower 95%  upper 95%\n"
            "       1       5        1         0       0.8    0.1789     0.5161          1\n"
            "       2       4        1         1       0.6    0.2191     0.2933          1\n"
            "       3       2        1         0       0.3    0.2387    0.06305          1\n"
            "       4       1        1         0         0        NA         NA         NA\n"
            "n=5 events=4 median=3 95% CI [2, NA]");
  EXPECT_NE(text.find("3 rows excluded (no time, event or group)"), std::string::npos);
}

TEST(KmFormat, JsonHasFullPrecisionAndNullForNa) {
  auto km = kaplan_meier(example());
  ASSERT_TRUE(km.has_value());
  const nlohmann::json j = km_json(*km);
  EXPECT_EQ(j["conf_type"], "log");
  EXPECT_EQ(j["excluded"], 3);
  EXPECT_EQ(j["curves"][0]["rows"][0]["survival"].get<double>(), km->curves[0].rows[0].surv);
  EXPECT_EQ(j["curves"][0]["rows"][0]["std_err"].get<double>(), km->curves[0].rows[0].std_err);
  EXPECT_TRUE(j["curves"][0]["rows"][3]["lower"].is_null());
  EXPECT_TRUE(j["curves"][0]["median_upper"].is_null());
  EXPECT_EQ(j["curves"][1]["label"], "Arm <B> & co");
  auto lr = log_rank(example());
  ASSERT_TRUE(lr.has_value());
  const nlohmann::json l = log_rank_json(*lr);
  EXPECT_EQ(l["df"], 1);
  EXPECT_EQ(l["observed"][0].get<double>(), 4);
  EXPECT_NE(log_rank_text(*lr).find("on 1 degrees of freedom"), std::string::npos);
}

TEST(KmSvg, SelfContainedWithCurvesBandsAndEscapedLegend) {
  auto km = kaplan_meier(example());
  ASSERT_TRUE(km.has_value());
  const std::string svg = km_svg(*km);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\"", 0), 0u);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  auto count = [&](const std::string& what) {
    std::size_t n = 0;
    for (auto at = svg.find(what); at != std::string::npos; at = svg.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("fill-opacity=\"0.15\""), 2u);    // one band per curve
  EXPECT_EQ(count("stroke-width=\"2\""), 2u);       // one step line per curve
  EXPECT_NE(svg.find("Arm &lt;B&gt; &amp; co (n=2)"), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("href"), std::string::npos);
  // Arm A's line: starts at S=1 (y=40) and steps down to S=0.8 at t=1 (plot 476 px wide,
  // x axis to 5: 64 + 476/5 = 159.20; y = 40 + 344 * 0.2 = 108.80).
  EXPECT_NE(svg.find("M64.00 40.00H159.20V108.80"), std::string::npos);
  EXPECT_EQ(svg, km_svg(*km));  // deterministic
}

}  // namespace
}  // namespace oncoshare::analytics
