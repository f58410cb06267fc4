// The true statistical models behind the cohort, so analyses can be checked against known
// answers: a proportional-hazards survival model with a Weibull baseline, independent
// censoring, and a logistic model for the binary treatment outcome.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "synth/cancer_catalog.hpp"

namespace oncoshare::synth {

// Centre and scale of age in both models: covariate = (age_dx - 60) / 10.
inline constexpr double kAgeCentre = 60.0;
inline constexpr double kAgeScale = 10.0;

// What the models condition on, as recorded in the export (age_dx is the integer calc).
struct Covariates {
  int age_dx = 0;
  bool male = false;
  int stage = 1;  // 1..4 (I..IV); I is the reference level
  int grade = 1;  // 1..4 (G1..G4); G1 is the reference level
  Cancer cancer = Cancer::breast;  // breast is the reference level
  std::size_t site = 0;            // 0-based; site 1 is the reference level
};

struct CoxModel {
  double weibull_shape = 1.2;        // baseline cumulative hazard H0(t) = (t / scale)^shape
  double weibull_scale_years = 22.0;
  double age_per_10y = 0.35;
  double male = 0.15;
  std::array<double, 4> stage{0.0, 0.5, 1.1, 2.0};
  std::array<double, 4> grade{0.0, 0.2, 0.45, 0.6};
  std::array<double, kCancerCount> cancer{0.0, 0.8, 0.35, -0.4};
  std::vector<double> site;          // per-site log-hazard effect; site[0] = 0
};

struct LogisticModel {
  double intercept = 1.0;
  double age_per_10y = -0.2;
  std::array<double, 4> stage{0.0, -0.5, -1.0, -1.8};
  std::array<double, 4> grade{0.0, -0.2, -0.5, -0.7};
  std::vector<double> site;          // per-site log-odds effect; site[0] = 0
};

struct CohortModel {
  CoxModel cox;
  LogisticModel logistic;
  double loss_rate_per_year = 0.03;  // independent loss to follow-up (exponential)
  std::vector<double> site_share;    // relative size of each site
};

// The model for `sites` sites; site effects and sizes are drawn from `seed`.
[[nodiscard]] CohortModel make_model(std::uint64_t seed, std::size_t sites);

// Linear predictors (log hazard ratio, log odds).
[[nodiscard]] double log_hazard(const CoxModel& model, const Covariates& x);
[[nodiscard]] double log_odds(const LogisticModel& model, const Covariates& x);

// Splits `patients` over sites in proportion to `shares` (largest remainder), exactly.
[[nodiscard]] std::vector<std::uint64_t> split_patients(std::uint64_t patients,
                                                        const std::vector<double>& shares);

}  // namespace oncoshare::synth
