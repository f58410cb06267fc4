// R's survival::coxph on the pooled rows is the oracle for the federated Cox models:
// stratified by site (coxph(Surv(t, e) ~ x + strata(site))) and pooled (no strata), Efron
// and Breslow ties, on the synthetic cohort over 3 and 5 sites and on survival's lung
// (by institution), colon (etype 2, by extent) and gbsg (by grade). Coefficients, standard
// errors, log-likelihoods and the three tests agree within 1e-6 (scaled as in near());
// the stratified concordance counts are exact, the pooled concordance is approximate.
#include <iostream>

#include "models/cox.hpp"
#include "models/models_test_support.hpp"

namespace oncoshare::models {
namespace {

// Args: csv, right-hand side, time, event, event code, site column, factors ("-" or
// "v=l1,l2;w=..."), subset expression, relevels ("-" or "v=ref;w=ref", test::r_formula()). Output per model (strat|pooled, efron|breslow):
// COEF model ties name coef se z p lower upper
// FIT model ties n events loglik0 loglik lr wald score concordant discordant tied.x C
constexpr const char* kCoxOracle = R"R(
suppressMessages(library(survival))
a <- commandArgs(TRUE)
d <- read.csv(a[1], colClasses = "character")
spec <- if (a[7] == "-") list() else strsplit(strsplit(a[7], ";")[[1]], "=")
factors <- sapply(spec, `[`, 1)
for (v in names(d)) {
  if (v %in% factors) {
    lv <- strsplit(spec[[which(factors == v)]][2], ",")[[1]]
    d[[v]] <- factor(ifelse(d[[v]] == "", NA, d[[v]]), levels = lv)
  } else d[[v]] <- suppressWarnings(as.numeric(ifelse(d[[v]] == "", NA, d[[v]])))
}
for (p in if (a[9] == "-") list() else strsplit(strsplit(a[9], ";")[[1]], "=")) {
  d[[p[1]]] <- relevel(if (is.factor(d[[p[1]]])) d[[p[1]]] else factor(d[[p[1]]]), ref = p[2])
}
d <- d[with(d, eval(parse(text = a[8]))), ]
d$.time <- d[[a[3]]]
d$.event <- as.numeric(d[[a[4]]] == as.numeric(a[5]))
d$.site <- ifelse(is.na(d[[a[6]]]), -1, d[[a[6]]])
for (strat in c(TRUE, FALSE)) for (ties in c("efron", "breslow")) {
  f <- as.formula(paste("Surv(.time, .event) ~", a[2], if (strat) "+ strata(.site)" else ""))
  fit <- coxph(f, data = d, ties = ties)
  s <- summary(fit)
  m <- if (strat) "strat" else "pooled"
  co <- s$coefficients; ci <- s$conf.int
  for (i in seq_len(nrow(co))) cat(sprintf("COEF %s %s %s %.17g %.17g %.17g %.17g %.17g %.17g\n",
    m, ties, rownames(co)[i], co[i, 1], co[i, 3], co[i, 4], co[i, 5], ci[i, 3], ci[i, 4]))
  cc <- fit$concordance
  cat(sprintf("FIT %s %s %d %d %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g\n", m, ties,
    fit$n, fit$nevent, fit$loglik[1], fit$loglik[2], 2 * diff(fit$loglik), fit$wald.test, fit$score,
    cc["concordant"], cc["discordant"], cc["tied.x"], cc["concordance"]))
}
)R";

// The 1/0 columns of survival::colon, as REDCap yesno fields.
const std::set<std::string> kColonYesNo{"obstruct", "perfor", "adhere"};

struct CoxCase {
  std::string csv, rhs, time, event;
  double event_code = 1;
  std::string site, factors = "-", subset = "TRUE", filter;
};

class CoxROracle : public ::testing::Test {
 protected:
  void SetUp() override {
    if (analytics::test::r_disabled()) GTEST_SKIP() << "ONCOSHARE_NO_R=1";
  }
  void TearDown() override {
    std::cout << fmt::format(
        "max scaled difference vs R: coefficients {:.3g}, std. errors {:.3g}, loglik/tests/CI "
        "{:.3g}, pooled concordance {:.3g}\n",
        worst_.coefficient, worst_.std_error, worst_.other, worst_concordance_);
  }

  // Fits the four models over `tables` (one per site) and compares them with R.
  void compare(const std::vector<analytics::StudyTable>& tables, const CoxCase& c) {
    std::vector<Design> sites =
        test::designs(tables, fmt::format("Surv({}, {}) ~ {}", c.time, c.event, c.rhs), c.filter);
    for (Design& d : sites) d.event = (d.event.array() == c.event_code).cast<double>();
    int status = 0;
    const test::RFormula in_r = test::r_formula(c.rhs);
    const std::string r = analytics::test::run_r(
        kCoxOracle,
        fmt::format("{} '{}' {} {} {} {} '{}' '{}' '{}'", c.csv, in_r.formula, c.time, c.event, c.event_code,
                    c.site, c.factors, c.subset, in_r.relevels),
        status);
    ASSERT_EQ(status, 0) << r;
    const auto coefs = analytics::test::tagged(r, "COEF");
    const auto fits = analytics::test::tagged(r, "FIT");
    ASSERT_EQ(fits.size(), 4u) << r;
    for (const auto& f : fits) {
      CoxOptions options;
      options.stratify_by_site = f[0] == "strat";
      options.ties = f[1] == "efron" ? CoxTies::efron : CoxTies::breslow;
      SCOPED_TRACE(f[0] + " " + f[1]);
      auto fit = fit_cox(sites, options);
      ASSERT_TRUE(fit.has_value()) << fit.error().to_string();
      EXPECT_EQ(fit->n, std::stoll(f[2]));
      EXPECT_EQ(fit->events, std::stoll(f[3]));
      EXPECT_FALSE(fit->coarsened);
      EXPECT_TRUE(fit->warnings.empty()) << format_cox(*fit);
      const double tol = 1e-6;
      EXPECT_TRUE(test::near(fit->loglik_null, std::stod(f[4]), tol, worst_.other)) << "loglik0";
      EXPECT_TRUE(test::near(fit->loglik, std::stod(f[5]), tol, worst_.other)) << "loglik";
      EXPECT_TRUE(test::near(fit->likelihood_ratio.statistic, std::stod(f[6]), tol, worst_.other));
      EXPECT_TRUE(test::near(fit->wald.statistic, std::stod(f[7]), tol, worst_.other));
      EXPECT_TRUE(test::near(fit->score.statistic, std::stod(f[8]), tol, worst_.other));
      if (options.stratify_by_site) {
        EXPECT_EQ(fit->concordance.concordant, std::stod(f[9]));
        EXPECT_EQ(fit->concordance.discordant, std::stod(f[10]));
        EXPECT_EQ(fit->concordance.tied_x, std::stod(f[11]));
        EXPECT_TRUE(test::near(fit->concordance.value, std::stod(f[12]), 1e-12, worst_.other));
      } else {
        EXPECT_TRUE(fit->concordance.approximate);
        EXPECT_TRUE(test::near(fit->concordance.value, std::stod(f[12]), 2e-3, worst_concordance_));
      }
      std::size_t j = 0;
      for (const auto& row : coefs) {
        if (row[0] != f[0] || row[1] != f[1]) continue;
        ASSERT_LT(j, fit->coefficients.size());
        const CoxCoefficient& k = fit->coefficients[j++];
        SCOPED_TRACE(k.name);
        EXPECT_EQ(k.name, row[2]);
        EXPECT_TRUE(test::near(k.coef, std::stod(row[3]), tol, worst_.coefficient));
        EXPECT_TRUE(test::near(k.se, std::stod(row[4]), tol, worst_.std_error));
        EXPECT_TRUE(test::near(k.z, std::stod(row[5]), tol, worst_.other));
        EXPECT_TRUE(test::near(k.p_value, std::stod(row[6]), tol, worst_.other));
        EXPECT_TRUE(test::near(k.lower, std::stod(row[7]), tol, worst_.other));
        EXPECT_TRUE(test::near(k.upper, std::stod(row[8]), tol, worst_.other));
      }
      EXPECT_EQ(j, fit->coefficients.size());
    }
  }

  // The synthetic cohort over `site_count` sites: `rhs` of age, sex, stage (dropdown) and
  // recurrence (yesno).
  void synth_case(std::uint64_t site_count, const std::string& rhs = "age_dx + sex + stage_group") {
    auto tables = test::synth_sites(site_count);
    ASSERT_EQ(tables.size(), site_count);
    // The site index as a column, so R can form strata(site) from the pooled CSV.
    for (std::size_t k = 0; k < tables.size(); ++k) {
      analytics::StudyColumn site;
      site.name = "site";
      site.type = analytics::ValueType::numeric;
      site.numbers.assign(tables[k].rows(), static_cast<double>(k + 1));
      tables[k].columns.push_back(std::move(site));
    }
    CoxCase c;
    c.csv = test::pooled_csv(tables, {"survival_days", "event", "site", "age_dx", "sex", "stage_group", "recurrence"},
                             fmt::format("cox_synth_{}", site_count));
    c.rhs = rhs;
    c.time = "survival_days";
    c.event = "event";
    c.site = "site";
    c.factors = "sex=1,2;stage_group=1,2,3,4";
    compare(tables, c);
  }

  test::Agreement worst_;
  double worst_concordance_ = 0;
};

TEST_F(CoxROracle, SynthCohortOverThreeSites) { synth_case(3); }

TEST_F(CoxROracle, SynthCohortOverFiveSites) { synth_case(5); }

// recurrence is a yesno field: R's 0/1 number "recurrence" (reference No). Stage III as
// the reference: R's relevel(factor(stage_group), ref = "3").
TEST_F(CoxROracle, SynthYesNoAndRelevelledStageOverThreeSites) {
  synth_case(3, "age_dx + recurrence + relevel(stage_group, \"3\")");
}

TEST_F(CoxROracle, LungSplitByInstitution) {
  CoxCase c;
  c.csv = test::r_dataset_csv("lung");
  const auto tables = test::csv_sites(c.csv, "inst", {{"ph.ecog", {"0", "1", "2", "3"}}});
  EXPECT_EQ(tables.size(), 19u);  // 18 institutions + the patient without one
  c.rhs = "age + sex + ph.ecog + wt.loss";
  c.time = "time";
  c.event = "status";
  c.event_code = 2;
  c.site = "inst";
  c.factors = "ph.ecog=0,1,2,3";
  compare(tables, c);
}

TEST_F(CoxROracle, ColonDeathsSplitByExtent) {
  CoxCase c;
  c.csv = test::r_dataset_csv("colon");
  // obstruct (and perfor, adhere) as REDCap yesno fields: the term R gives for 0/1 numbers.
  const auto tables = test::csv_sites(c.csv, "extent", {{"rx", {"Obs", "Lev", "Lev+5FU"}}}, kColonYesNo);
  EXPECT_EQ(tables.size(), 4u);
  c.rhs = "rx + sex + age + obstruct + nodes";
  c.time = "time";
  c.event = "status";
  c.site = "extent";
  c.factors = "rx=Obs,Lev,Lev+5FU";
  c.subset = "etype == 2";
  c.filter = "etype = 2";
  compare(tables, c);
}

TEST_F(CoxROracle, ColonRelevelledDifferentiationSplitByExtent) {
  CoxCase c;
  c.csv = test::r_dataset_csv("colon");
  // perfor a yesno field, adhere a truefalse field (reference False, term "adhere").
  const auto tables = test::csv_sites(c.csv, "extent", {{"rx", {"Obs", "Lev", "Lev+5FU"}}, {"differ", {"1", "2", "3"}}},
                                      {"perfor"}, {"adhere"});
  c.rhs = "rx + relevel(differ, ref = \"3\") + perfor + adhere + nodes";
  c.time = "time";
  c.event = "status";
  c.site = "extent";
  c.factors = "rx=Obs,Lev,Lev+5FU;differ=1,2,3";
  c.subset = "etype == 2";
  c.filter = "etype = 2";
  compare(tables, c);
}

TEST_F(CoxROracle, GbsgSplitByGrade) {
  CoxCase c;
  c.csv = test::r_dataset_csv("gbsg");
  const auto tables = test::csv_sites(c.csv, "grade", {});
  EXPECT_EQ(tables.size(), 3u);
  c.rhs = "age + meno + size + nodes + pgr + er + hormon";
  c.time = "rfstime";
  c.event = "status";
  c.site = "grade";
  compare(tables, c);
}

}  // namespace
}  // namespace oncoshare::models
